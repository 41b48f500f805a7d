"""A link that previews itself and a badge to embed (issue 24): Open Graph and Twitter tags on the instance
pages, the rankings and the overview, an image drawn on the server from the latest official result, and a
badge (SVG and PNG) that never shows a press figure or a draft, all public, cached and compressed."""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from indices.models import Score, Source

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def png(response) -> Image.Image:
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize(
    ("path", "image"),
    [
        ("/wilayah/62/", "/pratinjau/62.png"),
        ("/wilayah/63.11/", "/pratinjau/63.11.png"),
        ("/instansi/kemenkeu/", "/pratinjau/kemenkeu.png"),
        ("/peringkat/", "/pratinjau/peringkat.png"),
        ("/", "/pratinjau/ikhtisar.png"),
    ],
)
def test_shared_pages_carry_open_graph_and_twitter_tags_with_their_image(client, published, path, image):
    tags = meta(english(client).get(path).content.decode())
    assert tags["og:image"] == tags["twitter:image"] == image
    assert tags["og:url"] == path and tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:description"].startswith("SPBE index 20")
    assert client.get(image).status_code == 200


def test_the_tags_are_absolute_on_the_configured_address(client, published, settings):
    settings.SITE_URL = "https://spbe.example.go.id"
    tags = meta(client.get("/wilayah/62/").content.decode())
    assert tags["og:image"] == "https://spbe.example.go.id/pratinjau/62.png"
    assert tags["og:url"] == "https://spbe.example.go.id/wilayah/62/"


def test_the_region_page_says_its_answer_in_its_description(client, published):
    tags = meta(english(client).get("/wilayah/62/").content.decode())
    assert tags["og:title"] == "Kalimantan Tengah"
    assert tags["og:description"] == "SPBE index 2024: 2.87, Baik. Official publication (KemenPANRB)."


def test_the_open_graph_image_of_kalimantan_tengah_holds_its_latest_official_index(client, published):
    image = png(client.get("/pratinjau/62.png"))
    assert image.size == (1200, 630)
    # Not the press's 2025 figure (3,41), which the page shows beside the result.
    described = image.text["Description"]
    assert described.startswith("Kalimantan Tengah: ") and "2024, 2,87, Baik" in described
    assert "3,41" not in described and "2025" not in described
    english_image = png(english(client).get("/pratinjau/62.png"))
    assert english_image.text["Description"] == (
        "Kalimantan Tengah: SPBE index 2024, 2.87, Baik (Official publication (KemenPANRB))"
    )
    # Drawn, not blank: the brand's band, the figure and the trend line leave many colours.
    assert len(image.getcolors(maxcolors=1_000_000)) > 50


def test_the_image_changes_with_the_data_version(client, published):
    before = english(client).get("/pratinjau/62.png")
    score = Score.objects.official().get(instance_id="62", year=2024)
    score.value, score.unrounded_value = Decimal("3.55"), None
    score.save()
    after = client.get("/pratinjau/62.png")
    assert png(after).text["Description"].startswith("Kalimantan Tengah: SPBE index 2024, 3.55, Sangat Baik")
    assert before["ETag"] != after["ETag"]


@pytest.fixture
def press_and_draft(published):
    """A press figure and a self-assessment of Kalimantan Tengah, both newer than its official 2024 result."""
    source = Source.objects.create(title="Berita daerah", document="x", kind="press")
    Score.objects.create(instance_id="62", year=2026, value=Decimal("4.90"), status="reported", source=source)
    Score.objects.create(
        instance_id="62", year=2026, value=Decimal("4.80"), status="self_assessed", source=source
    )


def test_the_badge_shows_no_press_or_draft_figure(client, press_and_draft):
    svg = english(client).get("/lencana/62.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    text = svg.content.decode()
    assert "SPBE index 2024" in text and "2.87 Baik" in text
    for figure in ("3.41", "4.90", "4.80", "2025", "2026"):
        assert figure not in text
    assert 'role="img"' in text and "<title>Kalimantan Tengah: SPBE index 2024: 2.87 Baik</title>" in text
    badge = png(client.get("/lencana/62.png"))
    assert (
        badge.size[1] == 56 and "2.87" in badge.text["Description"] and "4.9" not in badge.text["Description"]
    )


def test_badges_and_previews_are_cached_by_data_version_and_compressed(client, published):
    first = client.get("/lencana/62.svg", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"]
    assert client.get("/lencana/62.svg", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    preview = client.get("/pratinjau/62.png")
    assert client.get("/pratinjau/62.png", HTTP_IF_NONE_MATCH=preview["ETag"]).status_code == 304
    assert "Set-Cookie" not in preview


@pytest.mark.parametrize("path", ["/lencana/99.svg", "/lencana/99.png", "/pratinjau/99.png"])
def test_a_code_without_a_result_has_no_badge_or_preview(client, published, path):
    assert client.get(path).status_code == 404


def test_the_instance_page_gives_the_snippet_and_says_what_the_badge_shows(client, published):
    html = english(client).get("/wilayah/62/").content.decode()
    section = html.split('id="badge"', 1)[1].split("</section>", 1)[0]
    assert "latest official SPBE index of Kalimantan Tengah" in section
    assert "changes by itself when a newer official result is published" in section
    assert '<img src="/lencana/62.svg" alt="Kalimantan Tengah: SPBE index 2024, 2.87, Baik"' in section
    assert (
        '&lt;a href="/wilayah/62/"&gt;&lt;img src="/lencana/62.svg" alt="Kalimantan Tengah: SPBE' in section
    )
    assert 'href="/lencana/62.png"' in section
