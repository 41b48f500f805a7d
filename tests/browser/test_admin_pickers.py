"""The admin's instance picker in a real browser (issue 21, item 5): typing "Kapuas" highlights Kabupaten
Kapuas, named with its code, kind and province, and Enter picks it (the probe saved a score to Kapuas Hulu)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_kapuas_highlights_kabupaten_kapuas_and_enter_picks_it(
    watched_page, live_server, log_in, screenshot
):
    page = watched_page
    log_in("/admin/indices/score/add/")
    page.locator("#id_instance + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Kapuas")
    highlighted = page.locator(".select2-results__option--highlighted")
    expect(highlighted).to_have_text("Kabupaten Kapuas — 62.03 · kabupaten · Kalimantan Tengah")
    expect(page.locator(".select2-results__option").nth(1)).to_have_text(
        "Kabupaten Kapuas Hulu — 61.06 · kabupaten · Kalimantan Barat"
    )
    screenshot("admin-instance-picker", 1280)
    page.keyboard.press("Enter")
    expect(page.locator("#id_instance")).to_have_value("62.03")
    expect(page.locator("#select2-id_instance-container")).to_have_text(
        "Kabupaten Kapuas — 62.03 · kabupaten · Kalimantan Tengah"
    )
    assert page.problems == []


def test_an_exact_code_is_highlighted_first(watched_page, live_server, log_in):
    page = watched_page
    log_in("/admin/indices/target/add/")
    page.locator("#id_instance + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("bin")
    expect(page.locator(".select2-results__option--highlighted")).to_have_text(
        "Badan Intelijen Negara — bin · lembaga · Alat Negara"
    )
    assert page.problems == []
