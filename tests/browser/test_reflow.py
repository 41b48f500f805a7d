"""Reflow (WCAG 1.4.10, issue 13): at 320 px, which is 1280 px at 400 % zoom, no public page scrolls sideways
and the header's controls all stay on the screen; wide tables scroll inside their own box, key columns first."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import PAGES, in_language, open_settled, problems_but_the_404_asked_for

pytestmark = pytest.mark.django_db(transaction=True)

# What sticks out past the right edge, outside any box that scrolls on its own: the reason a page scrolls.
STICKING_OUT = """(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .filter((element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX)) return false;
    }
    return true;
  })
  .map((element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
       (element.className && element.className.baseVal === undefined ? "." + element.className : ""))
  .slice(0, 10)"""


@pytest.mark.parametrize("name", PAGES)
def test_no_public_page_scrolls_sideways_at_320_px(watched_page, live_server, published, name):
    page = watched_page
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 320, "height": 800})
    wide = {}
    for language in ("id", "en"):
        in_language(page, live_server, language)
        open_settled(page, live_server.url + PAGES[name])
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            wide[language] = (width, page.evaluate(STICKING_OUT, 320))
        if name != "api-docs":
            for control in page.locator("header a, header input:not([type=hidden]), header button").all():
                box = control.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, control.evaluate(
                    "e => e.outerHTML"
                )
        page.screenshot(path=SCREENSHOTS / f"public-{name}-{language}-320.png", full_page=True)
    assert not wide, f"{PAGES[name]} is wider than 320 px: {wide}"
    assert problems_but_the_404_asked_for(page, live_server.url + PAGES[name]) == []


# The ranking's table and its scrolling box: how wide the table is, and how wide the box shows it.
TABLE_IN_BOX = """() => {
  const region = document.querySelector("#ranking-region"), table = region.querySelector("table");
  return {table: table.scrollWidth, box: region.clientWidth, page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("width", [375, 320])
def test_the_compact_ranking_fits_a_phone_with_rank_name_index_predicate_and_change(
    watched_page, live_server, published, width
):
    """The compact view used to be 505 px wide, its predicates and changes a swipe away on a phone: now
    each index carries its predicate in its cell, and the four columns fit the screen."""
    page = watched_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/peringkat/")
    sizes = page.evaluate(TABLE_IN_BOX)
    assert sizes["table"] <= sizes["box"], sizes
    assert sizes["page"] == width, sizes
    region = page.locator("#ranking-region").bounding_box()
    for column in ("rank", "name", "value", "change"):
        header = page.locator(f"#ranking th:has(#sort-ranking-{column})").bounding_box()
        assert header["x"] >= region["x"] and header["x"] + header["width"] <= region["x"] + region["width"]
    first = page.locator("#ranking tbody tr").first
    expect(first.locator("td.num .predicate-badge")).to_have_text("Memuaskan")
    expect(first.locator("td.name")).to_have_text("Kementerian Komunikasi dan Informatika")
    # The short headers a phone shows (# and ±) leave the whole words to screen readers.
    table = page.locator("#ranking")
    expect(table.get_by_role("link", name="Peringkat", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Perubahan", exact=True)).to_be_visible()
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('#ranking th, #ranking td')]"
        ".map(cell => parseFloat(getComputedStyle(cell).fontSize))"
    )
    assert min(sizes) >= 14
    assert page.problems == []


def test_a_phone_reaches_every_column_of_the_ranking_by_swiping_or_by_the_arrow_keys(
    watched_page, live_server, published
):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/peringkat/?tampilan=lengkap")
    region = page.locator("#ranking-region")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") == 375
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    # It scrolls smoothly: wait for it.
    page.wait_for_function("() => document.querySelector('#ranking-region').scrollLeft > 0")
    assert page.problems == []
