"""What only a browser shows: pages render without errors, look right, and the admin works by hand."""

import pytest
from playwright.sync_api import expect

from indices.models import Score

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_renders_the_provinces_in_indonesian(watched_page, live_server, published, screenshot):
    page = watched_page
    page.goto(live_server.url + "/")
    row = page.locator("#provinces tr", has_text="Kalimantan Tengah")
    expect(row.locator("td").nth(1)).to_have_text("2,87")
    expect(row.locator(".predicate-badge")).to_have_text("Baik")
    screenshot("home", 1280)
    screenshot("home", 375)
    # At 375 px the table scrolls inside its box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.problems == []


def test_language_switch_turns_the_page_to_english_and_back(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("h1")).to_have_text("SPBE index 2024: national overview")
    expect(page.locator("#provinces tr", has_text="Kalimantan Tengah").locator("td").nth(1)).to_have_text(
        "2.87"
    )
    page.get_by_role("button", name="ID").click()
    expect(page.locator("h1")).to_have_text("Indeks SPBE 2024: ikhtisar nasional")
    assert page.problems == []


def fill_score_form(page, region, year, value):
    """Pick the instance in the autocomplete, type year and value, take the first source."""
    page.click(".field-instance .select2-selection")
    page.keyboard.type(region.split()[-1])
    page.locator(".select2-results__option", has_text=region).click()
    page.fill("#id_year", year)
    page.fill("#id_value", value)
    page.click(".field-source .select2-selection")
    page.keyboard.type("Laporan Pelaksanaan Evaluasi SPBE Tahun 2024")
    page.locator(
        ".select2-results__option", has_text="Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
    ).first.click()


def test_admin_logs_in_and_adds_a_score(watched_page, live_server, published, log_in, screenshot):
    page = watched_page
    log_in("/admin/indices/score/add/")
    fill_score_form(page, "Kabupaten Tapin", "2025", "3,05")
    screenshot("admin-score-add", 1280)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    score = Score.objects.get(instance__name="Kabupaten Tapin", year=2025)
    assert str(score.value) == "3.05"
    page.goto(live_server.url + "/admin/indices/score/?q=Tapin&year=2025")
    screenshot("admin-score-list", 1280)
    assert page.locator("tr", has_text="Kabupaten Tapin").locator(".predicate-badge").inner_text() == "Baik"
    assert page.problems == []


def test_admin_shows_an_indonesian_error_for_a_score_above_5(watched_page, published, log_in):
    page = watched_page
    log_in("/admin/indices/score/add/")
    fill_score_form(page, "Kabupaten Balangan", "2025", "5,01")
    page.click("input[name=_save]")
    expect(page.locator(".field-value .errorlist")).to_have_text("Skor harus antara 1,00 dan 5,00.")
    assert not Score.objects.filter(instance_id="63.11", year=2025).exists()
    assert page.problems == []


def test_admin_instance_page_with_inlines_renders(watched_page, published, log_in, screenshot):
    page = watched_page
    log_in("/admin/indices/instance/62/change/")
    expect(page.locator(".inline-group h2").nth(1)).to_have_text("Skor")
    expect(page.locator(".inline-group").nth(1)).to_contain_text("3,41")
    screenshot("admin-region", 1280)
    assert page.problems == []


def test_admin_typing_letters_as_a_score_gets_an_error_and_keeps_the_form(
    watched_page, published, log_in, screenshot
):
    page = watched_page
    log_in("/admin/indices/score/add/")
    fill_score_form(page, "Kabupaten Balangan", "2025", "abc")
    page.click("input[name=_save]")
    expect(page.locator(".field-value .errorlist")).to_have_text("“abc” bukan angka.")
    expect(page.locator("#id_value")).to_have_value("abc")
    expect(page.locator("#id_year")).to_have_value("2025")
    screenshot("admin-score-not-a-number", 1280)
    assert not Score.objects.filter(instance_id="63.11", year=2025).exists()
    assert page.problems == []
