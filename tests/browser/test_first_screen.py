"""Pages lead with the answer (issue 24): at a desktop's and a phone's first screen, the overview shows the
national figure and its trend chart, and a region's or agency's page its headline."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import in_language, open_settled

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


# The share of a page's visible text, by characters, set under 14 px (charts' SVG text included).
SMALL_TEXT = """() => {
  let small = 0, all = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement, text = node.textContent.trim();
    if (!text || !element || element.closest("script, style, .visually-hidden, [hidden]")) continue;
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden") continue;
    all += text.length;
    if (parseFloat(getComputedStyle(element).fontSize) < 14) small += text.length;
  }
  return small / all;
}"""


@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("path", ["/", "/wilayah/62/", "/peringkat/"])
def test_public_pages_set_almost_no_text_under_14_px(watched_page, live_server, published, width, path):
    page = watched_page
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    open_settled(page, live_server.url + path)
    share = page.evaluate(SMALL_TEXT)
    assert share <= 0.005, f"{share:.1%} of the text under 14 px"
