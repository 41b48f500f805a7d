"""Pages lead with the answer (issue 24): at a desktop's and a phone's first screen, the overview shows the
national figure and its trend chart, and a region's or agency's page its headline; and no page, the report
card included, sets its text under 14 px."""

from datetime import date

import pytest
from playwright.sync_api import expect

from indices.models import Assignment
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import in_language, open_settled
from tests.conftest import account
from tests.workspace.test_report import BALANGAN, CARD, levels, recommend

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {1280: 800, 375: 740}
# How far down the page an element starts and ends, against the first screen's height.
PLACE = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {top: Math.round(box.top + window.scrollY), bottom: Math.round(box.bottom + window.scrollY),
          screen: window.innerHeight};
}"""


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", SCREENS)
def test_the_overview_shows_the_national_trend_chart_in_the_first_screen(
    watched_page, live_server, published, width, language
):
    page = watched_page
    in_language(page, live_server, language)
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    open_settled(page, live_server.url + "/")
    page.screenshot(path=SCREENSHOTS / f"first-screen-overview-{language}-{width}.png")
    place = page.evaluate(PLACE, "#plot-national")
    # The plot itself is in the first screen: whole on a desktop, its first 120 px at least on a phone.
    shown = min(place["bottom"], place["screen"]) - place["top"]
    assert shown >= (place["bottom"] - place["top"] if width == 1280 else 120), place
    assert page.problems == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("path", ["/wilayah/62/", "/wilayah/63.11/", "/instansi/kemenkeu/"])
def test_a_region_or_agency_page_shows_its_headline_in_the_first_screen(
    watched_page, live_server, published, width, language, path
):
    page = watched_page
    in_language(page, live_server, language)
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    open_settled(page, live_server.url + path)
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=SCREENSHOTS / f"first-screen-{name}-{language}-{width}.png")
    place = page.evaluate(PLACE, ".headline")
    assert place["bottom"] <= place["screen"], place
    headline = page.locator(".headline")
    expect(headline.locator(".headline-value")).not_to_be_empty()
    expect(headline.locator(".predicate-badge")).to_be_visible()
    expect(headline.locator(".headline-change")).not_to_be_empty()
    expect(headline.locator(".kpi-kind")).not_to_be_empty()
    # The headline's figure is the largest on the page's first screen.
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.kpi-value, .headline-value')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes[0] == max(sizes) and sizes.count(sizes[0]) == 1
    assert page.problems == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", SCREENS)
def test_the_rankings_first_rows_are_in_the_first_screen(
    watched_page, live_server, published, width, language
):
    page = watched_page
    in_language(page, live_server, language)
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    open_settled(page, live_server.url + "/peringkat/")
    page.screenshot(path=SCREENSHOTS / f"first-screen-rankings-{language}-{width}.png")
    place = page.evaluate(PLACE, "#ranking tbody tr")
    assert place["bottom"] <= place["screen"], place
    # Page 2 is a few Tab presses away, through the pager above the table.
    page.keyboard.press("Tab")
    presses = 1
    while presses < 40 and page.evaluate("document.activeElement.textContent.trim()") != "2":
        page.keyboard.press("Tab")
        presses += 1
    assert presses < 40
    assert (
        page.evaluate("document.activeElement.closest('.pagination').nextElementSibling.id")
        == "ranking-region"
    )
    assert page.problems == []


# The share of a page's visible text, by characters, set under 14 px (charts' SVG text included, at the
# size it is drawn: an SVG scaled to its box scales its text too), and the texts that are.
SMALL_TEXT = """() => {
  let small = 0, all = 0;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement, text = node.textContent.trim();
    if (!text || !element || element.closest("script, style, .visually-hidden, [hidden]")) continue;
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden") continue;
    all += text.length;
    const matrix = element instanceof SVGElement && element.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const size = parseFloat(getComputedStyle(element).fontSize) * scale;
    if (size < 13.95) {
      small += text.length;
      found.push(`${text.slice(0, 30)} (${size.toFixed(1)} px)`);
    }
  }
  return {share: small / all, small: found.slice(0, 12)};
}"""


@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("path", ["/", "/wilayah/62/", "/peringkat/"])
def test_public_pages_set_almost_no_text_under_14_px(watched_page, live_server, published, width, path):
    page = watched_page
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    open_settled(page, live_server.url + path)
    text = page.evaluate(SMALL_TEXT)
    assert text["share"] <= 0.005, f"{text['share']:.1%} of the text under 14 px: {text['small']}"


@pytest.mark.parametrize("width", SCREENS)
def test_the_report_card_sets_no_text_under_14_px_on_screen(watched_page, live_server, published, width):
    """The printable report card (a private workspace page) on screen; its print and PDF keep their own
    sizes, to hold on one A4 page."""
    account("operator", Assignment.Role.OPERATOR, BALANGAN)
    assessment = levels(2024, "4", i46="1", i36="2", i23="2")
    recommend(assessment, 23, "Tetapkan Perbup manajemen data dan walidata.", deadline=date(2025, 3, 31))
    page = watched_page
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    page.goto(f"{live_server.url}/admin/login/?next={CARD}")
    page.fill("#id_username", "operator")
    page.fill("#id_password", "a-long-test-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + CARD)
    text = page.evaluate(SMALL_TEXT)
    assert text["share"] == 0, f"{text['share']:.1%} of the text under 14 px: {text['small']}"
    assert page.problems == []
