"""Importing targets: the same rules as scores, keyed by region and year."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indices.models import ChangeSet, Target
from indices.transfer.services import targets_import
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["kode", "tahun", "target", "dokumen", "sumber"]
RPJMD = "RPJMD Provinsi Kalimantan Tengah 2025-2029"


def run(path, **options):
    return targets_import(data=path.read_bytes(), filename=path.name, **options)


def problems(result):
    return [(error.line, error.column, error.message) for error in result.errors]


def test_targets_import_with_their_planning_document(ready, csv_file):
    path = csv_file(
        [
            HEADER,
            ["62", "2026", "3,60", "RPJMD", RPJMD],
            ["62", "2027", "3,80", "", RPJMD],
            ["63.11", "2026", "3,5", "pk", RPJMD],
        ]
    )
    assert run(path).applied
    assert sorted(Target.objects.values_list("instance_id", "year", "value", "document")) == [
        ("62", 2026, Decimal("3.60"), "rpjmd"),
        ("62", 2027, Decimal("3.80"), "other"),
        ("63.11", 2026, Decimal("3.50"), "pk"),
    ]


def test_english_headers_work_for_targets(ready, csv_file):
    path = csv_file(
        [["code", "year", "target", "document", "source"], ["62", "2026", "3.60", "renstra", RPJMD]]
    )
    assert run(path).applied
    assert Target.objects.get().document == "renstra"


def test_reimporting_the_same_targets_changes_nothing(ready, csv_file, database_state):
    path = csv_file([HEADER, ["62", "2026", "3,60", "rpjmd", RPJMD]])
    run(path)
    before = database_state()
    result = run(path)
    assert result.applied and result.unchanged == 1
    assert database_state() == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["62", "2026", "5,10", "rpjmd", RPJMD], "target", "Score must be between 1.00 and 5.00."),
        (["62", "2026", "3,601", "rpjmd", RPJMD], "target", "3.601 has more than two decimals."),
        (
            ["62", "2017", "3,00", "rpjmd", RPJMD],
            "tahun",
            "The year must be between 2018 (the first SPBE evaluation) and 2045.",
        ),
        (
            ["62", "2026", "3,00", "RKPD", RPJMD],
            "dokumen",
            "Unknown planning document “rkpd”; use RPJMN, RPJMD, Renstra, PK or lainnya.",
        ),
        (["62", "2026", "3,00", "rpjmd", ""], "sumber", "A published target needs its source."),
        (["62", "2025", "3,00", "rpjmd", RPJMD], "tahun", "Repeats line 2: same instance and year."),
    ],
)
def test_a_bad_target_row_is_refused_and_nothing_is_written(
    ready, csv_file, database_state, row, column, message
):
    before = database_state()
    result = run(csv_file([HEADER, ["62", "2025", "3,35", "rpjmd", RPJMD], row]))
    assert problems(result) == [(3, column, message)]
    assert database_state() == before


def test_a_different_target_needs_update_and_keeps_the_old_one_on_record(
    ready, kalteng, source, csv_file, database_state
):
    Target.objects.create(instance=kalteng, year=2026, value=Decimal("3.50"), document="rpjmd", source=source)
    path = csv_file([HEADER, ["62", "2026", "3,60", "rpjmd", RPJMD]])
    before = database_state()
    assert problems(run(path))[0][:2] == (2, "target")
    assert database_state() == before
    assert run(path, update=True).updated == 1
    assert Target.objects.get().value == Decimal("3.60")
    latest = audit_of(Target.objects.get())[0]
    assert latest.changes_dict["value"] == ["3.50", "3.60"]
    assert latest.cid == ChangeSet.objects.get(filename=path.name).cid


def test_the_target_command_imports_the_shipped_example_and_fails_on_errors(ready, csv_file, database_state):
    out = StringIO()
    call_command("import_targets", "indices/data/examples/contoh-impor-target.csv", stdout=out)
    assert "Imported: 2 created" in out.getvalue()
    before = database_state()
    with pytest.raises(CommandError):
        call_command(
            "import_targets",
            str(csv_file([HEADER, ["99", "2026", "3", "", RPJMD]])),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert database_state() == before
