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


def test_a_phone_sees_rank_name_and_index_of_the_ranking_and_reaches_the_rest(
    watched_page, live_server, published
):
    """The rankings at 375 px used to show no score at all: now rank, name and index come first and show;
    the predicate starts beside them, and the other columns are a swipe or an arrow key away."""
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/peringkat/")
    region = page.locator("#ranking-region")
    right = region.bounding_box()["x"] + region.bounding_box()["width"]
    for column in ("rank", "name", "value"):
        header = page.locator(f"#ranking th:has(#sort-ranking-{column})").bounding_box()
        assert header["x"] + header["width"] <= right + 1, column
    assert page.locator("#ranking th:has(#sort-ranking-predicate)").bounding_box()["x"] < right - 40
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    # It scrolls smoothly: wait for it.
    page.wait_for_function("() => document.querySelector('#ranking-region').scrollLeft > 0")
    assert page.problems == []
