"""The tables' downloads are made for spreadsheets: numbers are numbers (XLSX) or written in one convention per
file (CSV, with semicolons and a decimal comma unless a decimal point is asked for), and every figure names its
source: the publication, its table and row, and the kind of source in words."""

import csv
import io
import re

import openpyxl
import pytest

pytestmark = pytest.mark.django_db

# The three tables of the public pages, each filtered to a few rows.
TABLES = [
    ("/peringkat/", {"tahun": "2024", "jenis": "kementerian"}),
    ("/wilayah/64/", {"tahun": "2024"}),
    ("/", {"tahun": "2024"}),
]
NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
SOURCE_COLUMNS = ["Jenis sumber", "Sumber", "letak dalam sumber"]


def csv_lines(response, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


def sheet_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows())


def decimal_marks(text: str, delimiter: str) -> set[str]:
    """The decimal marks of every number in a CSV file's cells but its codes (a regency's code, 64.01, is
    text)."""
    header, *lines = csv.reader(io.StringIO(text), delimiter=delimiter)
    cells = [cell for line in lines for name, cell in zip(header, line, strict=True) if name != "Kode"]
    return {mark for cell in cells if NUMBER.fullmatch(cell) for mark in re.findall(r"[.,]", cell)}


def test_the_rankings_xlsx_holds_domain_values_indices_ranks_and_years_as_numbers(client, published):
    response = client.get(
        "/peringkat/", {"tahun": "2024", "jenis": "kementerian", "tampilan": "lengkap", "_export": "xlsx"}
    )
    rows = sheet_rows(response)
    kemenkeu = next(row for row in rows if any(cell.value == "kemenkeu" for cell in row))
    domains = kemenkeu[-4:]
    assert [cell.value for cell in domains] == [5.00, 4.80, 4.09, 4.87]
    assert all(cell.data_type == "n" and cell.number_format == "0.00" for cell in domains)
    header = [cell.value for cell in rows[0]]
    assert header[-4:] == ["D1", "D2", "D3", "D4"]
    index, rank, year = (kemenkeu[header.index(name)] for name in ("Indeks", "Peringkat", "Tahun"))
    assert (index.value, index.number_format) == (4.74, "0.00")
    assert (rank.value, rank.number_format, year.value, year.number_format) == (2, "0", 2024, "0")


def test_the_children_and_provinces_xlsx_hold_numbers_only_in_their_number_columns(client, published):
    for path, query in TABLES[1:]:
        rows = sheet_rows(client.get(path, query | {"_export": "xlsx"}))
        header = [cell.value for cell in rows[0]]
        numeric = [name for name in header if name in ("Indeks", "Target", "Tahun", "D1", "D2", "D3", "D4")]
        assert {"Indeks", "Tahun"} <= set(numeric) and ("D1" in numeric) == (path != "/")
        for row in rows[1:]:
            for name in numeric:
                cell = row[header.index(name)]
                assert cell.value is None or cell.data_type == "n", (path, name, cell.value)


@pytest.mark.parametrize(("path", "query"), TABLES)
def test_a_table_csv_writes_every_number_with_a_decimal_comma_between_semicolons(
    client, published, path, query
):
    response = client.get(path, query | {"_export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert decimal_marks(text, ";") == {","}
    lines = csv_lines(response, ";")
    assert len({len(line) for line in lines}) == 1 and len(lines[0]) > 5
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8


@pytest.mark.parametrize(("path", "query"), TABLES)
def test_a_table_csv_with_a_decimal_point_asked_for_writes_every_number_so(client, published, path, query):
    response = client.get(path, query | {"_export": "csv", "desimal": "titik"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert decimal_marks(text, ",") == {"."}
    lines = csv_lines(response, ",")
    assert len({len(line) for line in lines}) == 1 and len(lines[0]) > 5
    assert response["Content-Disposition"].endswith('-titik-desimal.csv"')


def test_the_rankings_csv_names_each_figure_s_source_its_table_and_row_and_its_kind(client, published):
    lines = csv_lines(
        client.get(
            "/peringkat/", {"tahun": "2024", "jenis": "kementerian", "tampilan": "lengkap", "_export": "csv"}
        ),
        ";",
    )
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    kemenkeu = next(row for row in rows if row["Kode"] == "kemenkeu")
    assert (kemenkeu["Indeks"], kemenkeu["D3"], kemenkeu["Tahun"]) == ("4,74", "4,09", "2024")
    assert kemenkeu["Sumber"] == "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
    assert kemenkeu["letak dalam sumber"] == "Tabel 9, no. 15"
    assert kemenkeu["Jenis sumber"] == "resmi"


@pytest.mark.parametrize(("path", "query"), TABLES)
def test_every_table_download_carries_the_source_columns_the_importer_reads(client, published, path, query):
    header = [cell.value for cell in sheet_rows(client.get(path, query | {"_export": "xlsx"}))[0]]
    assert set(SOURCE_COLUMNS + ["Kode", "Tahun", "Indeks"]) <= set(header)
    lines = csv_lines(client.get(path, query | {"_export": "csv"}), ";")
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert rows and all(
        row["Sumber"] and row["Jenis sumber"] in {"resmi", "kompilasi", "bawaan"} for row in rows
    )


def test_a_carried_over_figure_says_so_and_names_the_year_it_comes_from(client, published):
    lines = csv_lines(client.get("/peringkat/", {"tahun": "2022", "_export": "csv"}), ";")
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    carried = next(row for row in rows if row["Kode"] == "kemenpppa")
    assert (carried["Jenis sumber"], carried["dibawa dari"]) == ("bawaan", "2021")


@pytest.mark.parametrize(("path", "query"), TABLES)
def test_the_pages_offer_both_csv_conventions_and_xlsx(client, published, path, query):
    client.cookies["django_language"] = "en"
    page = client.get(path, query).content.decode()
    assert "CSV (decimal comma)" in page and "CSV (decimal point)" in page
    assert "desimal=titik" in page and "_export=xlsx" in page


def test_an_unknown_decimal_convention_is_refused_with_a_400(client, published):
    response = client.get("/peringkat/", {"_export": "csv", "desimal": "titikkoma"})
    assert response.status_code == 400 and "desimal" in response.content.decode()
