"""Every table downloads (issue 24): on the overview, a province's, a regency's and an agency's page and the
comparison, each table offers CSV and XLSX holding exactly its rows as shown, numbers as numbers and the
source of its figures."""

import csv
import html as entities
import io
import re
from decimal import Decimal

import openpyxl
import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/wilayah/62/",
    "/wilayah/63.11/",
    "/instansi/kemenkeu/",
    "/bandingkan/?wilayah=62&wilayah=64.01&wilayah=kemenkeu",
]
# The django-tables2 tables, downloaded by `?_export=` alone (tests/indices/test_views_rankings.py).
TABLES2 = {"provinces", "children", "ranking"}


def tables_of(page: str) -> dict[str, str]:
    """Every table of the page by id, its HTML."""
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r'<table[^>]*\bid="([^"]+)".*?</table>', page, re.S)
    }


def body_rows(table: str) -> list[list[str]]:
    """The text of each cell of the table's body and foot, as a reader hears it (nothing hidden from
    speech)."""
    body = table.split("<tbody", 1)[1].split("</table>", 1)[0]
    body = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", body, flags=re.S)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(entities.unescape(re.sub(r"<[^>]+>", "", cell)).split()) for cell in cells])
    return rows


def shown_as(cell: str):
    """A cell's text as the download should hold it."""
    if cell in ("", "—"):
        return None
    number = re.fullmatch(r"([+−±]?)(\d+)(?:,(\d+))?", cell)
    if number:
        sign, whole, decimals = number.groups()
        value = Decimal(f"{whole}.{decimals}") if decimals else Decimal(whole)
        return -value if sign == "−" else value
    return cell


def download_links(page: str) -> set[str]:
    return set(re.findall(r'href="\?[^"]*?tabel=([^"&]+)&amp;_export=csv"', page))


@pytest.mark.parametrize("path", PAGES)
def test_every_table_of_the_page_offers_a_download(client, published, path):
    page = client.get(path).content.decode()
    tables = set(tables_of(page))
    assert tables, path
    assert tables - TABLES2 == download_links(page), path


@pytest.mark.parametrize("path", PAGES)
def test_every_tables_download_holds_its_rows_exactly_with_numbers_and_a_source(client, published, path):
    page = client.get(path).content.decode()
    tables = tables_of(page)
    base, _, query = path.partition("?")
    for table_id in download_links(page):
        shown = body_rows(tables[table_id])
        query_for = f"{query}&" if query else ""
        response = client.get(f"{base}?{query_for}tabel={table_id}&_export=xlsx")
        assert response.status_code == 200 and f"-{table_id}.xlsx" in response["Content-Disposition"]
        sheet = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        headers, rows = sheet[0], sheet[1:]
        assert "Sumber" in headers, (path, table_id, headers)
        source = headers.index("Sumber")
        assert all(row[source] for row in rows), (path, table_id)
        assert len(rows) == len(shown), (path, table_id)
        for row, cells in zip(rows, shown, strict=True):
            written = [c for i, c in enumerate(row) if i != source or len(cells) > source]
            expected = [shown_as(cell) for cell in cells]
            got = [Decimal(str(c)) if isinstance(c, int | float) else c for c in written[: len(expected)]]
            assert got == expected, (path, table_id)
        # The same rows in CSV.
        lines = list(
            csv.reader(io.StringIO(client.get(f"{base}?{query_for}tabel={table_id}&_export=csv").text))
        )
        assert len(lines) == len(rows) + 1


def test_kalimantan_tengah_s_scores_download_with_numbers_and_their_source(client, published):
    response = client.get("/wilayah/62/", {"tabel": "skor", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Tahun", "Indeks", "Predikat", "Jenis sumber", "Sumber")
    latest = rows[1]  # newest first, as the page lists them
    assert latest[:3] == (2024, 2.87, "Baik")
    assert isinstance(latest[0], int) and isinstance(latest[1], float)
    assert latest[4].startswith("Laporan Pelaksanaan Evaluasi SPBE Tahun 2024")


def test_a_chart_s_data_downloads_with_its_source(client, published):
    response = client.get("/", {"tabel": "data-national", "_export": "csv", "desimal": "titik"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][-1] == "Sumber" and lines[-1][:2] == ["2024", "3.12"]


def test_an_unknown_table_is_refused_and_a_missing_one_not_found(client, published):
    assert client.get("/wilayah/62/", {"tabel": "rahasia", "_export": "csv"}).status_code == 400
    assert client.get("/wilayah/63.11/", {"tabel": "sebaran", "_export": "csv"}).status_code == 404
