"""Every admin form answers malformed input with a field error, keeps what was typed and stores nothing.

The defect behind these tests: "abc", "3.456" or "3,456" in the score form gave HTTP 500 (the form's
read-only predicate compared an empty value with the bands) and the admin lost what they had typed.
"""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indices.formatting import NUMBER
from indices.models import Band, Framework, NationalIndex, Score, Source, Target
from regions.models import Region
from tests.conftest import audit_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]

EMPTY_INLINE = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}

NOT_A_NUMBER = "“{}” is not a number."
SEPARATORS = (
    "“{}” has more than one separator: write the number with one decimal comma and no thousands separator"
)
TWO_DECIMALS = "has more than two decimals."
REQUIRED = "This field is required."
RANGE = "Score must be between 1.00 and 5.00."

# What an admin types by mistake, and what the form must say about it.
MALFORMED_NUMBERS = [
    ("abc", NOT_A_NUMBER.format("abc")),
    ("3.456", TWO_DECIMALS),
    ("3,456", TWO_DECIMALS),
    ("1.000,50", SEPARATORS.format("1.000,50")),
    ("3,4,5", SEPARATORS.format("3,4,5")),
    ("2 87", "“2 87” has a space inside; write the number without spaces"),
    ("1e0", "“1e0” is written with an exponent"),
    ("NaN", NOT_A_NUMBER.format("NaN")),
    ("٣", NOT_A_NUMBER.format("٣")),  # an Arabic-Indic three: not what the portal reads as 3
    ("5,01", RANGE),
    ("-1", RANGE),
    ("   ", REQUIRED),
    ("", REQUIRED),
]


@pytest.fixture
def kalsel(register):
    return Region.objects.get(code="63")


def field_errors(response, field: str) -> list[str]:
    return list(response.context["adminform"].form.errors.get(field, []))


def assert_refused(response, field: str, message: str, typed: str):
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert any(message in error for error in errors), errors
    if typed.strip():
        assert f'value="{html.escape(typed)}"' in response.content.decode()  # what was typed is kept


def score_data(source, **changes):
    return {
        "region": "63.11",
        "year": "2024",
        "value": "3,34",
        "status": "final",
        "source": source.pk,
    } | changes


@pytest.mark.parametrize(("typed", "message"), MALFORMED_NUMBERS)
def test_the_score_form_refuses_a_malformed_index(admin_en, balangan, frameworks, source, typed, message):
    response = admin_en.post(reverse("admin:indices_score_add"), score_data(source, value=typed))
    assert_refused(response, "value", message, typed)
    assert not Score.objects.exists()


@pytest.mark.parametrize(("typed", "message"), MALFORMED_NUMBERS)
def test_the_target_form_refuses_a_malformed_target(admin_en, balangan, source, typed, message):
    data = {"instance": "63.11", "year": "2025", "value": typed, "document": "rpjmd", "source": source.pk}
    response = admin_en.post(reverse("admin:indices_target_add"), data)
    assert_refused(response, "value", message, typed)
    assert not Target.objects.exists()


@pytest.mark.parametrize(("typed", "message"), MALFORMED_NUMBERS)
def test_the_national_index_form_refuses_a_malformed_value(admin_en, source, typed, message):
    response = admin_en.post(
        reverse("admin:indices_nationalindex_add"), {"year": "2024", "value": typed, "source": source.pk}
    )
    assert_refused(response, "value", message, typed)
    assert not NationalIndex.objects.exists()


def test_an_edit_with_a_malformed_index_keeps_the_stored_score(admin_en, balangan, make_score, source):
    score = make_score(balangan, 2024, "3.34")
    data = score_data(source, value="3,456") | {f"node_values-{k}": v for k, v in EMPTY_INLINE.items()}
    response = admin_en.post(reverse("admin:indices_score_change", args=[score.pk]), data)
    assert_refused(response, "value", TWO_DECIMALS, "3,456")
    score.refresh_from_db()
    assert score.value == Decimal("3.34") and [e.action for e in audit_of(score)] == [0]  # created


