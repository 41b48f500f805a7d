import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Instance, Score, Source
from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial_2025(published):
    """A year whose national table is not in the portal: two provinces' results entered ahead of it (a test's
    own figures, as an administrator would enter them from KemenPANRB's per-instance release)."""
    source = Source.objects.create(
        title="Hasil Pemantauan SPBE 2025 (per instansi)",
        document="Aplikasi evaluasi KemenPANRB",
        kind="official",
    )
    for code, value in (("62", "3.41"), ("64", "4.13")):
        Score.objects.create(instance_id=code, year=2025, value=Decimal(value), source=source)


def rows_by_code(response):
    return {row.record["region"].code: row for row in response.context["table"].rows}


def test_home_is_served_at_the_root_in_indonesian(client, published):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Indeks SPBE 2024: ikhtisar nasional" in page


def test_home_opens_on_the_latest_year_with_the_whole_national_table(client, partial_2025):
    """2025 has two results entered ahead of its table; 2024 is the last complete national table."""
    response = client.get("/")
    assert response.context["year"] == 2024
    assert [year for year, _label in response.context["year_options"]] == [2018, 2021, 2022, 2023, 2024, 2025]
    assert "partial-year" not in response.content.decode()
    rows = rows_by_code(response)
    assert len(rows) == 38
    assert rows["62"].get_cell("value") == "2,87"
    assert "Baik" in rows["62"].get_cell("predicate")
    assert rows["62"].get_cell("change") == "+0,12"
    assert "Sangat Baik" in rows["64"].get_cell("predicate")


def test_home_shows_another_year_when_asked(client, published):
    rows = rows_by_code(client.get("/", {"tahun": "2018"}))
    assert (rows["62"].get_cell("value"), rows["64"].get_cell("value"), rows["11"].get_cell("value")) == (
        "2,76",
        "2,49",
        "2,26",
    )


def test_press_figures_are_no_year_of_the_overview(client, published):
    """2025 holds only figures the press reported: no overview year, no count, no mean."""
    assert 2025 not in [year for year, _label in client.get("/").context["year_options"]]
    assert client.get("/", {"tahun": "2025"}).context["year"] == 2024


def test_home_counts_and_means_per_kind_match_the_report(client, published):
    response = client.get("/")
    assert response.context["overview"]["count"] == 615
    kinds = {k["kind"]: k for k in response.context["kinds"]}
    assert {
        kind: (k["count"], k["mean"])
        for kind, k in kinds.items()
        if kind in ("kementerian", "kabupaten", "kota")
    } == {
        "kementerian": (34, Decimal("4.03")),
        "kabupaten": (392, Decimal("2.97")),
        "kota": (93, Decimal("3.39")),
    }
    # Memuaskan, Sangat Baik, Baik, Cukup, Kurang over every instance, as the 2024 report counts them.
    assert response.context["totals"] == {"count": 615, "predicates": [48, 182, 239, 127, 19]}


def test_home_shows_the_national_index_as_published_with_its_target_and_source(client, published):
    response = client.get("/")
    national = response.context["national"]
    assert (national["value"], national["target"], national["predicate"]) == (
        Decimal("3.12"),
        Decimal("2.85"),
        "Baik",
    )
    page = response.content.decode()
    assert "3,12" in page and "target 2,85" in page and "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024" in page
    assert (
        "Rata-rata sederhana instansi yang memiliki skor di portal" in page
    )  # means are labelled as the portal's


def test_home_draws_the_national_series_with_targets_and_the_framework_break(client, published):
    chart = client.get("/").context["national_chart"]
    lines = [t for t in chart.figure["data"] if t["mode"] == "lines+markers"]
    assert [list(t["x"]) for t in lines] == [[2018, 2019, 2020], [2021, 2022, 2023, 2024]]
    assert chart.figure["data"][-1]["name"] == "Target" and list(chart.figure["data"][-1]["y"]) == [2.6, 2.85]
    assert ["2024", "3,12", "Baik", "2,85"] in chart.rows


def test_home_counts_predicates_only_for_years_with_the_whole_national_table(client, published):
    chart = client.get("/").context["predicate_chart"]
    assert chart.columns[1:6] == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert [row[0] for row in chart.rows] == ["2018", "2021", "2022", "2023", "2024"]
    assert ["2024", "19", "127", "239", "182", "48", "615", "official (615)"] in english_rows(chart)
    kinds_2022 = next(row for row in english_rows(chart) if row[0] == "2022")[-1]
    assert kinds_2022 == "compiled (554), carried over from 2021 (66)"
    assert chart.summary.startswith("Pada 2024, 615 instansi memiliki skor: 48 Memuaskan")


