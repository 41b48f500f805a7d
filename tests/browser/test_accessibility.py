"""Accessibility in a real browser (issue 13): every public page passes axe-core's WCAG 2.2 A and AA rules at
a desktop's and two phones' widths (1280, 375 and 320 px) in Indonesian and English, and what only a browser shows works from the
keyboard: the skip link, focus kept after a sort or a filter, the place search and the compare picker.

axe-core is vendored (static/vendor/axe-core-4.14.1.min.js) and served by the portal itself: the test needs
no network, and the page's Content-Security-Policy ('self') admits it as it admits the portal's own scripts.
"""

import pytest
from django.templatetags.static import static
from playwright.sync_api import expect

from tests.browser.conftest import EVERY_SCREENSHOT, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

AXE = "vendor/axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "overview": "/",
    "province": "/wilayah/62/",
    "regency": "/wilayah/63.11/",
    "city": "/wilayah/62.71/",
    "agency": "/instansi/kemenkeu/",
    "rankings": "/peringkat/",
    "rankings-domains": "/peringkat/?tampilan=domain",
    "compare": "/bandingkan/?wilayah=62&wilayah=64.01&wilayah=kemenkeu",
    "search": "/cari/?q=bandung",
    "api-docs": "/api/v1/docs/",
    "not-found": "/wilayah/99/",
}
# Every violation with what it breaks, where, and why, one line each.
AUDIT = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.flatMap((rule) => rule.nodes.map((node) =>
    `${rule.id} (${rule.impact}): ${rule.help} — at ${node.target.join(" ")} — ` +
    node.failureSummary.replace(/\\s+/g, " ").trim()));
}"""


def in_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def open_settled(page, url):
    """Open `url` and wait until what scripts draw is drawn (every chart, the API docs' operations) and no
    request is in flight: a request of this page still running while the next page opens would meet that
    page's requests in the live server's shared in-memory database ("table is locked"). Playwright's
    "networkidle" waits a further 500 ms of quiet on every page, which was a third of these tests' time."""
    _track_requests(page)
    response = page.goto(url)  # waits for the load event: scripts run, stylesheets and fonts in
    expect(page.locator("[data-drawn]")).to_have_count(page.locator("[data-figure]").count())
    if "/api/v1/docs/" in url:
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    for _ in range(500):
        if not page.in_flight:
            break
        page.wait_for_timeout(20)
    return response


def _track_requests(page):
    if not hasattr(page, "in_flight"):
        page.in_flight = set()
        page.on("request", lambda request: page.in_flight.add(request))
        page.on("requestfinished", lambda request: page.in_flight.discard(request))
        page.on("requestfailed", lambda request: page.in_flight.discard(request))


def violations(page) -> list[str]:
    page.add_script_tag(url=static(AXE))  # static() here, once the tests' plain file storage is in place
    return page.evaluate(AUDIT, TAGS)


def problems_but_the_404_asked_for(page, url):
    """The page's problems, less the 404 answer to `url` itself and the console line Chromium logs for it:
    a 404 for anything else (a script, a stylesheet) still counts."""
    asked = [p for p in page.problems if p == f"HTTP 404: {url}"]
    logged = "console: Failed to load resource: the server responded with a status of 404 (Not Found)"
    rest = [p for p in page.problems if p not in asked]
    for _ in asked:
        if logged in rest:
            rest.remove(logged)
    return rest


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_has_no_wcag_2_2_violation(watched_page, live_server, published, name):
    page = watched_page
    SCREENSHOTS.mkdir(exist_ok=True)
    found = []
    for language in ("id", "en"):
        in_language(page, live_server, language)
        for width in (1280, 375, 320):
            page.set_viewport_size({"width": width, "height": 900})
            open_settled(page, live_server.url + PAGES[name])
            found += [f"{language}, {width} px: {line}" for line in violations(page)]
            if EVERY_SCREENSHOT and width != 320:
                page.screenshot(path=SCREENSHOTS / f"public-{name}-{language}-{width}.png", full_page=True)
    assert not found, f"{PAGES[name]} breaks WCAG 2.2 A/AA:\n" + "\n".join(found)
    assert problems_but_the_404_asked_for(page, live_server.url + PAGES[name]) == []


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/peringkat/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # on from the content, past the whole header
    assert page.evaluate("document.activeElement.closest('header')") is None
    assert page.problems == []


def test_the_header_has_one_stop_per_control_and_no_data_entry_link(watched_page, live_server, published):
    page = watched_page
    in_language(page, live_server, "en")
    page.goto(live_server.url + "/")
    stops = []
    while len(stops) < 20:
        page.keyboard.press("Tab")
        if not page.evaluate("Boolean(document.activeElement.closest('header, .skip-link'))"):
            break
        stops.append(page.evaluate("(e => e.textContent.trim() || e.name)(document.activeElement)"))
    # Skip link, home, two pages, the search field and its button, the other language; then the content.
    assert stops == [
        "Skip to the content", "SPBE Index Portal", "Rankings", "Compare", "q", "Search", "ID Bahasa Indonesia"
    ]  # fmt: skip
    assert page.locator("header a[href='/admin/']").count() == 0
    assert page.problems == []


def test_sorting_keeps_the_focus_on_the_header_that_was_used(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/peringkat/?tahun=2024&jenis=kementerian")
    page.locator("#sort-ranking-value").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/peringkat/?tahun=2024&jenis=kementerian&sort=value#sort-ranking-value")
    expect(page.locator("#sort-ranking-value")).to_be_focused()
    header = page.locator("th", has=page.locator("#sort-ranking-value"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("#ranking-region")).to_be_in_viewport()
    assert page.problems == []


def test_filtering_keeps_the_focus_on_the_apply_button(watched_page, live_server, published):
    page = watched_page
    in_language(page, live_server, "en")
    page.goto(live_server.url + "/peringkat/")
    page.select_option("#id_jenis", "kota")
    page.locator("#ranking-apply").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/peringkat/?*jenis=kota*#ranking-apply")
    expect(page.locator("#ranking-apply")).to_be_focused()
    expect(page.locator("#ranking-caption")).to_have_text("Ranking 2024: City")
    assert page.problems == []


def test_turning_a_page_of_the_ranking_lands_on_the_table(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/peringkat/")
    page.locator(".pagination").first.get_by_role("link", name="2", exact=True).click()
    expect(page.locator("#ranking-region")).to_be_focused()
    assert page.problems == []


def test_the_place_search_suggests_as_one_types_and_opens_the_chosen_place(
    watched_page, live_server, published
):
    page = watched_page
    in_language(page, live_server, "en")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    field = page.locator("#site-search")
    field.fill("kab balangan")
    options = page.locator("#site-search-suggestions").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Kabupaten Balangan")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search").locator("xpath=..").get_by_role("status")).to_have_text(
        "1 match; use the arrow keys to choose."
    )
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", "site-search-suggestions-0")
    field.press("Enter")
    page.wait_for_url(live_server.url + "/wilayah/63.11/")
    assert page.problems == []


def test_the_place_search_works_without_javascript(browser, live_server, published):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/peringkat/")
    page.fill("#site-search", "Kota Palangka Raya")
    page.locator(".site-search button").click()
    page.wait_for_url(live_server.url + "/wilayah/62.71/")
    page.fill("#site-search", "bandung")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/cari/?q=bandung")
    expect(page.locator(".match-list li")).to_have_count(3)
    context.close()


def test_the_compare_picker_adds_from_the_keyboard_on_a_phone(watched_page, live_server, published):
    page = watched_page
    in_language(page, live_server, "en")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/bandingkan/?wilayah=62")
    page.locator("#compare-add").fill("64.01")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/bandingkan/?wilayah=62&wilayah=64.01#compare-add")
    expect(page.locator("#compare-add")).to_be_focused()
    # Several matches: each its own button.
    page.locator("#compare-add").fill("bekasi")
    page.locator("#compare-add").press("Escape")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Add Kota Bekasi").click()
    page.wait_for_url(live_server.url + "/bandingkan/?wilayah=62&wilayah=64.01&wilayah=32.75#compare-add")
    expect(page.locator(".chosen-list li")).to_have_count(3)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert page.problems == []
