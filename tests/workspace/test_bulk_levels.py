"""Levels in bulk: an assessment's indicator levels, Fakta and Analisis in from a CSV or XLSX file (a preview,
then a confirmation that writes all or nothing, audited) and out in the same shape; who may import what, for
every role, on the instance itself, a neighbour in its province and an instance elsewhere, locked or not; and
the start from last year's final levels, which agrees with the import on who may write."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from indices.models import ChangeSet
from indices.workspace.models import Assessment, IndicatorLevel
from tests.conftest import audit_of
from tests.indices.test_access import ELSEWHERE, NEIGHBOUR, OWN
from tests.workspace.test_levels import pemdi, spbe_2020
from tests.workspace.test_review import filled

D = Decimal
pytestmark = pytest.mark.usefixtures("published")
State = Assessment.State
HEADER = ["kode_instansi", "tahun", "indikator", "tingkat", "fakta", "analisis"]
EXTERNAL = (5, 6, 7, 18)


def page(code=OWN, year=2024) -> str:
    return f"/ruang-kerja/{code}/{year}/impor-tingkat/"


def rows(code=OWN, year=2024, levels=None, numbers=range(1, 48)) -> list[list]:
    """The header and a row per indicator, at `levels[number]` (3 unless said), with its Fakta."""
    levels = levels or {}
    return [HEADER] + [[code, year, n, levels.get(n, "3"), f"Ada SK {n}", "Sesuai kriteria"] for n in numbers]


def levels_only(table) -> list[list]:
    """The file without its Fakta and Analisis columns: what is stored of them stays."""
    return [row[:4] for row in table]


def csv_data(table) -> bytes:
    """A CSV as Excel in an Indonesian locale saves it: semicolons, so a decimal comma stays in its cell."""
    return "\r\n".join(";".join(str(cell) for cell in row) for row in table).encode("utf-8")


def xlsx_data(table) -> bytes:
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, user, data: bytes, code=OWN, year=2024, name="tingkat.csv"):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.post(page(code, year), {"file": SimpleUploadedFile(name, data)})


def confirm(client, preview, code=OWN, year=2024):
    return client.post(page(code, year), {"token": preview.context["token"]})


def imported(client, user, data: bytes, code=OWN, year=2024):
    """What became of a file: "written", "refused" (listed with its errors) or the status of a refusal."""
    preview = upload(client, user, data, code, year)
    if preview.status_code != 200:
        return preview.status_code
    if preview.context["result"].errors:
        return "refused"
    done = confirm(client, preview, code, year)
    return "written" if done.status_code == 302 else done.status_code


def error_lines(response) -> set[int]:
    return {error.line for error in response.context["result"].errors}


def levels_of(code=OWN, year=2024) -> dict[int, IndicatorLevel]:
    return {
        level.node.number: level
        for level in IndicatorLevel.objects.filter(assessment__instance_id=code, assessment__year=year)
    }


def test_a_good_file_imports_47_levels_for_kapuas_2024_and_the_overview_shows_the_recomputed_index(
    client, team
):
    levels = {n: "4" if n <= 10 else "2" for n in range(1, 48)}
    preview = upload(client, team["operator"], csv_data(rows(levels=levels)))
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.ok, result.created, result.updated, result.refused) == (True, 47, 0, 0)
    assert 'id="count-create">47<' in preview.content.decode()
    assert not levels_of(), "a preview writes nothing"

    done = confirm(client, preview)
    assert done.status_code == 302 and done.url == "/ruang-kerja/62.03/2024/"
    stored = levels_of()
    assert len(stored) == 47
    assert stored[1].self_level == D(4) and stored[47].self_level == D(2)
    assert stored[23].fakta == "Ada SK 23" and stored[23].analisis == "Sesuai kriteria"
    change_set = ChangeSet.objects.get(filename="tingkat.csv")
    assert (change_set.user, change_set.created, change_set.model_name) == (
        team["operator"],
        47,
        "indicatorlevel",
    )
    assert audit_of(stored[23]), "each level written is in the audit trail"
    assert change_set.entries().count() == 48, "the assessment and its 47 levels"
    # The self-assessed index 2,26 (as the aspect forms give it: tests/workspace/test_levels.py).
    overview = client.get("/ruang-kerja/62.03/2024/").content.decode()
    assert "2.26" in overview and "47 of 47 indicators assessed" in overview


def test_a_file_with_3_bad_rows_writes_nothing_and_names_the_3_lines(client, team):
    table = rows(levels={5: "6", 20: "2,5"})
    table[10][2] = 99  # line 11: an indicator SPBE 2020 does not have
    preview = upload(client, team["operator"], csv_data(table))
    result = preview.context["result"]
    assert error_lines(preview) == {6, 11, 21}
    messages = [str(error) for error in result.errors]
    assert any("Line 6, tingkat: A level runs from 1.00 to 5.00" in m for m in messages)
    assert any("Line 11, indikator: Unknown indicator “99”" in m for m in messages)
    assert any("Line 21, tingkat: SPBE 2020 gives whole levels" in m for m in messages)
    assert result.refused == 3 and not preview.context["token"]
    assert "3 problems found; nothing was imported." in preview.content.decode()
    assert not Assessment.objects.filter(instance_id=OWN, year=2024).exists()
    assert not levels_of()


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        (
            lambda row: row.__setitem__(0, NEIGHBOUR),
            "kode_instansi",
            "imports the levels of Kabupaten Kapuas",
        ),
        (lambda row: row.__setitem__(1, 2023), "tahun", "imports the levels of 2024 only"),
        (lambda row: row.__setitem__(2, "I48"), "indikator", "numbers its indicators 1 to 47"),
        (lambda row: row.__setitem__(3, "tiga"), "tingkat", "“tiga” is not a level"),
        (lambda row: row.__setitem__(4, "x" * 5001), "fakta", "the limit for this column is 5,000"),
        (lambda row: row.__setitem__(2, 1), "indikator", "Indicator 1 is already on line 2"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_line_and_reason(client, team, change, column, reason):
    table = rows()
    change(table[3])  # line 4 (an XLSX file: a control character in a CSV refuses the file as a whole)
    preview = upload(client, team["operator"], xlsx_data(table), name="tingkat.xlsx")
    errors = preview.context["result"].errors
    assert [(error.line, error.column) for error in errors] == [(4, column)]
    assert reason in errors[0].message
    assert not levels_of()


def test_a_control_character_in_a_csv_names_its_line_and_writes_nothing(client, team):
    table = rows()
    table[7][4] = "Ada\x0bSK"
    preview = upload(client, team["operator"], csv_data(table))
    assert "Line 8 holds an invisible control character (U+000B)" in str(preview.context["result"].errors[0])
    assert not levels_of()


# Who may import levels: a two-row file (indicators 23 and 24) for the instance of the page.
WRITTEN, REFUSED = "written", "refused"
MATRIX = {
    "national": (WRITTEN, WRITTEN, WRITTEN),
    "operator": (WRITTEN, 403, 403),
    "other operator": (403, 403, WRITTEN),
    "coordinator": (403, 403, 403),
    "reviewer": (403, 403, 403),
    "assessor": (403, 403, 403),
    "owner of 23": (REFUSED, 403, 403),  # indicator 24 is not theirs: the whole file is refused
    "no role": (403, 403, 403),
    "not staff": (403, 403, 403),
}


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize(("place", "code"), [(0, OWN), (1, NEIGHBOUR), (2, ELSEWHERE)])
def test_the_bulk_import_permission_matrix(client, team, role, place, code):
    outcome = imported(client, team[role], csv_data(rows(code=code, numbers=(23, 24))), code=code)
    assert outcome == MATRIX[role][place]
    assert bool(levels_of(code)) == (outcome == WRITTEN)


def test_an_indicator_owner_imports_their_indicator_and_nothing_else(client, team):
    owner = team["owner of 23"]
    preview = upload(client, owner, csv_data(rows(numbers=(23, 24, 25))))
    assert error_lines(preview) == {3, 4}
    assert "not yours to change" in preview.context["result"].errors[0].message
    assert imported(client, owner, csv_data(rows(numbers=(23,)))) == WRITTEN
    assert list(levels_of()) == [23]


@pytest.mark.parametrize("role", ["operator", "owner of 23"])
def test_a_submitted_assessment_refuses_every_change_but_its_returned_indicators(client, team, role):
    assessment = filled()  # every level 3
    Assessment.objects.filter(pk=assessment.pk).update(state=State.SUBMITTED)
    preview = upload(client, team[role], csv_data(levels_only(rows(levels={23: "4"}, numbers=(23, 24)))))
    assert [error.line for error in preview.context["result"].errors] == [2]
    assert "Submitted for review" in preview.context["result"].errors[0].message
    assert levels_of()[23].self_level == D(3)

    # Returned: indicator 23 opens for its operators and owner; 24 is unchanged, so the file goes through.
    Assessment.objects.filter(pk=assessment.pk).update(state=State.RETURNED)
    IndicatorLevel.objects.filter(assessment=assessment, node__number=23).update(review="returned")
    assert (
        imported(client, team[role], csv_data(levels_only(rows(levels={23: "4"}, numbers=(23, 24)))))
        == WRITTEN
    )
    assert levels_of()[23].self_level == D(4)
    assert (
        upload(client, team[role], csv_data(rows(levels={24: "4"}, numbers=(24,)))).context["result"].errors
    ), "an indicator not returned stays locked"


def test_a_national_administrator_imports_into_a_locked_assessment(client, team):
    assessment = filled()
    Assessment.objects.filter(pk=assessment.pk).update(state=State.FINAL)
    assert imported(client, team["national"], csv_data(rows(levels={23: "5"}, numbers=(23,)))) == WRITTEN
    assert levels_of()[23].self_level == D(5)


def test_a_get_and_an_unconfirmed_or_stale_preview_write_nothing(client, team):
    client.force_login(team["operator"])
    assert client.get(page()).status_code == 200
    assert not Assessment.objects.filter(instance_id=OWN, year=2024).exists()
    preview = upload(client, team["operator"], csv_data(rows(numbers=(23,))))
    assert preview.context["token"] and not Assessment.objects.filter(instance_id=OWN, year=2024).exists()
    # Someone saves indicator 23 between the preview and its confirmation: refused, nothing written.
    IndicatorLevel.objects.create(
        assessment=Assessment.objects.create(instance_id=OWN, year=2024, framework=spbe_2020()),
        node=spbe_2020().nodes.get(level="indicator", number=23),
        self_level=2,
    )
    stale = confirm(client, preview)
    assert stale.status_code == 200
    assert "changed after the preview" in stale.context["result"].errors[0].message
    assert levels_of()[23].self_level == D(2)
    # A token is the person's own and for this page only.
    other = upload(client, team["national"], csv_data(rows(numbers=(24,))))
    client.force_login(team["operator"])
    assert client.post(page(), {"token": other.context["token"]}).status_code == 302
    assert 24 not in levels_of()


def test_pemerintah_digital_values_are_read_with_a_decimal_comma_and_external_indicators_take_none(
    client, team
):
    table = rows(year=2026, numbers=range(1, 21), levels=dict.fromkeys(range(1, 21), "2,26"))
    for row in table[1:]:
        if row[2] in EXTERNAL:
            row[3] = ""
    preview = upload(client, team["operator"], csv_data(table), year=2026)
    result = preview.context["result"]
    assert (result.ok, result.created) == (True, 20), "the external indicators' Fakta are kept too"
    assert confirm(client, preview, year=2026).status_code == 302
    stored = levels_of(year=2026)
    assert stored[1].self_level == D("2.26") and stored[5].self_level is None
    assert stored[1].assessment.framework == pemdi()

    table[6][3] = "3,00"  # indicator 6, line 7
    table[2][3] = "2,255"  # indicator 2, line 3: three decimals
    refused = upload(client, team["operator"], csv_data(table), year=2026)
    errors = {error.line: error.message for error in refused.context["result"].errors}
    assert set(errors) == {3, 7}
    assert "valued from another agency's index" in errors[7]
    assert "at most two decimals" in errors[3]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(client, team, file_format):
    levels = {n: "4" if n % 2 else "2" for n in range(1, 40)}  # 40 to 47 without a level
    assert imported(client, team["operator"], csv_data(rows(levels=levels, numbers=range(1, 40)))) == WRITTEN
    # Text a spreadsheet would run as a formula, with a separator and a line break, as the aspect form keeps it.
    IndicatorLevel.objects.filter(assessment__instance_id=OWN, assessment__year=2024, node__number=4).update(
        fakta="=SUM(A1); a formula-like text, a semicolon\nand a second line", unit="Diskominfo"
    )
    download = client.get(f"/ruang-kerja/62.03/2024/tingkat-indikator.{file_format}")
    assert download.status_code == 200
    assert f'filename="tingkat-62.03-2024.{file_format}"' in download["Content-Disposition"]
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(download.content)).active
        assert [cell.value for cell in sheet[1]][:6] == [
            "kode_instansi",
            "nama_instansi",
            "tahun",
            "indikator",
            "nama_indikator",
            "tingkat",
        ]
        assert sheet["F2"].value == 4 and isinstance(sheet["F2"].value, int | float), "levels are numbers"
        assert sheet["F47"].value is None
    back = upload(client, team["operator"], download.content, name=f"tingkat.{file_format}")
    result = back.context["result"]
    assert [str(error) for error in result.errors] == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 47)
    assert "The file changes nothing" in back.content.decode()
    assert levels_of()[4].fakta.startswith("=SUM(A1)")


def test_the_overview_links_the_import_the_export_and_the_start_from_last_years_final_levels(client, team):
    client.force_login(team["operator"])
    overview = client.get("/ruang-kerja/62.03/2024/").content.decode()
    assert 'href="/ruang-kerja/62.03/2024/impor-tingkat/"' in overview
    assert 'href="/ruang-kerja/62.03/2024/tingkat-indikator.xlsx"' in overview
    assert 'action="/ruang-kerja/62.03/2024/mulai-dari-tingkat-akhir/"' in overview
    client.force_login(team["reviewer"])
    overview = client.get("/ruang-kerja/62.03/2024/").content.decode()
    assert "impor-tingkat" not in overview and "tingkat-indikator.csv" in overview


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("operator", True),
        ("national", True),
        ("owner of 23", False),
        ("coordinator", False),
        ("assessor", False),
    ],
)
def test_the_bulk_import_and_the_start_from_previous_levels_agree_on_who_writes_a_whole_assessment(
    client, team, role, allowed
):
    client.force_login(team[role])
    start = client.post("/ruang-kerja/62.03/2024/mulai-dari-tingkat-akhir/")
    assert (start.status_code == 302) == allowed
    # Started (or not) from 2022's final levels: a whole file of other levels is written by the same people.
    assert (
        imported(client, team[role], csv_data(rows(levels=dict.fromkeys(range(1, 48), "5")))) == WRITTEN
    ) == allowed


def test_a_locked_assessment_refuses_both_the_start_from_previous_levels_and_the_import(client, team):
    assessment = Assessment.objects.create(instance_id=OWN, year=2024, framework=spbe_2020())
    Assessment.objects.filter(pk=assessment.pk).update(state=State.SUBMITTED)
    client.force_login(team["operator"])
    assert client.post("/ruang-kerja/62.03/2024/mulai-dari-tingkat-akhir/").status_code == 403
    assert imported(client, team["operator"], csv_data(rows())) == REFUSED
    assert not levels_of()