def test_home_colours_the_province_tiles_by_predicate(client, published):
    chart = client.get("/").context["tiles_chart"]
    assert len(chart.rows) == 38
    assert ["Kalimantan Tengah (62)", "2,87", "Baik"] in chart.rows


def test_home_shows_a_point_in_english(client, published):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "2.87" in page and "2,87" not in page
    assert "SPBE index 2024: national overview" in page


def test_home_ignores_self_assessments(client, published, make_score):
    make_score(Instance.objects.get(code="62"), 2024, "3.90", status="self_assessed")
    assert rows_by_code(client.get("/"))["62"].get_cell("value") == "2,87"


def english_rows(chart):
    return [
        [
            cell.replace("resmi", "official")
            .replace("kompilasi", "compiled")
            .replace("dibawa dari", "carried over from")
            for cell in row
        ]
        for row in chart.rows
    ]


def test_home_links_a_score_to_its_source(client, published):
    page = client.get("/", {"tahun": "2024"}).content.decode()
    assert "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024" in page
    page = client.get("/wilayah/62/").content.decode()  # the press figure of 2025, beside the results
    assert '<a href="https://kaltengterkini.co.id/?p=52789" rel="noopener">' in page


def test_home_sorts_by_index(client, published):
    rows = list(client.get("/", {"sort": "-value"}).context["table"].rows)
    assert [row.record["region"].code for row in rows[:2]] == ["32", "34"]  # Jawa Barat 4.73, DI Yogyakarta


def test_home_without_any_score_says_so(client, no_results):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada skor" in response.content.decode()


def test_home_queries_do_not_grow_with_the_data(client, published, django_assert_num_queries):
    with CaptureQueriesContext(connection) as national:
        client.get("/")
    grow()  # ten more years for every instance: about ten times the rows
    assert Score.objects.count() > 7000
    with django_assert_num_queries(len(national.captured_queries)):
        client.get("/")


