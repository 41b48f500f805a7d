"""An operator adds evidence in a real browser: sign in, upload a PDF on an indicator's page, see it listed;
a refused file says why. Screenshots at 1280 and 375 px, in Indonesian and English."""

import pytest
from playwright.sync_api import expect

from indices.models import Assignment
from indices.workspace.models import Evidence, IndicatorLevel
from tests.conftest import account
from tests.workspace.test_evidence import OWN, YEAR, stored
from tests.workspace.test_evidence_files import EXE, PDF

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = f"/ruang-kerja/{OWN}/{YEAR}/indikator/1/bukti/"


def test_an_operator_uploads_a_pdf_on_an_indicator_page_and_sees_it_listed(
    watched_page, live_server, screenshot, evidence_root, tmp_path
):
    account("operator-kapuas", Assignment.Role.OPERATOR, OWN)
    pdf = tmp_path / "Perbup 12 2024 Arsitektur SPBE.pdf"
    pdf.write_bytes(PDF)
    exe = tmp_path / "pemasang.exe"
    exe.write_bytes(EXE)
    page = watched_page
    page.goto(f"{live_server.url}/admin/login/?next={PAGE}")
    page.fill("#id_username", "operator-kapuas")
    page.fill("#id_password", "a-long-test-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + PAGE)

    page.fill("#id_title", "Perbup Arsitektur SPBE Kabupaten Kapuas")
    page.set_input_files("#id_file", str(pdf))
    page.select_option("#id_supports_level", "3")
    page.click("form.evidence-form button[type=submit]")

    page.wait_for_url(live_server.url + PAGE)
    evidence = Evidence.objects.get()
    row = page.locator(f"#bukti-{evidence.pk}")
    expect(row).to_contain_text("Perbup Arsitektur SPBE Kabupaten Kapuas")
    expect(row).to_contain_text("Perbup 12 2024 Arsitektur SPBE.pdf")
    expect(row.get_by_role("link", name="Perbup 12 2024 Arsitektur SPBE.pdf")).to_have_attribute(
        "href", f"/ruang-kerja/{OWN}/{YEAR}/bukti/{evidence.pk}/berkas"
    )
    assert len(stored(evidence_root)) == 1
    screenshot("evidence-indicator-id", 1280)
    screenshot("evidence-indicator-id", 375)

    # A program renamed or not, refused with its reason, and nothing more stored.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#id_title", "Aplikasi")
    page.set_input_files("#id_file", str(exe))
    page.click("form.evidence-form button[type=submit]")
    expect(page.locator("#id_file_error")).to_contain_text(".exe")
    # The summary of what went wrong has the focus, in view, and leads to the field (issue 24).
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link").click()
    expect(page.locator("#id_file")).to_be_focused()
    expect(page.locator(".field-error")).to_have_count(1)
    assert Evidence.objects.count() == 1 and len(stored(evidence_root)) == 1
    screenshot("evidence-refused-id", 1280)
    screenshot("evidence-refused-id", 375)
    # The refused form is answered 400, which the browser reports; nothing else went wrong.
    assert sorted(page.problems) == [
        "HTTP 400: " + live_server.url + PAGE,
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]
    page.problems.clear()

    page.goto(live_server.url + PAGE)
    page.click("button[name=language][value=en]")
    page.wait_for_url(live_server.url + PAGE)
    expect(page.locator("h1")).to_contain_text("Indicator 1")
    screenshot("evidence-indicator-en", 1280)
    screenshot("evidence-indicator-en", 375)

    # The assessor accepts the item; the instance claims level 2 everywhere.
    Evidence.objects.update(status="diterima")
    assessment = evidence.level.assessment
    for node in assessment.framework.nodes.filter(level="indicator"):
        IndicatorLevel.objects.update_or_create(assessment=assessment, node=node, defaults={"self_level": 2})
    page.goto(f"{live_server.url}/ruang-kerja/{OWN}/{YEAR}/bukti/")
    kpis = page.locator(".kpi-value")
    expect(kpis.nth(0)).to_contain_text("1 / 47")
    expect(kpis.nth(1)).to_have_text("2.00")
    expect(kpis.nth(2)).to_have_text("1.01")  # indicator 1 (weight 1.30 %) at 2, the others at 1
    screenshot("evidence-completeness-en", 1280)
    screenshot("evidence-completeness-en", 375)
    page.click("button[name=language][value=id]")
    screenshot("evidence-completeness-id", 1280)
    screenshot("evidence-completeness-id", 375)
    assert page.problems == []
