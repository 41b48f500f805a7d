"""Public pages are rendered once per data version, answer conditional GETs with 304 and travel compressed."""

import gzip
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import DataVersion, Instance, Score

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/wilayah/63/",
    "/wilayah/63.11/",
    "/instansi/kemenkeu/",
    "/peringkat/",
    "/bandingkan/?wilayah=62",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_is_rendered_once_then_served_from_the_cache_in_one_query(client, published, path):
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second.content == first.content
    assert len(queries) == 1  # the data version


@pytest.mark.parametrize("path", PAGES)
def test_a_conditional_get_of_an_unchanged_page_answers_304(client, published, path):
    etag = client.get(path)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and len(queries) == 1


def test_pages_travel_compressed_to_browsers_that_accept_it(client, published):
    plain = client.get("/peringkat/")
    zipped = client.get("/peringkat/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 4
    assert "Accept-Encoding" in zipped["Vary"] and "Cookie" in zipped["Vary"]


def test_an_xlsx_download_is_cached_but_not_compressed_again(client, published):
    response = client.get("/peringkat/", {"_export": "xlsx"}, HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding")
    assert response["Content-Disposition"] == 'attachment; filename="peringkat-spbe-2024.xlsx"'
    assert client.get("/peringkat/", {"_export": "xlsx"}).content == response.content


def test_a_write_in_the_admin_shows_at_once(admin_client, client, published):
    etag = client.get("/wilayah/62/")["ETag"]
    score = Score.objects.official().get(instance_id="62", year=2018)  # a result without domain values
    data = {"instance": "62", "year": "2018", "value": "2,80", "status": "final", "source": score.source_id,
            "note": "", "node_values-TOTAL_FORMS": 0, "node_values-INITIAL_FORMS": 0,
            }  # fmt: skip
    assert admin_client.post(f"/admin/indices/score/{score.pk}/change/", data).status_code == 302
    response = client.get("/wilayah/62/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert response.context["history"][-1]["value"] == Decimal("2.80")


def test_an_import_advances_the_version(client, published, tmp_path):
    before = DataVersion.current()
    path = tmp_path / "hasil.csv"
    path.write_text("kode,tahun,indeks,sumber\n62,2026,3.50,Berita uji\n", encoding="utf-8")
    call_command("import_scores", str(path), stdout=StringIO())
    assert DataVersion.current() > before


def test_a_deletion_in_the_admin_advances_the_version(admin_client, published):
    score = Score.objects.get(instance_id="62", year=2025)
    before = DataVersion.current()
    response = admin_client.post(f"/admin/indices/score/{score.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Score.objects.filter(pk=score.pk).exists()
    assert DataVersion.current() > before


def test_each_language_has_its_own_copy(client, published):
    indonesian = client.get("/")
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert (
        "ikhtisar nasional" in indonesian.content.decode() and "national overview" in english.content.decode()
    )
    assert indonesian["ETag"] != english["ETag"]


def test_public_pages_set_no_cookie_and_carry_no_token(client, published):
    response = client.get("/")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_language_switch_works_without_a_token(client, published):
    client.handler.enforce_csrf_checks = True
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_missing_page_is_not_cached(client, published):
    assert client.get("/wilayah/99/").status_code == 404
    assert not client.get("/wilayah/99/").has_header("ETag")


def test_an_instance_saved_elsewhere_changes_the_version(published):
    before = DataVersion.current()
    Instance.objects.filter(code="kemenkeu").first().save()
    assert DataVersion.current() == before + 1


@pytest.mark.parametrize("path", ["/", "/api/v1/national/", "/peringkat/?_export=csv"])
def test_a_cached_answer_carries_the_headers_of_a_fresh_one(client, published, path):
    fresh = client.get(path)
    cached = client.get(path)
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Content-Disposition", "ETag", "Vary", "Cache-Control",
                   "Content-Security-Policy", "Permissions-Policy"):  # fmt: skip
        assert cached.get(header) == fresh.get(header), header
    assert fresh["X-Frame-Options"] == "DENY" and cached.content == fresh.content
    assert "script-src 'self'" in cached["Content-Security-Policy"]
    assert "camera=()" in cached["Permissions-Policy"]


def test_the_admin_is_never_served_from_the_page_cache(admin_client, published):
    first = admin_client.get("/admin/indices/score/")
    assert first.status_code == 200 and not first.has_header("ETag")
    assert "csrfmiddlewaretoken" in admin_client.get("/admin/indices/score/add/").content.decode()
