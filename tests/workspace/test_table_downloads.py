"""The workspace's tables download like the public pages' (issue 24): the overview's domains and aspects,
the evidence completeness per aspect, the Pemerintah Digital calendar and the recommendations, each as CSV
and XLSX holding exactly its rows as shown, numbers as numbers and a source; only for those who may read
the workspace, never stored by a cache, never reached anonymously."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from indices.models import Framework
from indices.workspace.models import Assessment, IndicatorLevel
from tests.indices.test_shown_table_downloads import body_rows, download_links, shown_as, tables_of
from tests.workspace.test_evidence import OWN, item
from tests.workspace.test_recommendations import recommend

YEAR = 2025  # SPBE 2020: 4 domains, 8 aspects, 47 indicators
PAGES = [f"/ruang-kerja/{OWN}/{YEAR}/", f"/ruang-kerja/{OWN}/{YEAR}/bukti/", f"/ruang-kerja/{OWN}/2026/"]
RECOMMENDATIONS = f"/ruang-kerja/{OWN}/rekomendasi/"
# One download of each page and the recommendations', by the address that asks for it.
DOWNLOADS = [
    f"/ruang-kerja/{OWN}/{YEAR}/?tabel=komponen&_export=xlsx",
    f"/ruang-kerja/{OWN}/{YEAR}/bukti/?tabel=bukti-aspek-1&_export=csv",
    f"/ruang-kerja/{OWN}/2026/?tabel=kalender&_export=xlsx",
    f"{RECOMMENDATIONS}?_export=xlsx",
]


@pytest.fixture
def worked_on(people, evidence_root):
    """Kapuas's 2025 workspace: every indicator self-assessed at 2 (indicator 1 at 3), final levels on the
    first aspect, accepted and pending evidence, a recommendation."""
    framework = Framework.objects.for_year(YEAR)
    assessment = Assessment.objects.create(instance_id=OWN, year=YEAR, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        final = Decimal(4) if node.parent.number == 1 else None
        self_level = Decimal(3 if node.number == 1 else 2)
        IndicatorLevel.objects.create(
            assessment=assessment, node=node, self_level=self_level, final_level=final
        )
    item(OWN, 1, status="diterima", supports_level=3)
    item(OWN, 2, status="diunggah", supports_level=2)
    recommend(year=2024)
    return assessment


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_table_of_a_workspace_page_offers_a_download(client, people, worked_on, path):
    page = signed_in(client, people["operator"]).get(path).content.decode()
    tables = set(tables_of(page))
    assert tables, path
    assert tables == download_links(page), path


@pytest.mark.parametrize("path", PAGES)
def test_every_workspace_tables_download_holds_its_rows_exactly_with_numbers_and_a_source(
    client, people, worked_on, path
):
    signed_in(client, people["operator"])
    page = client.get(path).content.decode()
    tables = tables_of(page)
    assert download_links(page), path
    for table_id in download_links(page):
        shown = body_rows(tables[table_id])
        response = client.get(path, {"tabel": table_id, "_export": "xlsx"})
        assert response.status_code == 200 and f"-{table_id}.xlsx" in response["Content-Disposition"]
        sheet = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        headers, rows = sheet[0], sheet[1:]
        assert "Sumber" in headers, (path, table_id, headers)
        source = headers.index("Sumber")
        assert rows and all(row[source] for row in rows), (path, table_id)
        assert len(rows) == len(shown), (path, table_id)
        for row, cells in zip(rows, shown, strict=True):
            written = [c for i, c in enumerate(row) if i != source or len(cells) > source]
            expected = [shown_as(cell) for cell in cells]
            got = [Decimal(str(c)) if isinstance(c, int | float) else c for c in written[: len(expected)]]
            assert got == expected, (path, table_id)
        lines = list(csv.reader(io.StringIO(client.get(path, {"tabel": table_id, "_export": "csv"}).text)))
        assert len(lines) == len(rows) + 1


def test_the_overview_s_values_download_as_numeric_cells(client, people, worked_on):
    signed_in(client, people["operator"])
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/", {"tabel": "komponen", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Komponen",
        "Bobot (%)",
        "Penilaian mandiri (draf)",
        "Data dukung diterima (draf)",
        "Final",
    )
    domain = rows[1]
    assert domain[0].startswith("Domain 1")
    assert all(isinstance(value, int | float) for value in domain[1:5])
    assert domain[4] == 4  # the final levels of its one aspect, all 4


def test_the_evidence_counts_download_as_whole_numbers(client, people, worked_on):
    signed_in(client, people["operator"])
    response = client.get(f"/ruang-kerja/{OWN}/{YEAR}/bukti/", {"tabel": "bukti-aspek-1", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    first = rows[1]
    assert first[0].startswith("1. ") and first[1:3] == (3, 3)  # claimed 3, accepted evidence backs 3
    assert all(isinstance(count, int) for count in first[3:8])
    assert sum(first[3:8]) == 1


@pytest.mark.parametrize("address", DOWNLOADS)
def test_a_workspace_download_is_private_and_never_stored(client, people, worked_on, address):
    response = signed_in(client, people["operator"]).get(address)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("address", DOWNLOADS)
def test_only_those_who_may_read_the_workspace_get_its_downloads(client, people, worked_on, address):
    for name in ("operator", "coordinator", "reviewer", "national"):
        response = signed_in(client, people[name]).get(address)
        assert response["Content-Disposition"].startswith("attachment"), name
    for name in ("other operator", "no role", "not staff"):
        response = signed_in(client, people[name]).get(address)
        assert response.status_code == 403 and "Content-Disposition" not in response, name
    client.logout()
    response = client.get(address)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "Content-Disposition" not in response


def test_a_table_the_page_does_not_have_is_not_found(client, people, worked_on):
    signed_in(client, people["operator"])
    assert (
        client.get(f"/ruang-kerja/{OWN}/{YEAR}/", {"tabel": "rahasia", "_export": "csv"}).status_code == 404
    )
