"""Export of the whole dataset, and export -> import on an empty database giving the same data back."""

import csv
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from indices.exports import dataset_export
from indices.loading import demo_load, sample_generate
from indices.models import NationalIndex, Score, Source, Target
from indices.services import scores_import, targets_import
from regions.models import Region

pytestmark = pytest.mark.django_db

SOURCE_FIELDS = ("title", "publisher", "url", "document", "published_on", "note")


@pytest.fixture
def dataset(register, frameworks):
    """The published demo figures, every status, awkward notes and a sample dataset beside them."""
    demo_load()
    tricky = Source.objects.create(
        title='=HYPERLINK("http://example.invalid")',
        publisher="@publisher",
        document="+62 document; with, separators",
        note="line one\nline two",
    )
    Score.objects.create(
        region_id="64.01", year=2022, value=Decimal("2.83"), status="self_assessed", source=tricky
    )
    Score.objects.create(
        region_id="62.02",
        year=2025,
        value=Decimal("3.30"),
        status="carried_over",
        source=tricky,
        note="-dibawa",
    )
    sample_generate(regions=Region.objects.filter(code__in=["11", "11.01"]), years=(2023, 2024))


def published():
    """Every published score and target by its natural key, with its source spelt out."""
    scores = [
        (s.region_id, s.year, s.value, s.status, s.note, *(getattr(s.source, f) for f in SOURCE_FIELDS))
        for s in Score.objects.real().select_related("source")
    ]
    targets = [
        (t.region_id, t.year, t.value, t.document, t.note, *(getattr(t.source, f) for f in SOURCE_FIELDS))
        for t in Target.objects.filter(is_sample=False).select_related("source")
    ]
    return sorted(scores), sorted(targets)


def empty_the_database():
    NationalIndex.objects.all().delete()
    Score.objects.all().delete()
    Target.objects.all().delete()
    Source.objects.all().delete()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_on_an_empty_database_gives_the_same_data(dataset, file_format):
    before = published()
    data = dataset_export(file_format=file_format)
    empty_the_database()
    name = f"data.{file_format}"
    scores = scores_import(data=data, filename=name)
    targets = targets_import(data=data, filename=name)
    assert scores.errors == [] and targets.errors == []
    assert published() == before
    assert not Score.objects.filter(is_sample=True).exists()
    assert scores.skipped == len(before[1]) + 2 * 2 + 2  # target rows, sample scores, sample targets


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_an_export_into_the_same_database_changes_nothing(dataset, database_state, file_format):
    data = dataset_export(file_format=file_format)
    before = database_state()
    assert scores_import(data=data, filename=f"x.{file_format}").unchanged == Score.objects.real().count()
    assert targets_import(data=data, filename=f"x.{file_format}").unchanged == 2
    assert database_state() == before


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_the_csv_has_the_importers_columns_the_predicate_and_a_sample_flag(dataset):
    rows = csv_rows(dataset_export(file_format="csv"))
    assert list(rows[0]) == [
        "jenis", "kode", "nama", "tahun", "indeks", "target", "predikat", "status", "dokumen", "sumber",
        "penerbit", "url_sumber", "dokumen_sumber", "tanggal_sumber", "catatan_sumber", "catatan", "contoh",
    ]  # fmt: skip
    kalteng_2024 = next(r for r in rows if (r["kode"], r["tahun"], r["contoh"]) == ("62", "2024", ""))
    assert (kalteng_2024["indeks"], kalteng_2024["predikat"], kalteng_2024["status"]) == (
        "2.87",
        "Baik",
        "final",
    )
    assert (
        kalteng_2024["sumber"] == "Sosialisasi Akhir Pendampingan Evaluasi SPBE Tahun 2025 di Pemprov Kalteng"
    )
    assert {r["contoh"] for r in rows if r["kode"] == "11"} == {"ya"}
    target = next(r for r in rows if r["jenis"] == "target" and r["kode"] == "64")
    assert (target["target"], target["dokumen"], target["tanggal_sumber"]) == ("3.00", "other", "2024-06-20")


def test_text_that_a_spreadsheet_would_run_is_quoted_in_csv_and_kept_as_text_in_xlsx(dataset):
    rows = csv_rows(dataset_export(file_format="csv"))
    assert {r["sumber"] for r in rows if r["status"] == "dibawa"} == {
        '\'=HYPERLINK("http://example.invalid")'
    }
    sheet = load_workbook(io.BytesIO(dataset_export(file_format="xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_xlsx_scores_are_numbers_with_two_decimals(dataset):
    sheet = load_workbook(io.BytesIO(dataset_export(file_format="xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    value = sheet.cell(row=2, column=header.index("indeks") + 1)
    assert isinstance(value.value, float) and value.number_format == "0.00"


def test_the_export_command_writes_a_file_and_standard_output(dataset, tmp_path):
    call_command("export_data", "--format", "xlsx", str(tmp_path / "data.xlsx"))
    assert (tmp_path / "data.xlsx").read_bytes().startswith(b"PK")
    out = StringIO()
    call_command("export_data", "--format", "csv", "-", stdout=out)
    assert out.getvalue().encode() == dataset_export(file_format="csv")


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/unduh/data.csv", "text/csv; charset=utf-8"),
        ("/unduh/data.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_portal_offers_the_dataset_as_a_download(client, dataset, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content == dataset_export(file_format=url.rsplit(".", 1)[1], sample=False)


def test_the_portal_download_never_mixes_sample_data_into_published_figures(client, dataset):
    published = csv_rows(client.get("/unduh/data.csv").content)
    assert published and {r["contoh"] for r in published} == {""}
    response = client.get("/unduh/data.csv", {"data": "contoh"})
    assert 'filename="data-contoh-spbe.csv"' in response["Content-Disposition"]
    assert {r["contoh"] for r in csv_rows(response.content)} == {"ya"}


def test_the_download_404s_for_another_format(client, db):
    with translation.override("en"):
        assert client.get("/unduh/data.pdf").status_code == 404