NEXT_YEAR = str(datetime.date.today().year + 1)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("year", "abc", "Enter a whole number."),
        ("year", "2024,5", "Enter a whole number."),
        ("year", "", REQUIRED),
        ("year", "2016", "The year must be between 2018 (the first SPBE evaluation) and 2045."),
        ("year", "32768", "The year must be between 2018 (the first SPBE evaluation) and 2045."),
        ("year", NEXT_YEAR, f"{NEXT_YEAR} has not come yet"),  # a model rule, not the field
        ("instance", "99.99", "Select a valid choice."),
        ("status", "official", "Select a valid choice."),
        ("source", "", "A published score needs its source."),
    ],
)
def test_the_score_form_refuses_other_malformed_fields(
    admin_en, balangan, frameworks, source, field, typed, message
):
    response = admin_en.post(reverse("admin:indices_score_add"), score_data(source) | {field: typed})
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field))
    assert not Score.objects.exists()


def test_the_indonesian_admin_says_what_is_wrong_in_indonesian(admin_client, balangan, frameworks, source):
    response = admin_client.post(reverse("admin:indices_score_add"), score_data(source, value="1.000,50"))
    assert field_errors(response, "value") == [
        "“1.000,50” memiliki lebih dari satu pemisah: tulis angka dengan satu koma desimal tanpa pemisah "
        "ribuan, mis. 2,87."
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "document": "LHE"}, "title", REQUIRED),
        ({"title": "   ", "document": "LHE"}, "title", REQUIRED),
        ({"title": "Laporan", "url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"title": "Laporan", "url": "bukan alamat"}, "url", "Enter a valid URL."),
        (
            {"title": "Laporan", "document": "LHE", "published_on": "31/02/2024"},
            "published_on",
            "Enter a valid date.",
        ),
        ({"title": "Laporan\x00", "document": "LHE"}, "title", "Null characters are not allowed."),
    ],
)
def test_the_source_form_refuses_malformed_fields(admin_en, data, field, message):
    response = admin_en.post(reverse("admin:indices_source_add"), data)
    assert_refused(response, field, message, "")
    assert not Source.objects.exists()


def test_a_source_with_neither_url_nor_document_breaks_a_model_rule_and_says_so(admin_en):
    response = admin_en.post(reverse("admin:indices_source_add"), {"title": "Berita"})
    assert response.status_code == 200
    assert "A source needs a URL or a document reference." in response.content.decode()
    assert not Source.objects.exists()


def framework_data(**changes):
    data = {
        "slug": "uji",
        "name": "Uji",
        "legal_basis": "Peraturan uji",
        "first_year": "2030",
        "last_year": "",
        "scale_min": "1,00",
        "scale_max": "5,00",
        "note": "",
    } | {f"{prefix}-{k}": v for prefix in ("bands", "nodes") for k, v in EMPTY_INLINE.items()}
    return data | changes


def with_bands(data, *bands):
    data = data | {"bands-TOTAL_FORMS": len(bands)}
    for i, (predicate, lower, upper) in enumerate(bands):
        data |= {
            f"bands-{i}-predicate": predicate,
            f"bands-{i}-lower": lower,
            f"bands-{i}-upper": upper,
            f"bands-{i}-colour": "#1a9850",
            f"bands-{i}-order": i + 1,
        }
    return data


