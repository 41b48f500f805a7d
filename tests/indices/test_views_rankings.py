import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.loading import sample_generate
from regions.models import Region

pytestmark = pytest.mark.django_db


def records(response):
    return [row.record for row in response.context["table"].rows]


def test_rankings_default_to_the_latest_year(client, demo):
    response = client.get("/peringkat/")
    assert response.status_code == 200
    assert response.context["year"] == 2025


def test_rankings_rank_each_kind_nationally_with_rank_change(client, demo):
    rows = {r["code"]: r for r in records(client.get("/peringkat/", {"tahun": "2024"}))}
    # Kabupaten 2024: Balangan 3.34 (2023: 2.69, 3rd), Paser 3.27 (2.90, 2nd), Kotim 3.22 (3.11, 1st).
    assert [(c, rows[c]["rank"], rows[c]["rank_change"]) for c in ("63.11", "64.01", "62.02")] == [
        ("63.11", 1, 2), ("64.01", 2, 0), ("62.02", 3, -2)]  # fmt: skip
    assert (rows["64"]["rank"], rows["62"]["rank"]) == (1, 2)
    assert rows["63.11"]["change"] == Decimal("0.65")


def test_filtering_keeps_the_national_rank(client, demo):
    rows = records(client.get("/peringkat/", {"tahun": "2024", "provinsi": "62"}))
    assert [(r["code"], r["rank"]) for r in rows] == [("62", 2), ("62.02", 3)]


def test_rankings_filter_by_kind_and_predicate(client, demo):
    kabupaten = records(client.get("/peringkat/", {"tahun": "2024", "jenis": "kabupaten"}))
    assert {r["code"] for r in kabupaten} == {"63.11", "64.01", "62.02"}
    sangat_baik = records(client.get("/peringkat/", {"tahun": "2024", "predikat": "Sangat Baik"}))
    assert [r["code"] for r in sangat_baik] == ["64"]


def test_rankings_sort_by_index(client, demo):
    rows = records(client.get("/peringkat/", {"tahun": "2024", "sort": "-value"}))
    assert [r["code"] for r in rows] == ["64", "63.11", "64.01", "62.02", "62"]


def test_rankings_csv_is_the_filtered_table(client, demo):
    response = client.get("/peringkat/", {"tahun": "2024", "jenis": "kabupaten", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "peringkat-spbe-2024.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert len(lines) == 4
    assert lines[1][2:4] == ["63.11", "Kabupaten Balangan"]
    assert lines[1][6:8] == ["3.34", "Baik"]


def test_rankings_xlsx_is_the_filtered_table_with_numbers(client, demo):
    response = client.get("/peringkat/", {"tahun": "2024", "provinsi": "64", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3
    assert [row[2] for row in values[1:]] == ["64", "64.01"]


def test_rankings_for_a_year_without_data_say_so(client, register, frameworks):
    response = client.get("/peringkat/")
    assert "Belum ada skor" in response.content.decode()


def test_rankings_queries_do_not_grow_with_the_data(client, register, frameworks, django_assert_num_queries):
    sample_generate(regions=Region.objects.filter(code__in=["62", "63", "63.11"]), years=(2023, 2024))
    with CaptureQueriesContext(connection) as small:
        client.get("/peringkat/", {"data": "contoh"})
    sample_generate(years=(2018, 2019, 2021, 2022, 2023, 2024, 2025))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/peringkat/", {"data": "contoh"})


def test_table_downloads_cannot_carry_spreadsheet_formulas(client, demo):
    from indices.models import Source

    Source.objects.filter(title__startswith="Indeks SPBE Provinsi Kalimantan Tengah").update(
        title='=HYPERLINK("http://example.invalid","resmi")'
    )
    csv_text = client.get("/", {"_export": "csv"}).content.decode("utf-8")
    assert "'=HYPERLINK" in csv_text
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/", {"_export": "xlsx"}).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    # One policy with the dataset download: a text cell, exactly as stored, that a spreadsheet never runs.
    assert cells and all(cell.data_type == "s" and str(cell.value).startswith("=HYPERLINK") for cell in cells)


def test_only_csv_and_xlsx_downloads_are_offered(client, demo):
    response = client.get("/peringkat/", {"_export": "json"})
    assert response["Content-Type"].startswith("text/html")


def test_sample_table_downloads_say_so_in_their_name(client, register, frameworks):
    sample_generate(regions=Region.objects.provinces(), years=(2024,))
    response = client.get("/peringkat/", {"data": "contoh", "_export": "csv"})
    assert "peringkat-spbe-2024-data-contoh.csv" in response["Content-Disposition"]


def test_an_invalid_year_is_reported_and_the_other_filters_still_apply(client, demo):
    response = client.get("/peringkat/", {"tahun": "abc", "jenis": "provinsi"})
    assert response.context["year"] == 2025
    assert {r["kind"] for r in records(response)} == {"provinsi"}
    assert response.context["form"].errors["tahun"]


def test_leaving_the_sample_view_keeps_the_page_filters(client, register, frameworks):
    sample_generate(regions=Region.objects.provinces(), years=(2024,))
    page = client.get(
        "/peringkat/", {"data": "contoh", "tahun": "2024", "jenis": "provinsi"}
    ).content.decode()
    assert 'href="?data=resmi&amp;tahun=2024&amp;jenis=provinsi"' in page
