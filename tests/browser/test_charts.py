"""Charts as an official meets them in a browser: captioned figures with no Plotly toolbar and nothing fetched
from outside, their room kept before they are drawn, a phone's own form, and PNGs that say what they are."""

import struct

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

AXE = "/static/vendor/axe-core-4.14.1.min.js"
COMPARED = "/bandingkan/?wilayah=62&wilayah=63.11&wilayah=kemenkeu"
PAGES = {
    "overview": "/",
    "province": "/wilayah/62/",
    "regency": "/wilayah/63.11/",
    "compare": COMPARED,
}
# The first chart of each page downloads under a name that says what, where and when.
FIRST_PNG = {
    "overview": "spbe-tren-nasional-2018-2024.png",
    "province": "spbe-tren-kalimantan-tengah-2018-2025.png",
    "regency": "spbe-tren-kabupaten-balangan-2018-2024.png",
    "compare": "spbe-perbandingan-kalimantan-tengah-kabupaten-balangan-kementerian-keuangan-2018-2024.png",
}
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) total += e.value; }))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def in_language(page, live_server, language):
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="EN").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def assert_charts_are_captioned_figures(page):
    """Every chart drawn as a figure whose caption says what it shows, its plot hidden from assistive
    technology and holding no control; no Plotly mode bar anywhere."""
    plots = page.locator("[data-figure]")
    assert plots.count() > 0
    expect(page.locator("[data-drawn]")).to_have_count(plots.count())
    expect(page.locator(".modebar, .modebar-group, .modebar-btn")).to_have_count(0)
    expect(page.locator(".modebar-container *")).to_have_count(0)  # plotly.js's empty holder, no more
    for plot in plots.all():
        figure = plot.locator("xpath=ancestor::figure[1]")
        expect(figure.locator("figcaption .chart-summary")).to_have_count(1)
        expect(figure.locator("figcaption .chart-summary")).not_to_be_empty()
        expect(plot).to_have_attribute("aria-hidden", "true")
        expect(plot.locator("a, button, input, select, textarea, [tabindex]")).to_have_count(0)
        expect(plot.locator(".chart-space")).to_have_count(0)  # the placeholder gave way to the plot
        expect(figure.locator("button[data-download-png]")).to_have_count(1)  # outside the plot
    # axe-core (vendored) over the figures: each chart used to be an image holding the toolbar's buttons,
    # a nested-interactive violation.
    page.add_script_tag(url=AXE)
    violations = page.evaluate(
        "async () => (await axe.run({include: ['figure.chart-card']}, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations.map(v => v.id)"
    )
    assert violations == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_charts_are_captioned_figures_without_plotlys_toolbar_or_outside_requests(
    watched_page, live_server, published, screenshot, name, language
):
    page = watched_page
    in_language(page, live_server, language)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + PAGES[name])
        assert_charts_are_captioned_figures(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"charts-{name}-{language}", width)
    assert page.problems == []


@pytest.mark.parametrize("width", [1280, 375])
def test_charts_keep_their_room_so_nothing_moves_when_they_are_drawn(
    watched_page, live_server, published, width
):
    page = watched_page
    # Tall enough that every chart is in view: a shift counts only where it is seen.
    page.set_viewport_size({"width": width, "height": 3000})
    for path in ("/", "/wilayah/62/"):
        page.goto(live_server.url + path)
        expect(page.locator("[data-drawn]")).to_have_count(page.locator("[data-figure]").count())
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, path  # 0.17 to 0.28 without the room kept
    assert page.problems == []


@pytest.mark.parametrize("name", PAGES)
def test_the_png_button_downloads_a_chart_named_for_what_it_shows_with_a_heading(
    watched_page, live_server, published, tmp_path, name
):
    page = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + PAGES[name])
    expect(page.locator("[data-drawn]")).to_have_count(page.locator("[data-figure]").count())
    plot_height = page.evaluate(
        "JSON.parse(document.getElementById(document.querySelector('[data-figure]').dataset.figure)"
        ".textContent).layout.height"
    )
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh PNG").first.click()
    assert download.value.suggested_filename == FIRST_PNG[name]
    path = tmp_path / "chart.png"
    download.value.save_as(path)
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width == 2400  # 1200 px at twice the scale, for print
    assert height > 2 * (plot_height + 60)  # the heading, the source and the portal above the plot
    assert page.problems == []


def test_the_tile_map_folds_for_a_phone_and_unfolds_when_the_screen_widens(
    watched_page, live_server, published
):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(live_server.url + "/")
    tiles = page.locator("#plot-tiles")
    expect(tiles).to_have_attribute("data-drawn", "true")
    expect(tiles).to_have_attribute("data-form", "narrow")
    # Labels kept on a phone: each province's code, where its short name would not fit at 14 px.
    expect(tiles.locator("text", has_text="62")).to_have_count(1)
    expect(tiles.locator("text", has_text="KALTENG")).to_have_count(0)
    narrow_height = tiles.bounding_box()["height"]
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(tiles).to_have_attribute("data-form", "wide")
    expect(tiles.locator("text", has_text="KALTENG")).to_have_count(1)
    assert tiles.bounding_box()["height"] < narrow_height
    expect(page.locator(".chart-legend li")).to_have_count(6)  # five predicates and "no score"
    assert page.problems == []


# Each tile's label with its font size and whether its box lies inside its tile (shapes and labels are
# drawn in the provinces' order).
TILE_LABELS = """() => {
  const plot = document.querySelector("#plot-tiles");
  const tiles = [...plot.querySelectorAll(".shapelayer path")].map((path) => path.getBoundingClientRect());
  return [...plot.querySelectorAll(".textpoint text")].map((text, index) => {
    const box = text.getBoundingClientRect(), tile = tiles[index];
    return {
      label: text.textContent,
      size: parseFloat(getComputedStyle(text).fontSize),
      inside: box.left >= tile.left && box.right <= tile.right && box.top >= tile.top && box.bottom <= tile.bottom,
    };
  });
}"""


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_the_tile_labels_are_14_px_at_least_and_stay_inside_their_tiles(
    watched_page, live_server, published, width
):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.locator("#plot-tiles")).to_have_attribute("data-drawn", "true")
    labels = page.evaluate(TILE_LABELS)
    assert len(labels) == 38
    assert [label for label in labels if label["size"] < 14] == []
    assert [label for label in labels if not label["inside"]] == []
    # A desktop has room for the short names; a phone writes each province's code (the name is in the table).
    assert ("KALTENG" in [label["label"][:7] for label in labels]) == (width == 1280)
    assert page.problems == []


def test_a_single_result_is_drawn_as_a_measure_not_a_block(watched_page, live_server, published):
    from indices.models import Score

    # Kalimantan Timur's regencies and cities of 2022, but for Kabupaten Paser (2.13), left out.
    Score.objects.filter(year=2022, instance__region__province_id="64").exclude(instance_id="64.01").delete()
    page = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/wilayah/64/?tahun=2022")
    bars = page.locator("#plot-children")
    expect(bars).to_have_attribute("data-drawn", "true")
    assert bars.bounding_box()["height"] < 120
    expect(bars.locator("text.bartext")).to_have_text(["2,13 Cukup"])
    assert page.problems == []
