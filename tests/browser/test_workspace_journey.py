"""An operator's year in the workspace, in a real browser as a newcomer meets it: sign in, open their
instance's workspace, fill the 47 indicators of SPBE 2020 and the 20 of Pemerintah Digital aspect by aspect,
read the recomputed index and predicate, upload evidence, play a what-if and open its shared address, print
the report card and download its PDF."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from indices.models import Assignment
from indices.workspace.models import Evidence, IndicatorLevel
from tests.browser.conftest import switch_language
from tests.workspace.test_evidence_files import PDF

PASSWORD = "a-long-test-passphrase"


@pytest.fixture
def operator(published):
    user = get_user_model().objects.create_user("operator-kapuas", password=PASSWORD, is_staff=True)
    Assignment.objects.create(user=user, role=Assignment.Role.OPERATOR, instance_id="62.03")
    return user


def sign_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "operator-kapuas")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")


def fill_aspects(page, levels):
    """Every aspect's form in turn, each indicator's self-assessed level from `levels(number)`."""
    aspects = page.locator(".aspect-pager a").count()
    for position in range(aspects):
        # Wait for each page in full: fields read before the click's page arrives belong to the page before.
        with page.expect_navigation():
            page.locator(".aspect-pager a").nth(position).click()
        for field in page.locator("[id$='-self_level']").all():
            number = int(field.get_attribute("id").split("-")[0].removeprefix("id_i"))
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(levels(number))
            else:
                field.fill(levels(number))
        with page.expect_navigation():
            page.locator("#levels-form button[type=submit]").click()
        expect(page.locator("p.notice[role=status]")).to_be_visible()


def test_an_operator_fills_both_frameworks_and_reads_the_recomputed_index(
    watched_page, live_server, operator, screenshot
):
    page = watched_page
    sign_in(page, live_server, "/ruang-kerja/")
    expect(page.locator("table")).to_contain_text("Kabupaten Kapuas")
    page.click("a[href='/ruang-kerja/62.03/2024/']")
    page.locator("a[href='/ruang-kerja/62.03/2024/aspek/1/']").click()
    screenshot("workspace-aspect-id", 1280)
    screenshot("workspace-aspect-id", 375)
    # SPBE 2020: indicators 1-10 at level 4, the rest at 3: (13 × 4 + 87 × 3) / 100 = 3,13 (Baik).
    fill_aspects(page, lambda number: "4" if number <= 10 else "3")
    assert IndicatorLevel.objects.filter(assessment__year=2024, self_level__isnull=False).count() == 47
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2024/")
    first_kpi = page.locator(".kpis .kpi").first
    expect(first_kpi).to_contain_text("3,13")
    expect(first_kpi).to_contain_text("Baik")
    expect(first_kpi).to_contain_text("47 dari 47")
    screenshot("workspace-overview-id", 1280)
    screenshot("workspace-overview-id", 375)

    # Evidence for indicator 23, uploaded as a PDF and listed.
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2024/indikator/23/bukti/")
    page.fill("#id_title", "SK Walikota tentang Manajemen Data")
    page.set_input_files(
        "#id_file", files=[{"name": "sk-data.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.select_option("#id_supports_level", "3")
    page.select_option("#id_status", "diunggah")
    page.click("form.evidence-form button[type=submit]")
    expect(page.locator("table")).to_contain_text("SK Walikota tentang Manajemen Data")
    assert Evidence.objects.get().file_name == "sk-data.pdf"

    # A what-if: indicator 42 to 5 adds 2 × 3 % = 0,06; the address keeps it and a colleague opening it sees it.
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2024/")
    page.select_option("#i42", "5")
    expect(page.locator('[data-whatif="index"]')).to_have_text("3,19")
    shared = page.url
    assert shared.endswith("?i42=5#simulasi")
    colleague = page.context.new_page()
    colleague.goto(shared)
    expect(colleague.locator('[data-whatif="index"]')).to_have_text("3,19")
    colleague.close()

    # The report card: printed (print media) and downloaded as a PDF holding the name, year, index, predicate.
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2024/rapor/")
    expect(page.locator("main")).to_contain_text("Kabupaten Kapuas")
    page.emulate_media(media="print")
    screenshot("workspace-report-print-id", 1280)
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("a[href='/ruang-kerja/62.03/2024/rapor.pdf']")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(download.value.path().read_bytes())).pages)
    # Kapuas's published 2024 index, 2,63 (2,63165 before rounding: Baik), with its badge beside it.
    for expected in ("Kabupaten Kapuas", "2024", "2,63 Baik"):
        assert expected in text, expected

    # Pemerintah Digital 2026: two-decimal values, 2,26 in the 16 indicators the instance values; I5, I6, I7
    # and I18 (weights 5, 3, 3, 3) wait for other agencies' scores at 1: (86 × 2,26 + 14 × 1) / 100 = 2,08.
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2026/aspek/1/")
    fill_aspects(page, lambda number: "2,26")
    assert IndicatorLevel.objects.filter(assessment__year=2026, self_level=2.26).count() == 16
    page.goto(f"{live_server.url}/ruang-kerja/62.03/2026/")
    expect(page.locator(".kpis .kpi").first).to_contain_text("2,08")
    expect(page.locator(".kpis .kpi").first).to_contain_text("Cukup")
    switch_language(page, "en")
    expect(page.locator(".kpis .kpi").first).to_contain_text("2.08")
    screenshot("workspace-overview-pemdi-en", 1280)
    screenshot("workspace-overview-pemdi-en", 375)
    assert page.problems == []
