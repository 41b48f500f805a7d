"""The page cache cannot be filled by strangers or poisoned through the Host header (issue 18, findings 4
and 7), and no public parameter, however hostile, answers 500 (finding 10)."""

import secrets

import pytest
from django.core.cache import caches

from indices.workspace.models import Evidence, IndicatorLevel, Recommendation


def keys() -> int:
    return len(caches["default"]._cache)  # the local-memory cache of a single-server run


@pytest.mark.parametrize("path", ["/unduh/data.csv", "/api/v1/instances/", "/", "/peringkat/"])
def test_unknown_parameters_are_redirected_away_and_add_no_cache_entry(client, published, path):
    assert client.get(path).status_code == 200
    before = keys()
    for _ in range(500):
        junk = secrets.token_hex(8)
        response = client.get(path, {"x": junk, junk: "1"})
        assert (response.status_code, response["Location"]) == (302, path)
    assert keys() == before


def test_known_parameters_keep_their_values_and_drop_the_rest(client, published):
    response = client.get("/peringkat/?utm_source=wa&tahun=2024&jenis=kota&fbclid=x")
    assert (response.status_code, response["Location"]) == (302, "/peringkat/?tahun=2024&jenis=kota")


def test_one_answer_is_kept_however_a_link_orders_its_parameters(client, published):
    client.get("/peringkat/?tahun=2024&jenis=kota")
    before = keys()
    assert client.get("/peringkat/?jenis=kota&tahun=2024").status_code == 200
    assert keys() == before


def test_a_search_is_served_but_never_kept(client, published):
    before = keys()
    for word in ("kapuas", "balangan", "paser"):
        assert client.get("/cari/", {"q": word}).status_code in (200, 302)
    assert keys() == before


def test_the_api_never_links_to_the_host_a_request_named(client, published):
    forged = client.get("/api/v1/instances/", HTTP_HOST="127.0.0.1:1").json()
    assert "127.0.0.1:1" not in str(forged)
    honest = client.get("/api/v1/instances/").json()
    assert honest["next"] == "/api/v1/instances/?page=2" and "127.0.0.1:1" not in str(honest)


def test_with_a_site_url_the_api_links_are_absolute_on_it(client, published, settings):
    settings.SITE_URL = "https://spbe.example.go.id"
    answer = client.get("/api/v1/instances/", {"page": "2"}, HTTP_HOST="127.0.0.1:1").json()
    assert answer["next"] == "https://spbe.example.go.id/api/v1/instances/?page=3"
    assert answer["previous"] == "https://spbe.example.go.id/api/v1/instances/"
    assert answer["results"][0]["page"].startswith("https://spbe.example.go.id/")


def test_a_workspace_save_leaves_the_public_cache_warm(client, published):
    from indices.models import Framework, FrameworkNode
    from indices.workspace.models import Assessment

    client.get("/wilayah/62.03/")
    etag = client.get("/wilayah/62.03/")["ETag"]
    framework = Framework.objects.get(slug="spbe-2020")
    assessment = Assessment.objects.create(instance_id="62.03", year=2025, framework=framework)
    node = framework.nodes.filter(level=FrameworkNode.Level.INDICATOR).first()
    level = IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=3)
    Evidence.objects.create(level=level, title="SK", link="https://example.org/sk.pdf", supports_level=2)
    Recommendation.objects.create(assessment=assessment, node=node, text="Tetapkan SK")
    assert client.get("/wilayah/62.03/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_published_change_makes_the_pages_fresh(client, published):
    from indices.models import Score

    etag = client.get("/wilayah/62.03/")["ETag"]
    score = Score.objects.official().get(instance_id="62.03", year=2024)
    score.note = "Diperbarui"
    score.save()
    assert client.get("/wilayah/62.03/", HTTP_IF_NONE_MATCH=etag).status_code == 200
