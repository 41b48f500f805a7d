"""The dashboards as an official meets them in a browser: charts drawn, tables sorted, filtered, downloaded."""

import csv

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "overview": "/",
    "province": "/wilayah/64/",
    "regency": "/wilayah/63.11/",
    "agency": "/instansi/kemenkeu/",
    "rankings": "/peringkat/",
    "compare": "/bandingkan/?wilayah=62&wilayah=64&wilayah=64.01&wilayah=kemenkeu",
}


def assert_page_is_whole(page, width):
    """Every chart on the page is drawn and nothing scrolls sideways."""
    figures = page.locator("[data-figure]")
    expect(page.locator("[data-drawn]")).to_have_count(figures.count())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.problems == []


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_with_the_national_results(watched_page, live_server, published, screenshot, name):
    page = watched_page
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + PAGES[name])
        assert_page_is_whole(page, width)
        screenshot(f"page-{name}", width)


def test_english_pages_render_too(watched_page, live_server, published, screenshot):
    page = watched_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="EN").click()
    for name in ("overview", "regency", "agency"):
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + PAGES[name])
            assert_page_is_whole(page, width)
            screenshot(f"page-{name}-en", width)


def test_rankings_sort_when_a_header_is_clicked(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/peringkat/?tahun=2024&jenis=kementerian")
    page.get_by_role("link", name="Indeks", exact=True).click()
    expect(page).to_have_url(
        live_server.url + "/peringkat/?tahun=2024&jenis=kementerian&sort=value#sort-ranking-value"
    )
    values = page.locator("tbody td.num:nth-child(3)").all_inner_texts()
    assert len(values) == 34 and values == sorted(values)
    assert page.problems == []


def test_rankings_filter_and_the_csv_matches_the_filtered_table(
    watched_page, live_server, published, tmp_path
):
    page = watched_page
    page.goto(live_server.url + "/peringkat/")
    page.select_option("#id_tahun", "2024")
    page.select_option("#id_jenis", "kabupaten")
    page.select_option("#id_provinsi", "64")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("tbody tr")).to_have_count(7)
    on_screen = [row.locator("th, td").nth(1).inner_text() for row in page.locator("tbody tr").all()]
    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name="CSV (koma desimal)").click()
    path = tmp_path / "rankings.csv"
    download.value.save_as(path)
    with path.open(encoding="utf-8-sig") as handle:  # semicolons and a decimal comma, Excel's Indonesian CSV
        downloaded = [row[1] for row in list(csv.reader(handle, delimiter=";"))[1:]]
    assert downloaded == on_screen
    assert on_screen[:2] == ["Kabupaten Paser", "Kabupaten Kutai Kartanegara"]
    assert page.problems == []


def test_language_switch_on_a_dashboard(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/wilayah/62/")
    expect(page.locator(".chart-summary").first).to_have_text(
        "Indeks SPBE Kalimantan Tengah naik dari 2,75 (2023) menjadi 2,87 (2024), predikat Baik. "
        "Hasil sejak 2018: 2018, 2021, 2022, 2023, 2024."
    )
    page.get_by_role("button", name="EN").click()
    expect(page.locator(".chart-summary").first).to_have_text(
        "The SPBE index of Kalimantan Tengah rose from 2.75 (2023) to 2.87 (2024), predicate Baik. "
        "Results since 2018: 2018, 2021, 2022, 2023, 2024."
    )
    expect(page).to_have_url(live_server.url + "/wilayah/62/")
    assert page.problems == []


def test_compare_choice_lives_in_the_url(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/bandingkan/")
    page.fill("#compare-add", "62")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bandingkan/?wilayah=62#compare-add")
    page.fill("#compare-add", "Paser")
    page.keyboard.press("Enter")
    expect(page.locator(".match-list li")).to_have_count(2)
    page.get_by_role("button", name="Tambah Kabupaten Paser", exact=True).click()
    expect(page.locator("[data-drawn]")).to_have_count(1)
    shared = page.url.split("#")[0]
    assert shared.endswith("?wilayah=62&wilayah=64.01")
    page.goto(live_server.url + "/")
    page.goto(shared)
    expect(page.locator(".chosen-list a").first).to_have_text("Kalimantan Tengah")
    expect(page.locator(".chosen-list")).to_contain_text("Kabupaten Paser")
    assert page.problems == []


def test_a_chart_downloads_as_png(watched_page, live_server, published):
    page = watched_page
    page.goto(live_server.url + "/wilayah/62/")
    expect(page.locator("[data-drawn]")).to_have_count(
        4
    )  # trend, domains, regencies, their predicates per year
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh PNG").first.click()
    assert download.value.suggested_filename == "spbe-tren-kalimantan-tengah-2018-2025.png"
    assert page.problems == []
