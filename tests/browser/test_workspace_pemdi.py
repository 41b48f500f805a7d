"""The 2026 Pemerintah Digital cycle of Kabupaten Aceh Tengah in a real browser, as a new user goes through it:
the operator reads an indicator's criteria and attaches evidence to items of levels 1 and 2, the provincial
coordinator accepts one item and returns another, the operator sees the suggested value move and enters the
assessor's final values, and the index reads 1,24. Screenshots at 1280 and 375 px, in Indonesian and English."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indices.models import Assignment
from indices.workspace.models import Evidence
from indices.workspace.pemdi_models import ItemReview
from tests.conftest import account
from tests.workspace.test_evidence_files import PDF
from tests.workspace.test_pemdi_values import ASPECTS, ASSESSOR, EXTERNAL

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/ruang-kerja/11.04/2026/"
INDICATOR = BASE + "indikator/12/bukti/"


@pytest.fixture
def sign_in(watched_page, live_server):
    def go(username, next_path):
        watched_page.context.clear_cookies()
        watched_page.goto(f"{live_server.url}/admin/login/?next={next_path}")
        watched_page.fill("#id_username", username)
        watched_page.fill("#id_password", "a-long-test-passphrase")
        watched_page.click("input[type=submit]")
        watched_page.wait_for_url(live_server.url + next_path)
        return watched_page

    return go


def attach(page, code, title, *, file=None, link=None):
    row = page.locator(f"[id='{code}']")
    row.locator("summary").click()
    page.fill(f"[id='id_{code}-title']", title)
    if file:
        page.set_input_files(f"[id='id_{code}-file']", str(file))
    if link:
        page.fill(f"[id='id_{code}-link']", link)
    with page.expect_navigation():
        row.locator("form.evidence-form button[type=submit]").click()


def judge(page, code, verdict, note=""):
    row = page.locator(f"[id='{code}']")
    row.locator(f"input[value={verdict}]").check()
    if note:
        page.fill(f"[id='id_r-{code}-note']", note)
    with page.expect_navigation():
        row.locator("form.review-form button[type=submit]").click()


def test_the_2026_cycle_of_aceh_tengah_from_criteria_to_the_index(
    live_server, sign_in, screenshot, evidence_root, tmp_path, monkeypatch
):
    # During the self-assessment's uploads: 14 days before they close.
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 9, 1))
    account("operator-aceh-tengah", Assignment.Role.OPERATOR, "11.04")
    account("koordinator-aceh", Assignment.Role.COORDINATOR, "11")
    pdf = tmp_path / "SK TTIS Aceh Tengah 2026.pdf"
    pdf.write_bytes(PDF)

    # The operator opens the year: where the cycle stands and what is missing.
    page = sign_in("operator-aceh-tengah", BASE)
    expect(page.locator(".days-left")).to_contain_text("14")
    screenshot("pemdi-overview-id", 1280)
    screenshot("pemdi-overview-id", 375)

    # An indicator: its criteria with their sources, level by level, and its items.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f"a[href='{INDICATOR}']").first.click()
    page.wait_for_url(page.url.split("/ruang-kerja/")[0] + INDICATOR)
    expect(page.locator("#tingkat-1 .criterion")).not_to_be_empty()
    expect(page.locator("#tingkat-1 .criteria-source").first).to_be_visible()
    expect(page.locator("[data-suggested]")).to_have_text("1,00")
    attach(page, "I12-L1-01", "SK Tim Tanggap Insiden Siber", file=pdf)
    attach(page, "I12-L1-02", "SOP penanganan insiden", link="https://acehtengahkab.go.id/sop-insiden")
    attach(page, "I12-L2-01", "Laporan penanganan insiden 2025", link="https://acehtengahkab.go.id/laporan")
    assert Evidence.objects.filter(item__code__startswith="I12-").count() == 3
    expect(page.locator("[id='I12-L1-01'] .attachments")).to_contain_text("SK TTIS Aceh Tengah 2026.pdf")
    screenshot("pemdi-indicator-operator-id", 1280)
    screenshot("pemdi-indicator-operator-id", 375)

    # The provincial coordinator, as internal assessor, accepts one item and returns another.
    page = sign_in("koordinator-aceh", INDICATOR)
    page.set_viewport_size({"width": 1280, "height": 900})
    judge(page, "I12-L1-01", "diterima")
    judge(page, "I12-L1-02", "revisi", "SOP belum ditandatangani; unggah versi yang disahkan.")
    assert dict(ItemReview.objects.values_list("item__code", "status")) == {
        "I12-L1-01": "diterima",
        "I12-L1-02": "revisi",
    }
    expect(page.locator("#tingkat-2 .cascade")).to_be_visible()
    page.click("button[name=language][value=en]")
    expect(page.locator("#tingkat-2 .cascade")).to_have_text(
        "Automatically rejected because the previous maturity level was rejected."
    )
    expect(page.locator("[id='I12-L2-01'] .item-state")).to_contain_text("Automatically rejected")
    screenshot("pemdi-indicator-assessor-en", 1280)
    screenshot("pemdi-indicator-assessor-en", 375)

    # The operator sees the suggestion move, labelled an estimate, and the item to revise.
    page = sign_in("operator-aceh-tengah", INDICATOR)
    expect(page.locator("[data-suggested]")).to_have_text("1,25")
    expect(page.locator("[id='I12-L1-02']")).to_contain_text("SOP belum ditandatangani")
    screenshot("pemdi-indicator-suggestion-id", 1280)
    screenshot("pemdi-indicator-suggestion-id", 375)

    # The assessor's final values, aspect by aspect (I5, I6, I7 and I18 wait for other agencies' indices).
    page.set_viewport_size({"width": 1280, "height": 900})
    for number, indicators in ASPECTS.items():
        page.goto(f"{live_server.url}{BASE}aspek/{number}/")
        for n in indicators:
            if n in EXTERNAL:
                expect(page.locator(f"[name='i{n}-final_level']")).to_have_count(0)
            else:
                page.fill(f"[name='i{n}-final_level']", ASSESSOR[n].replace(".", ","))
        with page.expect_navigation():
            page.locator("#levels-form button[type=submit]").click()
        expect(page.locator(".field-error")).to_have_count(0)
        if number == 4:
            screenshot("pemdi-aspect-id", 1280)
            screenshot("pemdi-aspect-id", 375)
    page.goto(live_server.url + BASE)
    expect(page.locator("span.kpi-value").filter(has_text="1,24")).to_have_count(1)
    screenshot("pemdi-overview-final-id", 1280)
    screenshot("pemdi-overview-final-id", 375)
    page.click("button[name=language][value=en]")
    expect(page.locator("span.kpi-value").filter(has_text="1.24")).to_have_count(1)
    screenshot("pemdi-overview-final-en", 1280)
    screenshot("pemdi-overview-final-en", 375)
    page.goto(live_server.url + "/ruang-kerja/panduan-pemerintah-digital/")
    screenshot("pemdi-guide-en", 1280)
    screenshot("pemdi-guide-en", 375)
    assert page.problems == []
