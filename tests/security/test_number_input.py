"""Numbers no entry path may choke on (issue 21): thirty digits, an exponent of 10,000, a megabyte of digits,
NaN and infinities each get the field's own message in the admin, the importer and the workspace, and nothing
is stored. Before the fix the first crashed the admin's add-score form with a 500 and `import_scores` with a
raw `decimal.InvalidOperation` traceback."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from indices.formatting import NUMBER, NumberError, parse_decimal, parse_score
from indices.models import NationalIndex, Score, Target
from indices.transfer.services import scores_import
from indices.workspace.models import IndicatorLevel
from tests.workspace.test_levels import aspect_post, spbe_2020

pytestmark = pytest.mark.django_db

THIRTY_DIGITS = "9" * 30
HUGE_EXPONENT = "1e10000"
MEGABYTE = "1" * 1024 * 1024
HOSTILE = [
    pytest.param(THIRTY_DIGITS, "is too long to be a number", id="30-digits"),
    pytest.param(HUGE_EXPONENT, "is written with an exponent", id="exponent-10000"),
    pytest.param(MEGABYTE, "is too long to be a number", id="1-MB"),
    pytest.param("NaN", "is not a number", id="nan"),
    pytest.param("-Infinity", "is not a number", id="infinity"),
]
DECREE = "Keputusan Menteri PANRB tentang Hasil Evaluasi SPBE 2024"


# The parser itself --------------------------------------------------------------------------------------------

long_digits = st.integers(min_value=21, max_value=400).map(lambda n: "9" * n)
exponents = st.builds(
    lambda mantissa, sign, power: f"{mantissa}{sign}{power}",
    st.sampled_from(["1e", "2,5E", "3.1e", "e"]),
    st.sampled_from(["", "+", "-"]),
    st.integers(min_value=0, max_value=10**6),
)
mixed_separators = st.from_regex(r"\A[0-9]{1,4}([.,][0-9]{1,3}){2,4}\Z")
hostile_numbers = st.one_of(
    long_digits, exponents, mixed_separators, st.text(max_size=40), st.floats(), st.integers(), st.decimals()
)


@given(cell=hostile_numbers)
@settings(max_examples=400, deadline=None)
def test_the_parser_gives_a_decimal_or_a_number_error_and_nothing_else(cell):
    try:
        value = parse_score(cell)
    except NumberError as error:
        assert error.message and len(error.message) < 300  # said in words, never the megabyte repeated
        return
    assert value.is_finite() and abs(value) < 10**6
    if isinstance(cell, str):
        assert NUMBER.fullmatch(cell.replace("\xa0", " ").strip())
        assert value == Decimal(cell.strip().replace(",", "."))


@pytest.mark.parametrize(
    ("cell", "message"),
    [*HOSTILE, pytest.param(10**5000, "far too large", id="int-5000-digits"), (1e300, "far too large")],
)
def test_each_hostile_number_has_its_own_reason(english, cell, message):
    with pytest.raises(NumberError, match=message):
        parse_decimal(cell)


# The admin -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
@pytest.mark.parametrize(
    ("page", "data", "model"),
    [
        ("admin:indices_score_add", {"instance": "63.11", "year": "2024", "status": "final"}, Score),
        ("admin:indices_target_add", {"instance": "63.11", "year": "2025", "document": "rpjmd"}, Target),
        ("admin:indices_nationalindex_add", {"year": "2024"}, NationalIndex),
    ],
    ids=["score", "target", "national"],
)
def test_the_admin_gives_a_field_error_and_stores_nothing(
    admin_en, balangan, frameworks, no_results, source, typed, message, page, data, model
):
    response = admin_en.post(reverse(page), data | {"value": typed, "source": source.pk})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.get("value", [])
    assert any(message in error for error in errors), errors
    assert not model.objects.exists()


# The importer ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_importer_names_the_line_and_column_and_imports_nothing(
    ready, english, csv_file, xlsx_file, typed, message, kind, database_state
):
    rows = [
        ["kode", "tahun", "indeks", "sumber"],
        ["62", "2024", "2,87", DECREE],
        ["63.11", "2024", typed, DECREE],
    ]
    path = (csv_file if kind == "csv" else xlsx_file)(rows)
    before = database_state()
    result = scores_import(data=path.read_bytes(), filename=path.name)
    assert not result.applied
    found = [(error.line, error.column, error.message) for error in result.errors]
    if typed == MEGABYTE:  # the importer's limit on a cell's length answers first
        message = "characters; the limit for this column is 100."
    assert len(found) == 1 and found[0][:2] == (3, "indeks") and message in found[0][2], found
    assert database_state() == before


def test_the_import_command_says_the_same_without_a_traceback(ready, english, csv_file):
    path = csv_file([["kode", "tahun", "indeks", "sumber"], ["63.11", "2024", THIRTY_DIGITS, DECREE]])
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_scores", str(path), stdout=StringIO(), stderr=err)
    assert "Line 2, indeks: “99999999999999999999…” is too long to be a number." in err.getvalue()
    assert not Score.objects.exists()


# The workspace ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_the_workspace_refuses_the_level_with_the_fields_message(client, people, typed, message):
    client.force_login(people["operator"])
    client.cookies["django_language"] = "en"
    response = client.post(
        "/ruang-kerja/62.03/2024/aspek/2/", aspect_post(spbe_2020(), 2, **{"i12-self_level": typed})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IndicatorLevel.objects.filter(assessment__year=2024).exists()


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_the_what_if_names_the_level_it_cannot_read(client, people, typed, message):
    client.force_login(people["operator"])
    client.cookies["django_language"] = "en"
    response = client.get("/ruang-kerja/62.03/2024/", {"i12": typed})
    assert response.status_code == 200
    assert "Indicator 12: " in response.content.decode() and "is not a level" in response.content.decode()
