from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.loading import sample_generate
from indices.models import Score
from regions.models import Region

pytestmark = pytest.mark.django_db


def rows_by_code(response):
    return {row.record["region"].code: row for row in response.context["table"].rows}


def test_home_is_served_at_the_root_in_indonesian(client, demo):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Indeks SPBE 2025: ikhtisar nasional" in page


def test_home_takes_the_latest_evaluation_year_and_every_province(client, demo):
    response = client.get("/")
    assert response.context["year"] == 2025
    rows = rows_by_code(response)
    assert len(rows) == 38
    assert rows["62"].get_cell("value") == "3,41"
    assert "Baik" in rows["62"].get_cell("predicate")
    assert rows["62"].get_cell("change") == "+0,54"
    assert rows["64"].get_cell("value") == "4,13"
    assert "Sangat Baik" in rows["64"].get_cell("predicate")
    assert rows["11"].get_cell("value") == "—"


def test_home_figures_match_the_database(client, demo):
    response = client.get("/", {"tahun": "2024"})
    overview = response.context["overview"]
    scores = Score.objects.official().real().filter(year=2024)
    provinces = scores.filter(region__kind="provinsi")
    assert overview["count"] == scores.count() == 5
    assert overview["province_count"] == provinces.count() == 2
    assert overview["province_mean"] == Decimal("3.33")  # (2.87 + 3.79) / 2
    assert overview["local_mean"] == Decimal("3.28")  # (3.34 + 3.27 + 3.22) / 3
    assert [r["code"] for r in overview["top"]] == ["64", "62"]
    assert response.context["national"].value == Decimal("3.12")


def test_home_shows_the_published_national_index_with_its_source(client, demo):
    page = client.get("/", {"tahun": "2024"}).content.decode()
    assert "3,12" in page
    assert "615" in page


def test_home_counts_predicates_per_year(client, demo):
    chart = client.get("/").context["predicate_chart"]
    assert chart.columns[1:6] == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert ["2024", "0", "0", "4", "1", "0", "5"] in chart.rows
    assert ["2022", "0", "2", "1", "0", "0", "3"] in chart.rows  # 1.90 and 2.38 Cukup, 2.83 Baik


def test_home_colours_the_province_tiles_by_predicate(client, demo):
    chart = client.get("/").context["tiles_chart"]
    colours = {shape["fillcolor"] for shape in chart.figure["layout"]["shapes"]}
    assert {"#fee08b", "#91cf60"} <= colours  # Kalteng Baik, Kaltim Sangat Baik
    assert chart.rows == [["Kalimantan Tengah", "3,41", "Baik"], ["Kalimantan Timur", "4,13", "Sangat Baik"]]


def test_home_shows_a_point_in_english(client, demo):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "3.41" in page
    assert "3,41" not in page
    assert "SPBE index 2025: national overview" in page


def test_home_ignores_self_assessments(client, demo, make_score):
    make_score(Region.objects.get(code="62"), 2025, "3.90", status="self_assessed")
    assert rows_by_code(client.get("/"))["62"].get_cell("value") == "3,41"


def test_home_never_mixes_sample_data_into_published_figures(client, demo):
    sample_generate(regions=Region.objects.provinces())
    response = client.get("/")
    assert response.context["overview"]["province_count"] == 2
    assert "Data contoh" not in response.content.decode()


def test_home_sample_view_is_labelled_and_shows_only_sample_data(client, demo):
    sample_generate(regions=Region.objects.provinces())
    response = client.get("/", {"data": "contoh"})
    page = response.content.decode()
    assert response.context["overview"]["province_count"] == 38
    assert "Data contoh" in page
    # The published national index stays as published, beside the sample view.
    assert client.get("/", {"tahun": "2024"}).context["national"].value == Decimal("3.12")
    # The choice holds for the session until switched back.
    assert client.get("/").context["sample"] is True
    assert client.get("/", {"data": "resmi"}).context["sample"] is False


def test_home_links_each_score_to_its_source(client, demo):
    page = client.get("/").content.decode()
    assert '<a href="https://kaltengterkini.co.id/?p=52789" rel="noopener">' in page


def test_home_sorts_by_index(client, demo):
    rows = list(client.get("/", {"tahun": "2024", "sort": "-value"}).context["table"].rows)
    assert [row.record["region"].code for row in rows[:2]] == ["64", "62"]


def test_home_without_any_score_says_so(client, register, frameworks):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada skor" in response.content.decode()


def test_home_queries_do_not_grow_with_the_data(client, register, frameworks, django_assert_num_queries):
    provinces = list(Region.objects.provinces())
    sample_generate(regions=provinces[:4], years=(2023, 2024))
    with CaptureQueriesContext(connection) as small:
        client.get("/", {"data": "contoh"})
    sample_generate(regions=Region.objects.evaluated(), years=(2018, 2019, 2021, 2022, 2023, 2024, 2025))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/", {"data": "contoh"})


def test_unknown_page_gets_the_portals_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_home_provinces_table_downloads_as_xlsx(client, demo):
    import io

    import openpyxl

    response = client.get("/", {"tahun": "2024", "sort": "-value", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 39
    assert rows[1][:3] == ("64", "Kalimantan Timur", 3.79)


def test_every_page_links_the_whole_dataset_download(client, demo):
    page = client.get("/").content.decode()
    assert 'href="/unduh/data.csv"' in page and 'href="/unduh/data.xlsx"' in page
    response = client.get("/unduh/data.csv")
    assert response.status_code == 200
    assert "Kalimantan Tengah" in response.content.decode("utf-8-sig")
