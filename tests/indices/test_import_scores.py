"""Importing scores: all or nothing, every bad row reported, idempotent, updates kept on record."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from indices.models import ChangeSet, NationalIndex, Score, Source
from indices.transfer.services import scores_import
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["kode", "nama", "tahun", "indeks", "status", "sumber"]
DECREE = "Keputusan Menteri PANRB tentang Hasil Evaluasi SPBE 2024"


def run(path, **options):
    return scores_import(data=path.read_bytes(), filename=path.name, **options)


def problems(result):
    return [(error.line, error.column, error.message) for error in result.errors]


def values():
    return sorted(Score.objects.values_list("instance_id", "year", "value", "status"))


def test_a_file_imports_every_row_with_its_source_and_framework(ready, csv_file):
    path = csv_file(
        [
            HEADER,
            ["63.11", "Kabupaten Balangan", "2024", "3,34", "final", DECREE],
            ["62", "Kalimantan Tengah", "2024", "2.87", "", DECREE],
        ]
    )
    result = run(path)
    assert result.applied and (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert values() == [("62", 2024, Decimal("2.87"), "final"), ("63.11", 2024, Decimal("3.34"), "final")]
    score = Score.objects.get(instance_id="63.11")
    assert (score.framework.slug, score.predicate, score.source.title) == ("spbe-2020", "Baik", DECREE)
    assert Source.objects.get().document == DECREE  # the title names the decree when no URL is given


def test_a_dry_run_reports_and_writes_nothing(ready, csv_file, database_state):
    before = database_state()
    result = run(csv_file([HEADER, ["63.11", "", "2024", "3,34", "", DECREE]]), dry_run=True)
    assert (result.applied, result.created, result.errors) == (False, 1, [])
    assert database_state() == before


def test_reimporting_the_same_file_changes_nothing(ready, csv_file, database_state):
    path = csv_file(
        [HEADER, ["63.11", "", "2023", "2,69", "", DECREE], ["63.11", "", "2024", "3,34", "", DECREE]]
    )
    run(path)
    before = database_state()
    result = run(path)
    assert result.applied and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert database_state() == before


def test_names_alone_find_their_region_after_normalising_kab_case_and_spaces(ready, csv_file):
    path = csv_file(
        [
            ["nama", "tahun", "indeks", "sumber"],
            ["Kab.  BALANGAN", "2024", "3,34", DECREE],
            ["Kota Palangka Raya", "2024", "3,00", DECREE],
            ["Provinsi Kalimantan Tengah", "2024", "2,87", DECREE],
        ]
    )
    assert run(path).applied
    assert sorted(Score.objects.values_list("instance_id", flat=True)) == ["62", "62.71", "63.11"]


def test_english_headers_work_too(ready, csv_file):
    path = csv_file([["code", "year", "index", "status", "source"], ["62", "2024", "2.87", "final", DECREE]])
    assert run(path).applied
    assert values() == [("62", 2024, Decimal("2.87"), "final")]


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("final", "final"),
        ("Mandiri", "self_assessed"),
        ("self_assessed", "self_assessed"),
        ("dibawa", "carried_over"),
        ("carried over", "carried_over"),
    ],
)
def test_status_words_in_indonesian_or_english_are_understood(ready, csv_file, written, status):
    origin = "2021" if status == "carried_over" else ""
    path = csv_file([[*HEADER, "tahun_asal"], ["62", "", "2022", "2,70", written, DECREE, origin]])
    assert run(path).applied
    assert (Score.objects.get().status, Score.objects.get().carried_from) == (
        status,
        int(origin or 0) or None,
    )


def test_a_carried_over_value_names_the_year_it_comes_from(ready, csv_file):
    result = run(csv_file([HEADER, ["62", "", "2022", "2,70", "dibawa", DECREE]]))
    assert problems(result) == [
        (2, "tahun_asal", "A carried-over value names the year it comes from (tahun_asal), e.g. 2021.")
    ]


def test_a_press_figure_is_imported_beside_the_result_of_its_year(ready, csv_file):
    header = ["kode", "tahun", "indeks", "sumber", "penerbit", "jenis_sumber"]
    path = csv_file([header, ["64", "2024", "3,79", "Laporan 2024", "KemenPANRB", "resmi"],
                     ["64", "2024", "3,80", "Berita Kaltim", "Koran Kaltim", "berita"]])  # fmt: skip
    assert run(path).applied
    assert {(s.status, s.value, s.kind) for s in Score.objects.all()} == {
        ("final", Decimal("3.79"), "official"),
        ("reported", Decimal("3.80"), "press"),
    }


def test_a_press_source_cannot_carry_a_result(ready, csv_file):
    path = csv_file(
        [
            ["kode", "tahun", "indeks", "status", "sumber", "jenis_sumber"],
            ["64", "2024", "3,79", "final", "Berita", "berita"],
        ]
    )
    assert not run(path).applied


def test_a_self_assessment_sits_beside_the_final_score_of_the_same_year(ready, csv_file):
    path = csv_file(
        [HEADER, ["62", "", "2024", "2,87", "final", DECREE], ["62", "", "2024", "3,10", "mandiri", DECREE]]
    )
    assert run(path).applied
    assert values() == [
        ("62", 2024, Decimal("2.87"), "final"),
        ("62", 2024, Decimal("3.10"), "self_assessed"),
    ]


def test_a_source_is_matched_by_title_or_url_and_created_once(ready, csv_file, source):
    url = "https://kalteng.bpk.go.id/?p=30205"
    path = csv_file(
        [
            HEADER,
            ["62", "", "2023", "2,75", "", source.title.upper()],
            ["62.02", "", "2021", "1,66", "", url],
            ["62.02", "", "2022", "2,38", "", url],
            ["63.11", "", "2024", "3,34", "", DECREE],
            ["63.11", "", "2023", "2,69", "", DECREE],
        ]
    )
    assert run(path).applied
    assert Score.objects.get(instance_id="62").source == source
    assert Source.objects.count() == 3
    assert Source.objects.get(url=url).title == url


def test_sample_rows_are_skipped_and_never_imported_as_published(ready, csv_file):
    path = csv_file(
        [
            [*HEADER, "contoh"],
            ["62", "", "2024", "2,87", "", DECREE, ""],
            ["63", "", "2024", "1,00", "", "", "ya"],
        ]
    )
    result = run(path)
    assert (result.created, result.skipped) == (1, 1)
    assert values() == [("62", 2024, Decimal("2.87"), "final")]


# Refusals: every one leaves the database as it was ----------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["99.99", "", "2024", "3,00", "", DECREE],
            "kode",
            "Unknown code 99.99: neither a region's Kemendagri code nor an agency's identifier.",
        ),
        (
            ["63.06", "Kab. Balangan", "2024", "3,00", "", DECREE],
            "nama",
            "“Kab. Balangan” does not match code 63.06 (Kabupaten Hulu Sungai Selatan).",
        ),
        (
            ["", "Kabupaten Atlantis", "2024", "3,00", "", DECREE],
            "nama",
            "No instance is named “Kabupaten Atlantis”.",
        ),
        (
            ["", "Bekasi", "2024", "3,00", "", DECREE],
            "nama",
            "“Bekasi” matches several instances; write Kabupaten or Kota, or give the code.",
        ),
        (["63.11", "", "2024", "5,01", "", DECREE], "indeks", "Score must be between 1.00 and 5.00."),
        (["63.11", "", "2024", "-0,5", "", DECREE], "indeks", "Score must be between 1.00 and 5.00."),
        (["63.11", "", "2024", "3,345", "", DECREE], "indeks", "3.345 has more than two decimals."),
        (["63.11", "", "2024", "tiga", "", DECREE], "indeks", "“tiga” is not a number."),
        (["63.11", "", "2024", "", "", DECREE], "indeks", "This field is required."),
        (
            ["63.11", "", "2017", "3,00", "", DECREE],
            "tahun",
            "The year must be between 2018 (the first SPBE evaluation) and 2045.",
        ),
        (["63.11", "", "dua ribu", "3,00", "", DECREE], "tahun", "“dua ribu” is not a year."),
        (
            ["63.11", "", "2024", "3,00", "resmi?", DECREE],
            "status",
            "Unknown status “resmi?”; use final, mandiri or dibawa.",
        ),
        (["63.11", "", "2024", "3,00", "", ""], "sumber", "A published score needs its source."),
        (
            ["63.11", "", "2024", "=A1*2", "", DECREE],
            "indeks",
            "This cell holds a formula (=A1*2); save the sheet with values only.",
        ),
    ],
)
def test_a_bad_row_is_reported_with_line_column_and_reason_and_nothing_is_written(
    ready, csv_file, database_state, row, column, message
):
    before = database_state()
    path = csv_file([HEADER, ["62", "", "2024", "2,87", "", DECREE], row])
    result = run(path)
    assert not result.applied
    assert problems(result) == [(3, column, message)]
    assert database_state() == before


def test_every_bad_row_is_listed_in_one_report(ready, csv_file, database_state):
    before = database_state()
    path = csv_file(
        [
            HEADER,
            ["99.99", "", "2024", "3,00", "", DECREE],
            ["62", "", "2024", "2,87", "", DECREE],
            ["63.11", "", "2017", "7", "", DECREE],
        ]
    )
    assert problems(run(path)) == [
        (2, "kode", "Unknown code 99.99: neither a region's Kemendagri code nor an agency's identifier."),
        (4, "indeks", "Score must be between 1.00 and 5.00."),
        (4, "tahun", "The year must be between 2018 (the first SPBE evaluation) and 2045."),
    ]
    assert database_state() == before


def test_a_row_repeated_in_the_file_is_refused(ready, csv_file, database_state):
    before = database_state()
    path = csv_file(
        [
            [*HEADER, "tahun_asal"],
            ["62", "", "2024", "2,87", "", DECREE, ""],
            ["62", "Kalimantan Tengah", "2024", "2,90", "dibawa", DECREE, "2023"],
        ]
    )
    assert problems(run(path)) == [(3, "tahun", "Repeats line 2: same instance and year.")]
    assert database_state() == before


def test_a_different_final_score_already_in_the_database_is_refused_without_update(
    ready, balangan, make_score, csv_file, database_state
):
    make_score(balangan, 2024, "3.34")
    before = database_state()
    result = run(
        csv_file([HEADER, ["63.11", "", "2024", "3,40", "", DECREE], ["62", "", "2024", "2,87", "", DECREE]])
    )
    assert problems(result) == [
        (
            2,
            "indeks",
            "Kabupaten Balangan already has a score of 3.34 for 2024; this file has 3.40. "
            "Confirm the update (or use --update) to replace it; the old value stays on record.",
        )
    ]
    assert database_state() == before


def test_an_update_replaces_the_value_and_keeps_the_old_one_on_record(
    ready, balangan, make_score, source, csv_file
):
    old = make_score(balangan, 2024, "3.34", note="first announcement")
    path = csv_file([[*HEADER, "catatan"], ["63.11", "", "2024", "3,40", "", DECREE, "corrected"]])
    result = run(path, update=True)
    assert result.applied and result.updated == 1
    score = Score.objects.get()
    assert (score.pk, score.value, score.source.title, score.note) == (
        old.pk,
        Decimal("3.40"),
        DECREE,
        "corrected",
    )
    latest = audit_of(score)[0]
    assert latest.changes_dict == {
        "value": ["3.34", "3.40"],
        "source": [str(source.pk), str(score.source_id)],
        "note": ["first announcement", "corrected"],
    }
    assert "data.csv" in latest.additional_data["reason"]
    change_set = ChangeSet.objects.get(kind="import")
    assert (change_set.filename, change_set.updated, latest.cid) == ("data.csv", 1, change_set.cid)


def test_the_same_value_with_the_same_source_is_unchanged_even_without_update(
    ready, balangan, make_score, source, csv_file, database_state
):
    make_score(balangan, 2024, "3.34")
    before = database_state()
    result = run(csv_file([HEADER, ["63.11", "", "2024", "3.34", "final", source.title]]))
    assert result.applied and result.unchanged == 1
    assert database_state() == before


def test_messages_speak_indonesian_with_a_decimal_comma(ready, balangan, make_score, csv_file):
    make_score(balangan, 2024, "3.34")
    path = csv_file(
        [HEADER, ["63.11", "", "2024", "3,40", "", DECREE], ["63.11", "", "2023", "5,5", "", DECREE]]
    )
    with translation.override("id"):
        messages = [str(error) for error in run(path).errors]
    assert messages[0].startswith(
        "Baris 2, indeks: Kabupaten Balangan sudah memiliki skor 3,34 untuk tahun 2024"
    )
    assert messages[1] == "Baris 3, indeks: Skor harus antara 1,00 dan 5,00."


# Hostile files ----------------------------------------------------------------------------------------------


def test_excel_indonesian_csv_with_bom_crlf_and_semicolons_imports(ready, csv_file):
    path = csv_file(
        [HEADER, ["63.11", "Kab. Balangan", "2024", "3,34", "final", DECREE]],
        delimiter=";",
        bom=True,
        newline="\r\n",
    )
    assert run(path).applied
    assert values() == [("63.11", 2024, Decimal("3.34"), "final")]


def test_an_xlsx_with_numeric_cells_imports(ready, xlsx_file):
    path = xlsx_file(
        [HEADER, [62, "Kalimantan Tengah", 2024, 2.87, "final", DECREE], [63.1, None, 2024, 2, None, DECREE]]
    )
    assert run(path).applied
    assert values() == [("62", 2024, Decimal("2.87"), "final"), ("63.10", 2024, Decimal("2"), "final")]


def test_an_xlsx_formula_cell_is_refused_with_its_cell(ready, xlsx_file, database_state):
    before = database_state()
    path = xlsx_file([HEADER, [62, None, 2024, "=2.5+0.37", "final", DECREE]])
    assert problems(run(path)) == [
        (2, "indeks", "This cell holds a formula (=2.5+0.37); save the sheet with values only.")
    ]
    assert database_state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"kode;nama;tahun;indeks;status;sumber\r\n", "The file has a header row but no data rows."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "This is not a CSV or XLSX spreadsheet."),
        (
            b"kode,tahun,sumber\n62,2024,SK\n",
            "Missing column: indeks. The first row has: kode, tahun, sumber.",
        ),
        (b"nama,indeks\nBalangan,2\n", "Missing column: tahun. The first row has: nama, indeks."),
    ],
)
def test_a_hostile_file_gets_one_clear_message_and_nothing_is_written(
    ready, tmp_path, database_state, content, message
):
    before = database_state()
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    assert problems(run(path)) == [(None, None, message)]
    assert database_state() == before


# The command --------------------------------------------------------------------------------------------


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_scores", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_the_shipped_example(ready):
    out, _ = command("indices/data/examples/contoh-impor-skor.csv")
    assert "Imported: 6 created, 0 updated, 0 unchanged, 0 skipped." in out
    assert Score.objects.count() == 6


def test_the_command_dry_run_writes_nothing(ready, database_state):
    before = database_state()
    out, _ = command("indices/data/examples/contoh-impor-skor.csv", "--dry-run")
    assert "Checked: 6 to create" in out and "Dry run: nothing was written." in out
    assert database_state() == before


def test_the_command_fails_on_any_error_and_lists_it(ready, csv_file, database_state):
    before = database_state()
    path = csv_file([HEADER, ["62", "", "2024", "2,87", "", DECREE], ["99.99", "", "2024", "1", "", DECREE]])
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\); nothing was imported."):
        call_command("import_scores", str(path), stdout=StringIO(), stderr=err)
    assert "Line 3, kode: Unknown code 99.99" in err.getvalue()
    assert database_state() == before


def test_the_command_updates_only_with_update(ready, balangan, make_score, csv_file):
    make_score(balangan, 2024, "3.34")
    path = csv_file([HEADER, ["63.11", "", "2024", "3,40", "", DECREE]])
    with pytest.raises(CommandError):
        command(path)
    out, _ = command(path, "--update")
    assert "1 updated" in out
    assert Score.objects.get().value == Decimal("3.40")
    assert audit_of(Score.objects.get())[0].changes_dict["value"] == ["3.34", "3.40"]


def test_the_command_refuses_a_50_mb_file_without_reading_it(ready, tmp_path, database_state):
    before = database_state()
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.write(b"kode,tahun,indeks,sumber\n")
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"The file is 50.0 MB; the limit is 5 MB."):
        command(path)
    assert database_state() == before


def test_the_command_says_when_the_file_is_missing(ready):
    with pytest.raises(CommandError, match="No such file"):
        command("nowhere.csv")


def test_the_command_reports_the_example_unchanged_on_the_database_make_run_sets_up(published):
    out, _ = command("indices/data/examples/contoh-impor-skor.csv")
    assert "Imported: 0 created, 0 updated, 6 unchanged, 0 skipped." in out


def test_domain_values_are_imported_with_the_score_and_must_give_its_index(ready, csv_file):
    header = ["kode", "tahun", "indeks", "d1", "d2", "d3", "d4", "sumber"]
    good = ["35.10", "2024", "4,77", "5,00", "4,60", "4,18", "5,00", DECREE]
    bad = ["35.01", "2024", "3,50", "4,70", "3,00", "2,09", "4,94", DECREE]  # D4 3.94 misread as 4.94
    result = run(csv_file([header, good, bad]))
    assert problems(result) == [
        (3, "indeks", "The domain values give an index of 3.95, 0.45 away from 3.50; check the values.")
    ]
    result = run(csv_file([header, good]))
    assert result.applied
    score = Score.objects.get(instance_id="35.10", year=2024)
    assert [str(v) for v in score.node_values.order_by("node__number").values_list("value", flat=True)] == [
        "5.00", "4.60", "4.18", "5.00"]  # fmt: skip


def test_a_domain_the_framework_does_not_have_is_refused(ready, csv_file):
    result = run(
        csv_file([["kode", "tahun", "indeks", "domain_5", "sumber"], ["62", "2024", "2,87", "3,00", DECREE]])
    )
    assert problems(result) == [(2, "domain_5", "SPBE 2020 has no domain 5.")]


def test_an_agency_is_imported_by_its_identifier_or_its_name_of_any_year(ready, csv_file):
    rows = [
        ["kode", "nama", "tahun", "indeks", "sumber"],
        ["kemenkeu", "", "2024", "4,74", DECREE],
        ["", "Kementerian Koordinator Bidang Kemaritiman", "2023", "3,50", DECREE],
    ]
    assert run(csv_file(rows)).applied
    assert sorted(Score.objects.values_list("instance_id", "year")) == [
        ("kemenkeu", 2024),
        ("kemenko-marves", 2023),
    ]


def test_a_kind_that_contradicts_the_instance_is_refused(ready, csv_file):
    rows = [
        ["kode", "jenis_instansi", "tahun", "indeks", "sumber"],
        ["63.11", "kota", "2024", "3,34", DECREE],
    ]
    assert problems(run(csv_file(rows))) == [
        (2, "jenis_instansi", "Kabupaten Balangan is a regency, not “kota”.")
    ]


def test_a_2024_score_keeps_its_unrounded_index_for_its_predicate(ready, csv_file, source):
    NationalIndex.objects.create(year=2024, value=Decimal("3.12"), source=source, predicate_basis="unrounded")
    header = ["kode", "tahun", "indeks", "d1", "d2", "d3", "d4", "sumber"]
    assert run(csv_file([header, ["12.25", "2024", "1,80", "1,00", "1,10", "1,00", "2,70", DECREE]])).applied
    assert Score.objects.with_band().get(instance_id="12.25").predicate == "Kurang"  # 1.7985 before rounding
