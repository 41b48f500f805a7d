"""The what-if in a real browser: static/js/whatif.js and indices/scoring.py give the same figures for every
framework, a changed level updates the page at once, and the scenario's URL, opened again, shows the same
figures from the server."""

import random
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from indices import scoring
from indices.formatting import format_score, target_gap
from indices.models import Framework
from indices.workspace.models import Assessment, IndicatorLevel
from indices.workspace.read_model import payload
from tests.browser.conftest import SCREENSHOTS, switch_language

# The gap is worded in Indonesian on the page and by the server alike.

D = Decimal


def server_figures(framework, basis: dict, scenario: dict, target, language) -> dict:
    """What the server shows for `scenario` (indicator number -> level), the rest at the basis level or the
    scale's lowest."""
    low = framework.scale[0]
    known = {}
    for node in scoring.indicators(framework.nodes):
        if node.level != "indicator":
            continue
        level = scenario.get(node.number, basis.get(node.number))
        known[node.id] = low if level is None else level
    values = scoring.roll_up(framework.nodes, known) if known else {}
    index = values.get(scoring.INDEX)
    with translation.override(language):
        return {
            "values": {
                str(node.id): format_score(values[node.id])
                for node in framework.nodes
                if node.level != "indicator" and node.id in values
            },
            "index": None if index is None else format_score(index),
            "band": None if index is None else framework.band_for(index).predicate,
            "gap": None if index is None or target is None else target_gap(index - target),
        }


def random_level(rng, framework_record):
    if framework_record.whole_levels:
        return D(rng.randint(1, 5))
    return D(rng.randint(100, 500)) / 100


def test_the_browser_and_the_server_compute_the_same_figures_on_every_framework(watched_page, log_in):
    page = watched_page
    log_in("/ruang-kerja/62.03/2024/")
    rng = random.Random(2026)
    compared = 0
    for framework in Framework.objects.facts():
        record = Framework.objects.get(pk=framework.id)
        numbers = [node.number for node in framework.nodes if node.level == "indicator"]
        for _ in range(40):
            basis = {n: random_level(rng, record) for n in numbers if rng.random() < 0.8}
            scenario = {n: random_level(rng, record) for n in numbers if rng.random() < 0.3}
            target = rng.choice([None, D(rng.randint(100, 500)) / 100])
            levels = {str(n): str(level) for n, level in scenario.items()}
            for language in ("id", "en"):
                with translation.override(language):  # the page sends the gap's words in its language
                    data = payload(framework, {n: basis.get(n) for n in numbers}, target)
                browser = page.evaluate(
                    "([d, l, lang]) => window.spbeWhatIf.compute(d, l, lang)", [data, levels, language]
                )
                expected = server_figures(framework, basis, scenario, target, language)
                assert browser == expected, (framework.slug, basis, scenario, target, language)
                compared += 1
    assert compared == 3 * 40 * 2
    assert page.problems == []


@pytest.fixture
def kapuas_at_level_2(published):
    framework = Framework.objects.get(slug="spbe-2020")
    assessment = Assessment.objects.create(instance_id="62.03", year=2024, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=D(2))
    return assessment


@pytest.mark.parametrize("language", ["id", "en"])
def test_changing_a_level_updates_the_figures_at_once_and_the_shared_url_shows_them_again(
    watched_page, live_server, log_in, kapuas_at_level_2, screenshot, language
):
    page = watched_page
    log_in("/ruang-kerja/62.03/2024/")
    if language == "en":
        switch_language(page, "en")
    index = page.locator('[data-whatif="index"]')
    expect(index).to_have_text("2,00" if language == "id" else "2.00")
    page.select_option("#i42", "5")
    page.select_option("#i43", "5")
    page.select_option("#i44", "5")
    # Three 3 % indicators raised by three levels: +0,27.
    expect(index).to_have_text("2,27" if language == "id" else "2.27")
    expect(page.locator('[data-whatif="band"]')).to_have_text("Cukup")
    assert page.url.endswith("/ruang-kerja/62.03/2024/?i42=5&i43=5&i44=5#simulasi")
    screenshot(f"workspace-whatif-{language}", 1280)
    screenshot(f"workspace-whatif-{language}", 375)
    # The shared address, opened fresh without JavaScript's help, shows the server's same figures.
    shared = page.url
    page.context.set_extra_http_headers({})
    page.goto("about:blank")
    page.goto(shared)
    expect(index).to_have_text("2,27" if language == "id" else "2.27")
    expect(page.locator("#i42")).to_have_value("5")
    assert page.problems == []


