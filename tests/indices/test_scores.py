from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from indices.models import Framework, Instance, Score, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_results")]


def errors_of(instance):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def assert_database_refuses(**fields):
    before = Score.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(**fields)
    assert Score.objects.count() == before


@pytest.mark.parametrize("value", ["5.01", "0.99", "-0.01"])
def test_a_score_outside_1_to_5_is_refused_with_a_clear_message(balangan, frameworks, source, value):
    score = Score(instance=balangan, year=2024, value=Decimal(value), source=source)
    assert errors_of(score)["value"] == ["Skor harus antara 1,00 dan 5,00."]
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", ["5.01", "0.99"])
def test_the_database_refuses_a_score_outside_1_to_5(balangan, frameworks, source, value):
    framework = Framework.objects.get(slug="spbe-2020")
    assert_database_refuses(
        instance=balangan, year=2024, value=Decimal(value), source=source, framework=framework
    )


def test_a_score_with_three_decimals_is_refused(balangan, frameworks, source):
    score = Score(instance=balangan, year=2024, value=Decimal("3.345"), source=source)
    assert "value" in errors_of(score)


def test_a_score_for_a_year_before_the_first_evaluation_is_refused(balangan, frameworks, source):
    score = Score(instance=balangan, year=2017, value=Decimal("2.00"), source=source)
    assert errors_of(score)["year"] == ["Tahun harus antara 2018 (evaluasi SPBE pertama) dan 2045."]


@pytest.mark.parametrize("year", [2046, 2100, 20255, 32767])
def test_a_year_past_2045_is_refused(balangan, frameworks, source, year):
    score = Score(instance=balangan, year=year, value=Decimal("2.00"), source=source)
    assert errors_of(score)["year"] == ["Tahun harus antara 2018 (evaluasi SPBE pertama) dan 2045."]


def test_a_result_for_a_year_still_to_come_is_refused(balangan, frameworks, source):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    score = Score(instance=balangan, year=next_year, value=Decimal("2.00"), source=source)
    assert errors_of(score)["year"] == [f"{next_year} belum tiba: belum ada hasil evaluasi untuk tahun itu."]


