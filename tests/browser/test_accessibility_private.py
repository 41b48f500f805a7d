"""Accessibility of the pages behind the login (issue 24): the admin pages the portal uses and every page of
the workspace pass axe-core's WCAG 2.2 A and AA rules at 320, 375 and 1280 px in Indonesian and English, as
the public pages do (tests/browser/test_accessibility.py), and a form sent back with errors too."""

import pytest

from indices.models import Framework, Score
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, Recommendation
from tests.browser.conftest import EVERY_SCREENSHOT, SCREENSHOTS
from tests.browser.test_accessibility import in_language, open_settled, violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 375, 320)
ADMIN = {
    "admin-index": "/admin/",
    "admin-scores": "/admin/indices/score/",
    "admin-score-form": "/admin/indices/score/{score}/change/",
    "admin-score-add": "/admin/indices/score/add/",
    "admin-import": "/admin/indices/score/impor/",
    "admin-audit-log": "/admin/auditlog/logentry/",
    "admin-instance-form": "/admin/indices/instance/62/change/",
    "admin-targets": "/admin/indices/target/",
    "admin-user-form": "/admin/auth/user/{user}/change/",
    "admin-assignment-add": "/admin/indices/assignment/add/",
}
WORKSPACE = {
    "workspace-list": "/ruang-kerja/",
    "workspace-overview": "/ruang-kerja/62.03/2024/",
    "workspace-aspect": "/ruang-kerja/62.03/2024/aspek/5/",
    "workspace-evidence": "/ruang-kerja/62.03/2024/bukti/",
    "workspace-evidence-indicator": "/ruang-kerja/62.03/2024/indikator/23/bukti/",
    "workspace-evidence-change": "/ruang-kerja/62.03/2024/bukti/{evidence}/",
    "workspace-recommendations": "/ruang-kerja/62.03/rekomendasi/",
    "workspace-recommendation-add": "/ruang-kerja/62.03/rekomendasi/baru/?tahun=2024",
    "workspace-recommendation-change": "/ruang-kerja/62.03/rekomendasi/{recommendation}/",
    "workspace-report": "/ruang-kerja/62.03/2024/rapor/",
    "workspace-review": "/ruang-kerja/62.03/2024/tinjauan/",
    "workspace-levels-import": "/ruang-kerja/62.03/2024/impor-tingkat/",
    "workspace-my-work": "/ruang-kerja/pekerjaan-saya/",
    "workspace-reminders": "/ruang-kerja/pengingat/",
    "workspace-province": "/ruang-kerja/provinsi/62/2024/",
    "workspace-province-report": "/ruang-kerja/provinsi/62/2024/laporan/",
}


@pytest.fixture
def records(published, admin_user):
    """A workspace with levels, an item of evidence (a link) and a recommendation, and the pages' keys."""
    framework = Framework.objects.get(slug="spbe-2020")
    assessment = Assessment.objects.create(instance_id="62.03", year=2024, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=2, fakta="Ada SK")
    level = IndicatorLevel.objects.get(assessment=assessment, node__number=23)
    evidence = Evidence.objects.create(
        level=level,
        title="SK Tim SPBE",
        link="https://jdih.kapuaskab.go.id/sk",
        supports_level=2,
        status="diunggah",
    )
    recommendation = Recommendation.objects.create(
        assessment=assessment, node=level.node, text="Tetapkan kebijakan data", status="belum"
    )
    return {
        "score": Score.objects.filter(instance_id="62", year=2024).order_by("pk").first().pk,
        "user": admin_user.pk,
        "evidence": evidence.pk,
        "recommendation": recommendation.pk,
    }


def not_axes_own(problems: list[str]) -> list[str]:
    """`problems` less the console lines of axe-core's own stylesheet copies: to read a stylesheet that
    imports another (the admin's forms.css imports widgets.css), axe adds it to the page as a <style>,
    which the portal's strict policy blocks, as it should. tests/browser/test_csp.py proves that the admin
    pages, without axe, keep to the policy."""
    return [p for p in problems if not p.startswith("console: Applying inline style violates")]


def audit(page, live_server, path: str, name: str) -> list[str]:
    found = []
    for language in ("id", "en"):
        in_language(page, live_server, language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            open_settled(page, live_server.url + path)
            found += [f"{language}, {width} px: {line}" for line in violations(page)]
            if EVERY_SCREENSHOT and width != 320:
                page.screenshot(path=SCREENSHOTS / f"{name}-{language}-{width}.png", full_page=True)
    return found


@pytest.mark.parametrize("name", [*ADMIN, *WORKSPACE])
def test_every_admin_and_workspace_page_has_no_wcag_2_2_violation(
    watched_page, live_server, log_in, records, name
):
    page = watched_page
    SCREENSHOTS.mkdir(exist_ok=True)
    log_in()
    path = (ADMIN | WORKSPACE)[name].format(**records)
    found = audit(page, live_server, path, name)
    assert not found, f"{path} breaks WCAG 2.2 A/AA:\n" + "\n".join(found)
    assert not_axes_own(page.problems) == []


def test_a_form_sent_back_with_errors_has_no_wcag_2_2_violation(watched_page, live_server, log_in, records):
    page = watched_page
    log_in()
    found = []
    for language in ("id", "en"):
        in_language(page, live_server, language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + WORKSPACE["workspace-recommendation-add"])
            page.locator("#id_text").fill("")
            page.locator("form.recommendation-form button[type=submit]").click()
            page.wait_for_selector("#error-summary")
            found += [f"{language}, {width} px: {line}" for line in violations(page)]
    assert not found, "A refused recommendation breaks WCAG 2.2 A/AA:\n" + "\n".join(found)
