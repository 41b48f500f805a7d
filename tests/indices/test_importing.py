"""The file reader and cell parsers of bulk imports: no database needed."""

import contextlib
import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indices.transfer.cells import (
    MAX_FILE_BYTES,
    Formula,
    ImportFileError,
    name_key,
    parse_code,
    parse_decimal,
    parse_year,
)
from indices.transfer.headers import header_key
from indices.transfer.reading import read_table

pytestmark = pytest.mark.usefixtures("english")

HEADER = ["kode", "tahun", "indeks"]


def refusal(data: bytes, filename="data.csv") -> str:
    with pytest.raises(ImportFileError) as error:
        read_table(data, filename)
    return str(error.value)


def test_a_csv_with_bom_crlf_and_semicolons_reads_like_a_plain_one(csv_file):
    rows = [["Kode", "Nama", "Tahun", "Indeks"], ["63.11", "Kab. Balangan", "2024", "3,34"]]
    excel_id = csv_file(rows, delimiter=";", bom=True, newline="\r\n").read_bytes()
    plain = csv_file(rows, name="plain.csv").read_bytes()
    assert excel_id.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel_id
    assert read_table(excel_id) == read_table(plain)
    table = read_table(excel_id)
    assert table.headers == {"code": "Kode", "name": "Nama", "year": "Tahun", "score": "Indeks"}
    assert table.rows == [(2, {"code": "63.11", "name": "Kab. Balangan", "year": "2024", "score": "3,34"})]


def test_a_csv_saved_by_windows_excel_in_its_ansi_code_page_is_read():
    data = "kode;nama;tahun;indeks;catatan\r\n62;Kalimantan Tengah;2024;2,87;naik – baik\r\n".encode("cp1252")
    assert read_table(data).rows[0][1]["note"] == "naik – baik"


def test_a_utf16_unicode_text_file_from_excel_is_read():
    data = "kode\ttahun\tindeks\r\n62\t2024\t2,87\r\n".encode("utf-16")
    assert read_table(data).rows == [(2, {"code": "62", "year": "2024", "score": "2,87"})]


def test_english_headers_map_to_the_same_columns():
    table = read_table(b"Code,Year,Index,Status,Source\n62,2024,2.87,final,SK\n")
    assert set(table.headers) == {"code", "year", "score", "status", "source"}


def test_blank_rows_are_skipped_and_lines_keep_their_numbers():
    table = read_table(b"kode,tahun,indeks\n\n62,2024,2.87\n,,\n63,2024,2.69\n")
    assert [line for line, _ in table.rows] == [3, 5]


def test_an_unknown_column_is_listed_with_its_number_for_the_planner_to_refuse():
    table = read_table(b"kode,tahun,indeks,komentar\n62,2024,2.87,x\n")
    assert "komentar" not in str(table.headers)
    assert table.unknown == [(4, "komentar")]


def test_an_xlsx_with_numeric_cells_and_a_formula_is_read(xlsx_file):
    path = xlsx_file([["kode", "tahun", "indeks"], [62, 2024, 2.87], [63.1, 2024, "=B2/1000"]])
    table = read_table(path.read_bytes(), "data.xlsx")
    assert table.rows[0] == (2, {"code": 62, "year": 2024, "score": 2.87})
    assert table.rows[1][1]["score"] == Formula("=B2/1000")
    assert parse_code(table.rows[1][1]["code"]) == "63.10"


def test_a_csv_cell_starting_with_equals_is_a_formula():
    table = read_table(b"kode,tahun,indeks\n62,2024,=1+2\n")
    assert table.rows[0][1]["score"] == Formula("=1+2")


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."
    assert refusal(b"  \r\n\n") == "The file is empty."


def test_a_header_without_rows_is_refused():
    assert refusal(b"kode,tahun,indeks\r\n") == "The file has a header row but no data rows."


