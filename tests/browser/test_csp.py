"""The strict Content-Security-Policy holds in a real browser: Chromium reports no violation on any public
page, the API docs or the admin, and each page still does its work (charts drawn, badges coloured, the
admin's widgets and the docs running), so the test cannot pass by a page quietly breaking."""

import pytest
from playwright.sync_api import expect

from indices.formatting import readable_text
from indices.models import Score

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = {
    "overview": "/",
    "rankings": "/peringkat/",
    "compare": "/bandingkan/?wilayah=62&wilayah=64&wilayah=64.01&wilayah=kemenkeu",
    "province": "/wilayah/62/",
    "city": "/wilayah/62.71/",
    "agency": "/instansi/kemenkeu/",
}

# Before any script of the page runs: keep every violation the browser reports.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(
    event.effectiveDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber + ":" + event.columnNumber
  );
}, true);
"""


@pytest.fixture
def csp_page(watched_page):
    """A page that records CSP violations: the DOM events and the console's words for them."""
    page = watched_page
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_console = []

    def record(message):
        if "Content Security Policy" in message.text:
            page.csp_console.append(f"{page.url}: {message.text}")

    page.on("console", record)
    return page


def visit(page, url):
    """Open `url`, check that its answer carries the strict policy, and let the page settle."""
    response = page.goto(url)
    assert response.status == 200, url
    assert_strict(response.headers)
    page.wait_for_load_state("load")
    return response


def assert_strict(headers):
    directives = (part.split() for part in headers["content-security-policy"].split(";"))
    policy = {name: sources for name, *sources in directives}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert "unsafe" not in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert "geolocation=()" in headers["permissions-policy"]


def assert_no_violation(page):
    assert page.evaluate("window.cspViolations") == [], page.url
    assert page.csp_console == []
    assert page.problems == []


def assert_charts_drawn(page):
    """Every chart container holds plotly's SVG, styled by the stylesheet that replaces plotly's inline one."""
    containers = page.locator("[data-figure]")
    expect(page.locator("[data-drawn]")).to_have_count(containers.count())
    for index in range(containers.count()):
        expect(containers.nth(index).locator("svg.main-svg").first).to_be_attached()
    if containers.count():
        svg = containers.first.locator("svg.main-svg").first
        assert svg.evaluate("element => getComputedStyle(element).position") == "absolute"


def hover_a_point(page):
    """Point at the first chart's first marker: plotly draws a hover label, its heading line bold by CSS."""
    point = page.locator("[data-figure]").first.locator(".scatterlayer .point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    heading = page.locator(".hovertext text > tspan.line").first
    assert heading.evaluate("element => getComputedStyle(element).fontWeight") == "700"


def assert_badges_coloured(page):
    """Each badge shows its band's colour, with the same legible text colour as the inline style gave."""
    badges = page.locator(".predicate-badge")
    for index in range(min(badges.count(), 10)):
        badge = badges.nth(index)
        classes = badge.get_attribute("class").split()
        colour = "#" + next(c.removeprefix("predicate-") for c in classes if c not in ("predicate-badge",))
        shown = badge.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
        assert shown == [rgb(colour), rgb(readable_text(colour))]


def rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_keep_to_the_policy_and_still_draw(csp_page, live_server, published, name):
    page = csp_page
    visit(page, live_server.url + PUBLIC[name])
    assert_charts_drawn(page)
    assert_badges_coloured(page)
    if name != "rankings":
        assert page.locator("[data-drawn]").count() > 0
        hover_a_point(page)
    if name == "province":
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh PNG").first.click()
        assert download.value.suggested_filename.endswith(".png")
    assert_no_violation(page)


def test_the_badges_and_charts_keep_to_the_policy_in_english_too(csp_page, live_server, published):
    page = csp_page
    visit(page, live_server.url + "/")
    page.get_by_role("button", name="EN").click()  # a form posted to the portal: form-action 'self'
    expect(page.locator("h1")).to_contain_text("national overview")
    assert_charts_drawn(page)
    assert_badges_coloured(page)
    assert_no_violation(page)


def test_the_api_docs_run_under_the_policy(csp_page, live_server, published):
    page = csp_page
    visit(page, live_server.url + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    assert_no_violation(page)


def test_the_admin_keeps_to_the_policy(csp_page, live_server, published, log_in, tmp_path):
    page = csp_page
    log_in("/admin/")
    assert_no_violation(page)  # the login page and the index
    visit(page, live_server.url + "/admin/")
    expect(page.locator("#content-main")).to_be_visible()
    assert_no_violation(page)

    visit(page, live_server.url + "/admin/indices/score/")
    expect(page.locator("#result_list .predicate-badge").first).to_be_visible()
    assert_badges_coloured(page)
    page.locator("#changelist-filter").first.click()
    assert_no_violation(page)

    score = Score.objects.filter(instance_id="63.11").order_by("-year").first()
    visit(page, f"{live_server.url}/admin/indices/score/{score.pk}/change/")
    page.click(".field-instance .select2-selection")  # the autocomplete widget, drawn by script
    page.keyboard.type("Tapin")
    expect(page.locator(".select2-results__option", has_text="Kabupaten Tapin")).to_be_visible()
    page.keyboard.press("Escape")
    assert_no_violation(page)

    visit(page, live_server.url + "/admin/indices/score/impor/")
    expect(page.locator("#import-upload")).to_be_visible()
    assert_no_violation(page)
    upload = tmp_path / "hasil.csv"
    upload.write_text("kode,tahun,indeks,sumber\n63.11,2026,3.10,Berita uji\n", encoding="utf-8")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#count-create")).to_have_text("1")
    assert_no_violation(page)
