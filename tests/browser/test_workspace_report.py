"""In a real browser: an operator opens the report card of a published year with a self-assessment beside
it, looks at it at 1280 and 375 px in Indonesian and English, prints it (the site's header, tabs and footer
drop away) and downloads its PDF."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indices.models import Assignment, Source, Target
from tests.conftest import account
from tests.workspace.test_report import BALANGAN, CARD, levels, recommend

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_operator_reads_prints_and_downloads_the_report_card(watched_page, live_server, screenshot):
    account("operator", Assignment.Role.OPERATOR, BALANGAN)
    assessment = levels(2024, "4", i46="1", i36="2", i23="2")
    recommend(
        assessment, 23, "Tetapkan Perbup manajemen data dan walidata.", deadline=datetime.date(2025, 3, 31)
    )
    source = Source.objects.create(title="RPJMD Kabupaten Balangan 2021-2026", document="Perda 5/2021")
    Target.objects.create(
        instance_id=BALANGAN, year=2024, value=Decimal("3.50"), document="rpjmd", source=source
    )
    page = watched_page
    page.goto(f"{live_server.url}/admin/login/?next={CARD}")
    page.fill("#id_username", "operator")
    page.fill("#id_password", "a-long-test-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + CARD)

    expect(page.locator(".report-value")).to_have_text("3,34")
    expect(page.locator(".report-paragraph")).to_contain_text("3,34 (Baik)")
    for width in (1280, 375):
        screenshot("report-card-id", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="EN").click()
    expect(page.locator(".report-paragraph")).to_contain_text(
        "The SPBE index of Kabupaten Balangan for 2024 is 3.34 (Baik), up 0.65 from 2023."
    )
    for width in (1280, 375):
        screenshot("report-card-en", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".workspace-tabs")).to_be_hidden()
    expect(page.locator(".report-card")).to_be_visible()
    screenshot("report-card-print-en", 1280)
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "rapor-spbe-kabupaten-balangan-2024.pdf"
    assert page.problems == []
