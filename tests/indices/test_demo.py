from decimal import Decimal

import pytest

from indices.loading import demo_load
from indices.models import Score, Target

pytestmark = pytest.mark.django_db


def test_demo_data_holds_the_published_figures(demo):
    kalteng = dict(Score.objects.filter(region_id="62").values_list("year", "value"))
    assert kalteng == {
        2021: Decimal("1.00"),
        2022: Decimal("1.90"),
        2023: Decimal("2.75"),
        2024: Decimal("2.87"),
        2025: Decimal("3.41"),
    }
    assert Score.objects.get(region_id="63.11", year=2024).value == Decimal("3.34")


def test_every_demo_figure_is_real_and_carries_its_source(demo):
    assert Score.objects.count() == 22
    assert not Score.objects.filter(is_sample=True).exists()
    assert not Score.objects.filter(source__isnull=True).exists()
    assert not Target.objects.filter(source__isnull=True).exists()


def test_demo_data_keeps_the_more_precise_kaltim_2023_figure(demo):
    assert Score.objects.get(region_id="64", year=2023).value == Decimal("2.91")


def test_demo_predicates_correct_the_press(demo):
    # The press called Kalteng's 1.90 "Sedang", a predicate that does not exist.
    assert Score.objects.with_band().get(region_id="62", year=2022).predicate == "Cukup"


def test_loading_the_demo_twice_changes_nothing(demo):
    before = list(Score.objects.values_list("region_id", "year", "value", "source_id"))
    result = demo_load()
    assert result.created == 0
    assert list(Score.objects.values_list("region_id", "year", "value", "source_id")) == before
    assert Target.objects.count() == 2