@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [
        ("abc", "5,00", NOT_A_NUMBER.format("abc")),
        ("0,001", "5,00", TWO_DECIMALS),
        ("0,00", "1.000,00", SEPARATORS.format("1.000,00")),
        ("", "5,00", REQUIRED),
    ],
)
def test_the_framework_form_refuses_malformed_band_bounds(admin_en, db, lower, upper, message):
    data = with_bands(framework_data(), ("Semua", lower, upper))
    response = admin_en.post(reverse("admin:indices_framework_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not Framework.objects.filter(slug="uji").exists()
        and not Band.objects.filter(framework__slug="uji").exists()
    )


def test_a_band_with_its_bounds_reversed_breaks_a_model_rule_and_says_so(admin_en, db):
    data = with_bands(framework_data(), ("Atas", "5,00", "0,00"))
    response = admin_en.post(reverse("admin:indices_framework_add"), data)
    assert response.status_code == 200
    assert not Framework.objects.filter(slug="uji").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_year": "abc"}, "first_year", "Enter a whole number."),
        ({"first_year": ""}, "first_year", REQUIRED),
        (
            {"first_year": "2030", "last_year": "2029"},
            None,
            "The last year cannot come before the first year.",
        ),
        ({"slug": "bukan slug!"}, "slug", "Enter a valid “slug”"),
    ],
)
def test_the_framework_form_refuses_malformed_years_and_slugs(admin_en, db, changes, field, message):
    data = with_bands(framework_data(**changes), ("Semua", "0,00", "5,00"))
    response = admin_en.post(reverse("admin:indices_framework_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Framework.objects.filter(name="Uji").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "6"}, "A province code has two digits"),
        ({"code": "65.1", "kind": "kabupaten", "province": "63"}, "A regency or city code looks like"),
        ({"code": "64.01", "kind": "kabupaten", "province": "63"}, "does not start with its province code"),
        ({"code": "63.75", "kind": "kabupaten", "province": "63"}, "Codes 01-69 are regencies"),
        ({"name": "   "}, REQUIRED),
    ],
)
def test_the_region_form_refuses_codes_that_break_the_register_rules(admin_en, kalsel, changes, message):
    before = list(Region.objects.values_list("code", flat=True))
    data = {"code": "99", "name": "Provinsi Uji", "kind": "provinsi", "is_evaluated": "on"}
    data |= {f"{prefix}-{k}": v for prefix in ("scores", "targets") for k, v in EMPTY_INLINE.items()}
    response = admin_en.post(reverse("admin:regions_region_add"), data | changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Region.objects.values_list("code", flat=True)) == before


def test_a_malformed_score_in_the_instance_inline_is_refused_and_kept(admin_en, balangan, frameworks, source):
    data = {"name": "Kabupaten Balangan", "kind": "kabupaten", "region": "63.11", "group": ""}
    data |= {f"{prefix}-{k}": v for prefix in ("names", "targets") for k, v in EMPTY_INLINE.items()}
    data |= {f"scores-{k}": v for k, v in EMPTY_INLINE.items()} | {"scores-TOTAL_FORMS": 1}
    data |= {"scores-0-year": "2024", "scores-0-value": "3.456", "scores-0-status": "final"}
    data |= {"scores-0-source": source.pk, "scores-0-instance": "63.11"}
    response = admin_en.post(reverse("admin:indices_instance_change", args=["63.11"]), data)
    assert response.status_code == 200
    assert TWO_DECIMALS in response.content.decode() and 'value="3.456"' in response.content.decode()
    assert not Score.objects.exists()


# Property: whatever is typed, the admin never fails and never stores another number ------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.one_of(st.text(max_size=12), st.from_regex(r"\A[ -]?[0-9]{0,2}[.,]?[0-9]{0,4}[ ]?\Z")))
def test_any_text_in_the_score_field_is_refused_or_stored_exactly_as_written(
    admin_en, balangan, frameworks, source, typed
):
    response = admin_en.post(reverse("admin:indices_score_add"), score_data(source, value=typed))
    assert response.status_code in (200, 302)
    stored = list(Score.objects.values_list("value", flat=True))
    Score.objects.all().delete()
    if response.status_code == 200:
        assert stored == []
        return
    text = typed.strip()
    assert NUMBER.fullmatch(text), f"{typed!r} was stored as {stored}"
    assert stored == [Decimal(text.replace(",", "."))]
