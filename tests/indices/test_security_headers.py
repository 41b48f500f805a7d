"""Every answer carries a strict Content-Security-Policy and a Permissions-Policy; public pages, downloads
and the API answer GET and HEAD only. (That pages really keep to the policy is for the browser to show:
tests/browser/test_csp.py.)"""

import json
import re

import pytest

from indices.formatting import badge, badge_stylesheet
from indices.models import Band

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/?tahun=2023",
    "/peringkat/",
    "/bandingkan/",
    "/bandingkan/?wilayah=62&wilayah=63.11",
    "/wilayah/62/",
    "/wilayah/63.11/",
    "/instansi/kemenkeu/",
    "/cari/?q=bandung",
]
DOWNLOADS = [
    "/unduh/data.csv",
    "/unduh/data.xlsx",
    "/peringkat/?_export=csv",
    "/wilayah/62/?_export=xlsx",
    "/cari/tempat.json",
]
API = ["/api/v1/", "/api/v1/national/", "/api/v1/scores/?year=2024", "/api/v1/schema/"]
DOCS = ["/api/v1/docs/", "/api/v1/docs/?script="]
UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]
# plotly.js's pseudo-HTML tags that it draws with a style attribute (<br> it draws without).
STYLED_MARKUP = re.compile(r"<(b|i|em|s|u|sup|sub|a|span)\b", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_policies(response, images=("'self'", "blob:")):
    assert policy(response) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": list(images),
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert "unsafe" not in response["Content-Security-Policy"]
    permissions = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()", feature


# Headers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES + DOWNLOADS + API + ["/predikat.css"])
def test_every_public_answer_carries_a_strict_csp_and_a_permissions_policy(client, published, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_policies(response)


@pytest.mark.parametrize("path", DOCS)
def test_the_api_docs_add_only_data_images_for_swagger_uis_icons(client, published, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_policies(response, images=("'self'", "blob:", "data:"))


@pytest.mark.parametrize("path", ["/", "/wilayah/63.11/", "/unduh/data.csv", "/api/v1/national/"])
def test_a_cached_answer_and_a_304_carry_the_policies_too(client, published, path):
    fresh = client.get(path)
    cached = client.get(path)
    not_modified = client.get(path, HTTP_IF_NONE_MATCH=fresh["ETag"])
    assert not_modified.status_code == 304
    for response in (fresh, cached, not_modified):
        assert_policies(response)
    assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]
    assert cached["Permissions-Policy"] == fresh["Permissions-Policy"]


def test_the_admin_a_missing_page_and_a_refused_method_carry_the_policies(admin_client, client, published):
    for response in (
        admin_client.get("/admin/"),
        admin_client.get("/admin/indices/score/"),
        client.get("/admin/login/"),
        client.get("/wilayah/99/"),
        client.post("/"),
    ):
        assert_policies(response)


# Methods -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", UNSAFE_METHODS)
@pytest.mark.parametrize("path", PAGES + DOWNLOADS + ["/predikat.css"])
def test_public_pages_and_downloads_answer_other_methods_with_405(client, published, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.content == b""  # not the page


@pytest.mark.parametrize("method", UNSAFE_METHODS)
@pytest.mark.parametrize("path", API + DOCS)
def test_the_api_answers_other_methods_with_405(client, published, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/", "/wilayah/62/", "/unduh/data.csv", "/api/v1/national/"])
def test_head_answers_like_get_without_a_body(client, published, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == client.get(path)["Content-Type"]


def test_a_cors_preflight_to_the_api_is_still_answered(client, published):
    response = client.options(
        "/api/v1/scores/", HTTP_ORIGIN="https://data.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_the_language_switch_still_takes_a_post(client, published):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/peringkat/"})
    assert response.status_code == 302 and response["Location"] == "/peringkat/"
    assert_policies(response)


# Badges without inline styles ----------------------------------------------------------------------------


def test_a_badge_names_its_colour_by_class_not_by_style_attribute():
    assert badge("Baik", "#FEE08B") == '<span class="predicate-badge predicate-fee08b">Baik</span>'
    assert badge("Baik", None) == '<span class="predicate-badge">Baik</span>'
    assert badge(None, "#fee08b") == "—"


def test_the_badge_stylesheet_gives_each_colour_its_background_and_legible_text():
    css = badge_stylesheet(["#d73027", "#FEE08B", "#fee08b", None, "red;}body{display:none"])
    assert css == (
        ".predicate-badge.predicate-d73027 { background: #d73027; color: #ffffff; }\n"
        ".predicate-badge.predicate-fee08b { background: #fee08b; color: #1b1b1b; }\n"
    )


def test_the_predicate_stylesheet_holds_every_band_colour(client, frameworks):
    response = client.get("/predikat.css")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    for colour in Band.objects.values_list("colour", flat=True):
        assert f".predicate-{colour[1:].lower()} {{ background: {colour.lower()};" in css


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_no_inline_style_or_script(client, published, path):
    page = client.get(path).content.decode()
    assert "style=" not in page and "<style" not in page
    # A script is a file, or data for one (json_script), which a browser does not run.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert " src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("path", ["/", "/wilayah/62/", "/wilayah/63.11/", "/bandingkan/?wilayah=62"])
def test_figures_carry_no_text_markup_that_plotly_draws_with_a_style_attribute(client, published, path):
    page = client.get(path).content.decode()
    figures = re.findall(r'<script id="figure-[^"]+" type="application/json">(.*?)</script>', page)
    assert figures
    for figure in figures:
        text = json.dumps(json.loads(figure))
        assert not STYLED_MARKUP.search(text), STYLED_MARKUP.search(text)[0]


def test_a_javascript_url_stored_around_validation_is_shown_as_text_not_a_link(client, published):
    from indices.models import Source

    Source.objects.update(url="javascript:alert(document.domain)")  # no form would let it in
    for url in (
        "/wilayah/62/",
        "/wilayah/63.11/",
        "/peringkat/?tahun=2024&jenis=provinsi",
        "/instansi/kemenkeu/",
    ):
        page = client.get(url).content.decode()
        assert "javascript:" not in page, url
        assert "Laporan Pelaksanaan Evaluasi SPBE" in page, url  # the source is still named