def test_the_what_if_form_works_without_javascript(browser, live_server, published, admin_user):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/ruang-kerja/62.03/2024/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.select_option("#i42", "5")
    page.click("#whatif button[type=submit]")
    assert "i42=5" in page.url
    # Every indicator at the lowest level but 42 at 5: 1 + 4 × 3 % = 1,12.
    expect(page.locator('[data-whatif="index"]')).to_have_text("1,12")
    context.close()


# What a sticky panel may hide: the part of the focused element under it, or out of the screen.
OBSCURED = """() => {
  const focused = document.activeElement.getBoundingClientRect();
  const panel = document.getElementById("whatif-results").getBoundingClientRect();
  const under = Math.max(0, Math.min(focused.bottom, panel.bottom) - Math.max(focused.top, panel.top));
  const outside = Math.max(0, -focused.top) + Math.max(0, focused.bottom - window.innerHeight);
  return {id: document.activeElement.id, under: Math.round(under), outside: Math.round(outside)};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_tabbing_through_the_what_if_never_hides_the_focus_under_its_figures(
    watched_page, live_server, log_in, kapuas_at_level_2, width
):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 740})
    log_in("/ruang-kerja/62.03/2024/")
    page.goto(live_server.url + "/ruang-kerja/62.03/2024/#simulasi")
    fields = page.locator("#whatif [data-indicator]")
    count = fields.count()
    fields.first.focus()
    seen = []
    for key in ["Tab"] * (count - 1) + ["Shift+Tab"] * (count - 1):
        page.keyboard.press(key)
        seen.append(page.evaluate(OBSCURED))
    assert {stop["id"] for stop in seen} == {f"i{n}" for n in range(1, count + 1)}
    hidden = [stop for stop in seen if stop["under"] or stop["outside"]]
    assert hidden == [], f"{len(hidden)} of {len(seen)} stops hidden at {width} px"
    # The panel is compact: a band, not a third of a phone's screen.
    assert page.locator("#whatif-results").bounding_box()["height"] <= (90 if width == 375 else 60)
    page.screenshot(path=SCREENSHOTS / f"workspace-whatif-tabbing-{width}.png")
    assert page.problems == []


def test_each_change_is_read_out_once_as_one_sentence(watched_page, live_server, log_in, kapuas_at_level_2):
    page = watched_page
    log_in("/ruang-kerja/62.03/2024/")
    switch_language(page, "en")
    status = page.locator("#simulasi").get_by_role("status")
    expect(status).to_have_count(1)
    expect(status).to_have_text("")  # nothing is read out as the page opens
    page.evaluate("""() => {
      window.writes = [];
      const status = document.querySelector('#simulasi [role=status]');
      new MutationObserver(() => window.writes.push(status.textContent))
        .observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    page.select_option("#i42", "5")  # fires "input" and "change"
    expect(status).to_have_text("Simulated index 2.09, Cukup, +0.09 from the self-assessed levels")
    page.locator("#i43").focus()
    page.keyboard.press("ArrowDown")  # from 2 to 3
    expect(status).to_have_text("Simulated index 2.12, Cukup, +0.12 from the self-assessed levels")
    assert page.evaluate("window.writes") == [
        "Simulated index 2.09, Cukup, +0.09 from the self-assessed levels",
        "Simulated index 2.12, Cukup, +0.12 from the self-assessed levels",
    ]
    # The figures themselves are not live regions: nothing else is read out.
    assert page.locator("#simulasi :is([aria-live], output, [role=status])").count() == 1
    assert page.problems == []
