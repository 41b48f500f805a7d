"""In a real browser: an operator adds a recommendation whose deadline has passed and finds it at the top of
the list, marked overdue in words; the list looked at 1280 and 375 px wide, in Indonesian and in English."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indices.models import Assignment
from indices.workspace.models import Recommendation
from tests.conftest import account
from tests.workspace.test_recommendations import OWN

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/ruang-kerja/62.03/rekomendasi/"


def test_an_operator_adds_a_recommendation_and_sees_it_listed_as_overdue(
    watched_page, live_server, screenshot
):
    account("operator", Assignment.Role.OPERATOR, OWN)
    page = watched_page
    page.goto(f"{live_server.url}/admin/login/?next={LIST}")
    page.fill("#id_username", "operator")
    page.fill("#id_password", "a-long-test-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + LIST)

    page.click(f'a[href="{LIST}baru/?tahun=2026"]')
    page.select_option("#id_tahun", "2024")
    page.click("#recommendation-year button")
    page.wait_for_url(f"{live_server.url}{LIST}baru/?tahun=2024")
    page.select_option("#id_node", label="Indikator 23 Tingkat Kematangan Penerapan Manajemen Data")
    page.fill("#id_text", "Tetapkan Peraturan Bupati tentang manajemen data dan walidata daerah.")
    page.fill("#id_action", "Menyusun rancangan Perbup bersama Bagian Hukum")
    page.fill("#id_unit", "Dinas Kominfo")
    page.fill("#id_deadline", "31/03/2025")
    page.select_option("#id_status", "proses")
    page.fill("#id_progress", "Rancangan dibahas di Bagian Hukum")
    screenshot("recommendation-add-id", 375)
    page.click(".recommendation-form button[type=submit]")
    page.wait_for_url(live_server.url + LIST)

    saved = Recommendation.objects.get()
    assert (saved.deadline, saved.status, saved.assessment.year) == (date(2025, 3, 31), "proses", 2024)
    days = (timezone.localdate() - date(2025, 3, 31)).days
    first = page.locator("#recommendations tbody tr").first
    expect(first).to_contain_text("Indikator 23 Tingkat Kematangan Penerapan Manajemen Data")
    expect(first.locator(".overdue")).to_contain_text(str(days))
    expect(page.locator("#count-overdue")).to_have_text("1")
    screenshot("recommendations-id", 1280)
    screenshot("recommendations-id", 375)
    # At 375 px the table scrolls inside its box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="EN").click()
    expect(first.locator(".overdue")).to_have_text(f"Overdue by {days} days")
    expect(first).to_contain_text("Indicator 23 Tingkat Kematangan Penerapan Manajemen Data")
    screenshot("recommendations-en", 1280)
    screenshot("recommendations-en", 375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.problems == []