def test_a_50_mb_file_is_refused_before_it_is_read():
    message = refusal(b"kode,tahun,indeks\n" + b"62,2024,2.87\n" * (50 * 1024 * 1024 // 13))
    assert message == "The file is 50.0 MB; the limit is 5 MB."
    assert MAX_FILE_BYTES == 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "foto.png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "sk.pdf"),
        (bytes(range(256)) * 4, "data.csv"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(data, filename):
    assert refusal(data, filename) == "This is not a CSV or XLSX spreadsheet."


def test_an_old_xls_file_gets_advice():
    assert ".xls" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "data.xls")


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken zip"])
def test_a_damaged_xlsx_is_refused(data):
    assert "could not be read as XLSX" in refusal(data, "data.xlsx")


def test_a_text_file_without_known_columns_is_refused_with_what_it_found():
    assert "found: Dear Sir" in refusal(b"Dear Sir,\nplease find attached\n", "letter.txt")


def test_a_repeated_column_is_refused():
    assert refusal(b"kode,tahun,indeks,Indeks\n62,2024,2,3\n") == (
        "Column Indeks appears twice in the header row."
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("2,87", "2.87"),
        ("2.87", "2.87"),
        (" 2,87 ", "2.87"),
        ("3", "3"),
        (2.87, "2.87"),
        (3, "3"),
        ("0,5", "0.5"),
    ],
)
def test_decimals_are_read_with_a_comma_or_a_point(cell, value):
    assert parse_decimal(cell) == Decimal(value)


@pytest.mark.parametrize("cell", ["tiga", "", "2.8.7", "1.234,5", "2,87%", "1e3", True, None, float("nan")])
def test_text_in_a_number_column_is_not_a_number(cell):
    with pytest.raises(ValueError):
        parse_decimal(cell)


@pytest.mark.parametrize(("cell", "year"), [("2024", 2024), (2024, 2024), (2024.0, 2024)])
def test_years_are_read_from_text_and_numbers(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell", ["2024,5", "dua ribu", "24", ""])
def test_a_year_must_be_a_whole_year(cell):
    with pytest.raises(ValueError):
        parse_year(cell)


@pytest.mark.parametrize(
    ("cell", "code"), [(62, "62"), (63.1, "63.10"), (63.11, "63.11"), ("63,11", "63.11")]
)
def test_codes_survive_excel_turning_them_into_numbers(cell, code):
    assert parse_code(cell) == code


@pytest.mark.parametrize(
    "written",
    [
        "Kab. Balangan",
        "KABUPATEN  BALANGAN",
        "Pemerintah Kabupaten Balangan",
        "kab balangan",
        "Pemkab Balangan",
    ],
)
def test_names_match_after_normalising_kab_case_and_spaces(written):
    assert name_key(written) == name_key("Kabupaten Balangan")


def test_a_city_matches_with_or_without_the_space_in_its_name():
    assert name_key("Kota Palangka Raya") == name_key("Kota Palangkaraya")
    assert name_key("Provinsi Kalimantan Tengah") == name_key("Kalimantan Tengah")


def test_headers_ignore_case_spaces_and_hyphens():
    assert header_key(" URL-Sumber ") == header_key("url sumber") == "url_sumber"


# Properties -------------------------------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=5, places=2, allow_nan=False, allow_infinity=False)


@given(value=scores, comma=st.booleans(), pad=st.sampled_from(["", " ", "  ", "\xa0"]))
def test_any_score_written_with_a_comma_or_point_reads_back_exactly(value, comma, pad):
    text = f"{value:.2f}".replace(".", "," if comma else ".")
    assert parse_decimal(f"{pad}{text}{pad}") == value


@given(st.one_of(st.text(), st.floats(), st.integers(), st.none(), st.booleans()))
def test_parse_decimal_returns_a_decimal_or_raises_value_error(cell):
    with contextlib.suppress(ValueError):
        assert isinstance(parse_decimal(cell), Decimal)


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_table_or_a_clear_refusal(data):
    try:
        read_table(data, "upload.csv")
    except ImportFileError as error:
        assert str(error)


@settings(max_examples=100)
@given(data=st.binary(max_size=500), prefix=st.sampled_from([b"PK\x03\x04", b"kode;tahun;indeks\r\n"]))
def test_damaged_zips_and_half_csvs_give_a_table_or_a_clear_refusal(data, prefix):
    try:
        read_table(prefix + data, "upload.xlsx" if prefix.startswith(b"PK") else "upload.csv")
    except ImportFileError as error:
        assert str(error)


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20
).filter(lambda text: not text.strip().startswith(("=", "'")))


@settings(max_examples=150)
@given(
    rows=st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_csv_cells_survive_any_dialect_excel_writes(rows, delimiter, newline, bom):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows([HEADER, *rows])
    data = ("\ufeff" if bom else "") + out.getvalue()
    expected = [[cell.strip() for cell in row] for row in rows]
    expected = [row for row in expected if any(row)]
    if not expected:
        assert "no data rows" in refusal(data.encode())
        return
    table = read_table(data.encode())
    assert [[cells["code"], cells["year"], cells["score"]] for _, cells in table.rows] == expected
