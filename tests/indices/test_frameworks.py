from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indices.models import Framework, validate_band_cover
from indices.transfer.framework_loading import frameworks_install

pytestmark = pytest.mark.django_db

SPBE_EDGES = [
    ("1.00", "Kurang"),
    ("1.79", "Kurang"),
    ("1.80", "Cukup"),
    ("2.59", "Cukup"),
    ("2.60", "Baik"),
    ("3.49", "Baik"),
    ("3.50", "Sangat Baik"),
    ("4.19", "Sangat Baik"),
    ("4.20", "Memuaskan"),
    ("5.00", "Memuaskan"),
]


@pytest.mark.parametrize("slug", ["spbe-2018", "spbe-2020"])
@pytest.mark.parametrize(("value", "predicate"), SPBE_EDGES)
def test_spbe_band_for_gives_the_predicate_at_each_edge(frameworks, slug, value, predicate):
    framework = Framework.objects.get(slug=slug)
    assert framework.band_for(Decimal(value)).predicate == predicate


@pytest.mark.parametrize(
    ("value", "predicate"),
    [
        ("1.49", "Kurang"),
        ("1.50", "Cukup"),
        ("2.49", "Cukup"),
        ("2.50", "Baik"),
        ("3.99", "Sangat Baik"),
        ("4.00", "Memuaskan"),
        ("5.00", "Memuaskan"),
    ],
)
def test_pemerintah_digital_bands_follow_the_2026_regulation(frameworks, value, predicate):
    framework = Framework.objects.get(slug="pemdi-2026")
    assert framework.band_for(Decimal(value)).predicate == predicate


@pytest.mark.parametrize(
    ("year", "slug"),
    [
        (2018, "spbe-2018"),
        (2019, "spbe-2018"),
        (2020, "spbe-2018"),
        (2021, "spbe-2020"),
        (2025, "spbe-2020"),
        (2026, "pemdi-2026"),
        (2030, "pemdi-2026"),
    ],
)
def test_for_year_picks_the_framework_in_force(frameworks, year, slug):
    assert Framework.objects.for_year(year).slug == slug


@pytest.mark.parametrize("year", [2016, 2017])
def test_for_year_finds_nothing_for_a_year_without_evaluation(frameworks, year):
    assert Framework.objects.for_year(year) is None


def test_installing_frameworks_twice_keeps_an_admins_correction(frameworks):
    framework = Framework.objects.get(slug="pemdi-2026")
    framework.legal_basis = "PermenPANRB 8/2026, checked"
    framework.save()
    result = frameworks_install()
    assert (result.created, result.kept) == (0, 3)
    assert Framework.objects.get(slug="pemdi-2026").legal_basis == "PermenPANRB 8/2026, checked"
    assert Framework.objects.count() == 3


def bands(*pairs):
    return [(Decimal(lower), Decimal(upper)) for lower, upper in pairs]


def cover_error(pairs):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_band_cover(bands(*pairs))
    return error.value.messages[0]


def test_band_cover_accepts_contiguous_bands_over_the_scale():
    validate_band_cover(bands(("1.00", "1.80"), ("1.80", "2.60"), ("2.60", "5.00")))


def test_band_cover_refuses_a_gap():
    message = cover_error([("1.00", "1.80"), ("1.90", "5.00")])
    assert message == "Rentang predikat menyisakan celah dari 1,80 sampai 1,90."


def test_band_cover_refuses_an_overlap():
    message = cover_error([("1.00", "1.80"), ("1.70", "5.00")])
    assert message == "Rentang predikat bertumpang tindih dari 1,70 sampai 1,80."


def test_band_cover_refuses_bands_that_stop_short_of_the_scale():
    assert cover_error([("1.00", "4.00")]) == "Rentang predikat berakhir di 4,00, bukan 5,00."


def test_band_cover_refuses_bands_that_start_above_the_scale():
    assert cover_error([("1.50", "5.00")]) == "Rentang predikat menyisakan celah dari 1,00 sampai 1,50."


def test_band_cover_refuses_no_bands():
    assert "1,00 sampai 5,00" in cover_error([])


def test_every_framework_runs_from_1_to_5(frameworks):
    assert set(Framework.objects.values_list("scale_min", "scale_max")) == {
        (Decimal("1.00"), Decimal("5.00"))
    }


def test_framework_years_may_not_overlap_another_framework(frameworks):
    framework = Framework(slug="x", name="X", legal_basis="-", first_year=2025, last_year=2027)
    with translation.override("id"), pytest.raises(ValidationError) as error:
        framework.full_clean()
    assert "bertumpang tindih dengan SPBE 2020" in error.value.messages[0]


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#d73027", "#ffffff"), ("#fc8d59", "#1b1b1b"), ("#fee08b", "#1b1b1b"), ("#91cf60", "#1b1b1b"),
     ("#1a9850", "#1b1b1b"), ("#0b4f8a", "#ffffff")],
)  # fmt: skip
def test_badge_text_takes_the_colour_that_contrasts_more(colour, text):
    from indices.formatting import readable_text

    assert readable_text(colour) == text
