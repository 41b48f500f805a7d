"""An update never mixes sources and never drops a published value silently (issue 21): a new source
replaces the whole citation, domain values stay only with their publication, a press figure stands beside
the result instead of over it, and the preview shows every field that changes and counts refused rows as
refused. On Kalimantan Timur's 2024 report row (3,79, Tabel 36 no. 1, four domain values)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from indices.models import Assignment, Score
from indices.transfer.services import scores_import
from tests.conftest import account
from tests.indices.test_access import ELSEWHERE, OWN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published", "english")]

REPORT = "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"
PRESS = "Pemprov Kaltim raih Indeks SPBE 3,79 (Laporan Hasil Evaluasi SPBE Tahun 2024)"


def kaltim_2024(status="final"):
    return Score.objects.get(instance_id="64", year=2024, status=status)


def held(score):
    return (
        score.value,
        score.source.title,
        score.source_detail,
        sorted(score.node_values.values_list("node__number", "value")),
    )


def run(text: str, **options):
    options = {"update": True} | options
    return scores_import(data=text.encode(), filename="kaltim.csv", **options)


@pytest.fixture
def report_row():
    score = kaltim_2024()
    assert held(score)[:3] == (Decimal("3.79"), REPORT, "Tabel 36, no. 1")
    assert len(held(score)[3]) == 4
    return held(score)


def test_a_press_row_over_the_report_row_stands_beside_it(report_row):
    """Before: a press row without status updated the official row, its citation "Tabel 36, no. 1" now
    pointing into the article and its domain values gone."""
    result = run(
        'kode,tahun,indeks,sumber,penerbit,jenis_sumber\n64,2024,"3,10",uzone.id: SPBE Kaltim,uzone.id,berita\n'
    )
    assert result.applied, result.errors
    assert held(kaltim_2024()) == report_row
    press = kaltim_2024("reported")
    assert (press.value, press.source.title, press.source.kind, press.source_detail) == (
        Decimal("3.10"),
        "uzone.id: SPBE Kaltim",
        "press",
        "",
    )


def test_a_row_citing_a_press_source_without_a_status_is_the_press_figure(report_row):
    result = run(f"kode;tahun;indeks;sumber\n64;2024;3,10;{PRESS}\n")
    assert result.applied, result.errors
    assert held(kaltim_2024()) == report_row
    assert kaltim_2024("reported").value == Decimal("3.10")


def test_a_press_source_never_stands_for_a_final_result(report_row):
    result = run(f"kode;tahun;indeks;status;sumber\n64;2024;3,10;final;{PRESS}\n")
    assert not result.applied
    assert [error.message for error in result.errors] == [
        "A press or regional statement is not an evaluation result: enter it with the status “reported” "
        "(berita), beside the official result."
    ]
    assert held(kaltim_2024()) == report_row


def test_a_new_source_replaces_the_whole_citation_and_the_preview_says_the_domains_go(report_row):
    text = 'kode,tahun,indeks,sumber\n64,2024,"3,80",Keputusan Menteri PANRB Nomor 1 Tahun 2025\n'
    preview = run(text, dry_run=True)
    assert preview.ok and preview.updated == 1
    change = preview.plan.updates[0]
    assert change.differences() == [
        ("Index", "3.79", "3.80"),
        ("Source", f"{REPORT} (official)", "Keputusan Menteri PANRB Nomor 1 Tahun 2025 (official)"),
        ("Where in the source", "Tabel 36, no. 1", "—"),
        ("Domain 1", change.differences()[3][1], "—"),
        ("Domain 2", change.differences()[4][1], "—"),
        ("Domain 3", change.differences()[5][1], "—"),
        ("Domain 4", change.differences()[6][1], "—"),
    ]
    assert change.notice.startswith(f"The 4 domain and aspect values of {REPORT} will be removed")
    assert run(text).applied
    score = kaltim_2024()
    assert (score.value, score.source_detail, score.node_values.count()) == (Decimal("3.80"), "", 0)


def test_a_row_of_the_same_publication_keeps_its_citation_and_domains(report_row):
    for text in (
        f'kode,tahun,indeks,sumber,catatan\n64,2024,"3,79",{REPORT},Diperiksa\n',
        f'kode,tahun,indeks,sumber,domain_1,domain_2,domain_3,domain_4\n64,2024,"3,79",{REPORT},,,,\n',
    ):
        result = run(text)
        assert result.applied, result.errors
        assert held(kaltim_2024()) == report_row
        assert not any(change.notice for change in result.plan.updates)


def test_the_command_prints_every_field_an_update_changes(report_row, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "kaltim.csv"
    path.write_text('kode,tahun,indeks,sumber\n64,2024,"3,80",Keputusan Menteri PANRB Nomor 1 Tahun 2025\n')
    out = StringIO()
    call_command("import_scores", str(path), "--dry-run", "--update", stdout=out)
    printed = out.getvalue()
    assert "Line 2, Kalimantan Timur 2024: Index: 3.79 → 3.80; Source: " in printed
    assert "Where in the source: Tabel 36, no. 1 → —" in printed and "Domain 4: " in printed
    assert "The 4 domain and aspect values" in printed


def test_the_admin_preview_lists_each_change_and_the_removal(admin_client, report_row):
    admin_client.cookies["django_language"] = "en"
    content = b'kode,tahun,indeks,sumber\n64,2024,"3,80",Keputusan Menteri PANRB Nomor 1 Tahun 2025\n'
    response = admin_client.post(
        "/admin/indices/score/impor/", {"file": SimpleUploadedFile("k.csv", content)}
    )
    page = response.content.decode()
    assert 'id="count-update">1<' in page
    for shown in ("Where in the source", "Tabel 36, no. 1", "Domain 3", "will be removed"):
        assert shown in page, shown
    assert held(kaltim_2024()) == report_row  # a preview writes nothing


def test_refused_rows_are_counted_as_refused_not_as_to_create(published):
    """Before: an operator's preview counted the row for another instance "to create" beside its refusal."""
    operator = account("operator-21", Assignment.Role.OPERATOR, OWN)
    text = f'kode,tahun,indeks,status,sumber\n{OWN},2026,"3,00",mandiri,Penilaian mandiri\n{ELSEWHERE},2026,"3,00",mandiri,Penilaian mandiri\n'
    with translation.override("en"):
        result = scores_import(data=text.encode(), filename="m.csv", dry_run=True, update=True, by=operator)
    assert [error.line for error in result.errors] == [3]
    assert (result.created, result.refused) == (1, 1)