def test_unknown_page_gets_the_portals_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_home_provinces_table_downloads_as_xlsx(client, published):
    import io

    import openpyxl

    response = client.get("/", {"tahun": "2024", "sort": "-value", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 39
    # Name, index and predicate first, as on a phone; the code last.
    assert rows[0][:3] == ("Provinsi", "Indeks", "Predikat")
    assert (rows[1][:3], rows[1][-1]) == (("Jawa Barat", 4.73, "Memuaskan"), "32")


def test_every_page_links_the_whole_dataset_download(client, published):
    page = client.get("/").content.decode()
    assert 'href="/unduh/data.csv"' in page and 'href="/unduh/data.xlsx"' in page
    response = client.get("/unduh/data.csv")
    assert response.status_code == 200
    assert "Kementerian Keuangan" in response.content.decode("utf-8-sig")


def english(client, path, **params):
    client.cookies["django_language"] = "en"
    return client.get(path, params)


def text_of(html: str, element_id: str) -> str:
    """The words of the element with `element_id`, tags dropped and spaces collapsed."""
    start = html.index(f'id="{element_id}"')
    inner = html[html.index(">", start) + 1 : html.index("</", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", inner).split())


def test_a_year_without_the_national_table_says_its_figures_are_not_national(client, partial_2025):
    """2025: only Kalimantan Tengah's and Kalimantan Timur's results, and KemenPANRB's table not in the portal."""
    html = english(client, "/", tahun="2025").content.decode()
    assert text_of(html, "partial-year") == (
        "KemenPANRB's national table for 2025 is not in the portal: the figures below cover only the 2 "
        "instances whose score for 2025 was published elsewhere (by the government itself or the press), so "
        "the means and counts are not national figures. See 2024, the latest year with the whole national "
        "table."
    )
    assert 'href="?tahun=2024"' in html


def test_a_year_with_a_national_count_but_few_scores_names_both(client, published):
    kept = Score.objects.official().filter(year=2021).order_by("instance_id").values_list("pk", flat=True)[:3]
    Score.objects.filter(year=2021).exclude(pk__in=list(kept)).delete()
    response = english(client, "/", tahun="2021")
    assert response.context["partial"] == {
        "year": 2021,
        "count": 3,
        "evaluated": 517,
        "latest_complete": 2024,
    }
    assert text_of(response.content.decode(), "partial-year").startswith(
        "KemenPANRB evaluated 517 instances in 2021; the portal holds the published scores of 3 of them only"
    )


def test_the_year_picker_marks_the_partial_years(client, partial_2025):
    options = dict(english(client, "/").context["year_options"])
    assert (options[2018], options[2022], options[2024], options[2025]) == (
        "2018",
        "2022",
        "2024",
        "2025 (partial)",
    )


def test_the_national_card_is_short_with_its_source_behind_a_disclosure(client, published):
    html = english(client, "/").content.decode()
    card = html.split('class="card kpi"', 1)[1].split("</div>", 1)[0]
    shown, hidden = card.split("<details", 1)
    assert "target 2.85: met" in shown and "Laporan" not in shown
    assert "<summary>Source</summary>" in hidden and "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024" in hidden


def test_with_few_provinces_the_overview_lists_them_once_and_no_empty_lowest_box(client, partial_2025):
    html = english(client, "/", tahun="2025").content.decode()
    assert "Lowest provinces" not in html and "No data" not in html
    section = html.split("Provinces with a score for 2025", 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="/wilayah/(\d+)/"', section) == ["64", "62"]  # 4.13 before 3.41


def test_with_every_province_the_overview_has_a_highest_and_a_lowest_box(client, published):
    html = english(client, "/").content.decode()
    lowest = html.split("Lowest provinces", 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="/wilayah/(\d+)/"', lowest) == ["93", "95", "94", "91", "92"]
    assert "Provinces with a score for" not in html


def test_a_year_without_any_province_says_so_and_draws_no_empty_map(client, published):
    source = Source.objects.create(
        title="Hasil Pemantauan SPBE 2025 (per instansi)", document="x", kind="official"
    )
    Score.objects.create(instance_id="kemendikdasmen", year=2025, value=Decimal("4.23"), source=source)
    response = english(client, "/", tahun="2025")
    html = response.content.decode()
    assert "No province has a score for 2025." in html
    assert not response.context["tiles_chart"]
    # Its one score has nothing earlier to rise from: said so, not "no data".
    assert (
        "No instance with a score for 2025 has an earlier score under the same framework to compare with."
        in html
    )


def test_the_predicate_chart_of_a_partial_year_says_which_years_it_counts(client, partial_2025):
    summary = english(client, "/", tahun="2025").context["predicate_chart"].summary
    assert summary == (
        "Counted only for the years with KemenPANRB's whole national table (2018, 2021, 2022, 2023, 2024). In 2024, 615 "
        "instances have a score: 48 Memuaskan, 182 Sangat Baik, 239 Baik, 127 Cukup, 19 Kurang."
    )
    assert english(client, "/").context["predicate_chart"].summary.startswith("In 2024, 615 instances")


def test_the_provinces_table_has_a_caption_and_announces_its_sort(client, published):
    html = client.get("/", {"sort": "-value"}).content.decode()
    table = html.split('id="provinces-region"', 1)[1].split("</thead>", 1)[0]
    assert 'role="region" tabindex="0" aria-labelledby="provinces-caption"' in table
    assert '<caption id="provinces-caption"' in table
    value = table.split('id="sort-provinces-value"', 1)[0].rsplit("<th", 1)[1]
    assert 'aria-sort="descending"' in value
    # The arrow is for the eye only, and the link comes back to itself after sorting.
    assert '<span class="sort-mark" aria-hidden="true">▼</span>' in table
    assert 'href="?sort=value#sort-provinces-value"' in table
    assert table.count("aria-sort") == 1


def test_choosing_a_year_comes_back_to_the_year_picker(client, published):
    html = client.get("/").content.decode()
    assert '<form class="inline-form" method="get" action="#year-picker">' in html
    assert '<select name="tahun" id="year-picker">' in html


@pytest.mark.parametrize("path", ["/", "/peringkat/", "/wilayah/63.11/", "/cari/?q=bandung"])
def test_every_page_starts_with_a_link_past_the_header_to_its_content(client, published, path):
    html = client.get(path).content.decode()
    body = html.split("<body>", 1)[1]
    assert '<a class="skip-link" href="#main">' in body.split("<header", 1)[0]  # before the header
    assert '<main class="wrap" id="main" tabindex="-1">' in body


def test_the_main_navigation_marks_the_current_page_and_leaves_data_entry_to_the_footer(client, published):
    html = client.get("/peringkat/").content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<a href="/peringkat/" aria-current="page">' in header
    assert "/admin/" not in header and 'href="/admin/"' in html.split("<footer", 1)[1]