@pytest.mark.parametrize("year", [2017, 2046, 32767])
def test_the_database_refuses_a_year_out_of_range(balangan, frameworks, source, year):
    framework = Framework.objects.for_year(2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.bulk_create(
            [Score(instance=balangan, year=year, value=Decimal("2.00"), source=source, framework=framework)]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.bulk_create(
            [Target(instance=balangan, year=year, value=Decimal("3.00"), source=source)]
        )


def test_2020_was_evaluated_under_the_2018_framework(balangan, make_score):
    assert make_score(balangan, 2020, "2.26").framework.slug == "spbe-2018"


def test_a_second_final_score_for_the_same_year_is_refused_by_name(balangan, make_score, source):
    make_score(balangan, 2024, "3.34")
    duplicate = Score(instance=balangan, year=2024, value=Decimal("3.40"), source=source)
    assert errors_of(duplicate) == {
        "year": ["Kabupaten Balangan sudah memiliki skor final untuk tahun 2024."]
    }


def test_the_database_refuses_a_second_final_score(balangan, make_score, source):
    first = make_score(balangan, 2024, "3.34")
    assert_database_refuses(
        instance=balangan, year=2024, value=Decimal("3.40"), source=source, framework=first.framework
    )


def test_a_carried_over_score_counts_as_the_years_final_score(balangan, make_score, source):
    make_score(balangan, 2022, "2.70")
    carried = Score(
        instance=balangan, year=2022, value=Decimal("2.70"), source=source, status=Score.Status.CARRIED_OVER
    )
    assert "year" in errors_of(carried)


def test_a_self_assessment_may_sit_beside_the_final_score(balangan, make_score):
    make_score(balangan, 2024, "3.34")
    make_score(balangan, 2024, "3.50", status=Score.Status.SELF_ASSESSED)
    assert list(Score.objects.official().values_list("value", flat=True)) == [Decimal("3.34")]


def test_a_published_score_needs_a_source(balangan, frameworks):
    score = Score(instance=balangan, year=2024, value=Decimal("3.34"))
    assert errors_of(score)["source"] == ["Skor yang dipublikasikan harus mencantumkan sumbernya."]


def test_the_database_refuses_a_published_score_without_source(balangan, frameworks):
    framework = Framework.objects.get(slug="spbe-2020")
    assert_database_refuses(instance=balangan, year=2024, value=Decimal("3.34"), framework=framework)


@pytest.mark.parametrize(("year", "slug"), [(2019, "spbe-2018"), (2024, "spbe-2020"), (2026, "pemdi-2026")])
def test_the_framework_follows_from_the_year(balangan, make_score, year, slug):
    assert make_score(balangan, year, "2.00").framework.slug == slug


@pytest.mark.parametrize(
    ("value", "year", "predicate"),
    [
        ("2.83", 2022, "Baik"),
        ("1.90", 2022, "Cukup"),
        ("3.79", 2024, "Sangat Baik"),
        ("4.13", 2025, "Sangat Baik"),
        ("4.13", 2026, "Memuaskan"),
    ],
)
def test_the_predicate_is_derived_from_the_framework_of_the_year(kalteng, make_score, value, year, predicate):
    assert make_score(kalteng, year, value).predicate == predicate


def test_with_predicate_filters_by_each_frameworks_bands(kalteng, balangan, make_score):
    make_score(kalteng, 2025, "4.13")  # Sangat Baik under SPBE 2020
    make_score(kalteng, 2026, "4.13")  # Memuaskan under Pemerintah Digital
    make_score(balangan, 2024, "3.50")  # Sangat Baik, lower edge
    make_score(balangan, 2023, "5.00")  # Memuaskan, top edge
    sangat_baik = Score.objects.with_predicate("Sangat Baik").values_list("instance_id", "year")
    memuaskan = Score.objects.with_predicate("Memuaskan").values_list("instance_id", "year")
    assert sorted(sangat_baik) == [("62", 2025), ("63.11", 2024)]
    assert sorted(memuaskan) == [("62", 2026), ("63.11", 2023)]


def test_a_target_gap_is_score_minus_target(kalteng, make_score, source):
    make_score(kalteng, 2025, "3.41")
    Target.objects.create(instance=kalteng, year=2025, value=Decimal("3.35"), document="other", source=source)
    Target.objects.create(instance=kalteng, year=2026, value=Decimal("3.60"), document="rpjmd", source=source)
    met, pending = Target.objects.with_achieved().order_by("year")
    assert met.gap == Decimal("0.06")
    assert pending.gap is None


def test_a_target_missed_has_a_negative_gap(kalteng, make_score, source):
    make_score(kalteng, 2024, "2.87")
    Target.objects.create(instance=kalteng, year=2024, value=Decimal("3.00"), document="rpjmd", source=source)
    target = Target.objects.with_achieved().get()
    assert target.gap == Decimal("-0.13")


def test_a_second_target_for_the_same_year_is_refused(kalteng, source):
    Target.objects.create(instance=kalteng, year=2025, value=Decimal("3.35"), document="other", source=source)
    duplicate = Target(instance=kalteng, year=2025, value=Decimal("3.50"), document="rpjmd", source=source)
    assert errors_of(duplicate)["__all__"] == ["Instansi ini sudah memiliki target untuk tahun ini."]


def test_a_target_above_5_is_refused(kalteng, source):
    target = Target(instance=kalteng, year=2025, value=Decimal("5.50"), document="rpjmd", source=source)
    assert errors_of(target)["value"] == ["Skor harus antara 1,00 dan 5,00."]


def test_an_agency_is_an_instance_with_its_own_identifier(make_score):
    kemenkeu = Instance.objects.get(code="kemenkeu")
    score = make_score(kemenkeu, 2024, "4.74")
    assert (kemenkeu.kind, kemenkeu.region, score.predicate) == ("kementerian", None, "Memuaskan")
    assert kemenkeu.get_absolute_url() == "/instansi/kemenkeu/"


def test_the_database_refuses_an_agency_with_a_region(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instance.objects.create(code="uji", kind="kementerian", name="Uji", region_id="11")


def test_the_database_refuses_a_regional_government_without_its_region(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instance.objects.create(code="11.99", kind="kabupaten", name="Uji")
