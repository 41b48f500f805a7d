from decimal import Decimal

import pytest

from indices.models import Framework
from indices.reads import stats

SPBE_2018, SPBE_2020 = 1, 2


def point(code, year, value, framework=None, kind="kabupaten", province="63", name=None):
    framework = framework or (SPBE_2018 if year < 2020 else SPBE_2020)
    return {"code": code, "name": name or code, "kind": kind, "province": province, "year": year,
            "value": Decimal(value), "framework_id": framework}  # fmt: skip


def test_change_is_against_the_previous_evaluation_under_the_same_framework():
    series = [point("a", 2023, "2.75"), point("a", 2024, "2.87")]
    assert stats.change(series, 2024) == Decimal("0.12")


def test_no_change_is_computed_across_2020_and_the_framework_break():
    series = [point("a", 2019, "1.69"), point("a", 2021, "1.36")]
    assert stats.change(series, 2021) is None
    assert stats.previous_in_framework(series, 2021) is None


def test_change_skips_a_missing_year_within_the_framework():
    series = [point("a", 2021, "1.00"), point("a", 2023, "2.75")]
    assert stats.change(series, 2023) == Decimal("1.75")


def test_ranks_share_a_place_on_ties_and_skip_the_next():
    points = [
        point("a", 2024, "3.00"),
        point("b", 2024, "3.50"),
        point("c", 2024, "3.00"),
        point("d", 2024, "2.00"),
    ]
    assert stats.competition_ranks(points) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_ranks_are_taken_within_each_group():
    points = [
        point("62", 2024, "2.87", kind="provinsi"),
        point("63.11", 2024, "3.34"),
        point("64", 2024, "3.79", kind="provinsi"),
    ]
    assert stats.competition_ranks(points, stats.kind) == {"64": 1, "62": 2, "63.11": 1}


def test_rows_for_year_give_rank_change_since_the_previous_evaluation():
    points = [
        point("a", 2023, "2.00"), point("b", 2023, "3.00"),
        point("a", 2024, "3.50"), point("b", 2024, "3.10"), point("c", 2024, "3.20"),
    ]  # fmt: skip
    rows = {r["code"]: r for r in stats.rows_for_year(points, 2024)}
    assert (rows["a"]["rank"], rows["a"]["previous_rank"], rows["a"]["rank_change"]) == (1, 2, 1)
    assert (rows["b"]["rank"], rows["b"]["rank_change"], rows["b"]["change"]) == (3, -2, Decimal("0.10"))
    assert (rows["c"]["rank_change"], rows["c"]["change"]) == (None, None)


def test_rows_for_the_first_year_of_a_framework_have_no_changes():
    points = [point("a", 2019, "2.00"), point("a", 2021, "2.50")]
    (row,) = stats.rows_for_year(points, 2021)
    assert (row["change"], row["rank_change"]) == (None, None)


def test_mean_rounds_half_up_to_two_places():
    assert stats.mean([Decimal("2.87"), Decimal("3.34"), Decimal("3.00")]) == Decimal("3.07")
    assert stats.mean([Decimal("1.005")]) == Decimal("1.01")
    assert stats.mean([]) is None


def test_overview_counts_means_tops_and_improvers():
    points = [
        point("62", 2023, "2.75", kind="provinsi"), point("62", 2024, "2.87", kind="provinsi"),
        point("64", 2023, "2.91", kind="provinsi"), point("64", 2024, "3.79", kind="provinsi"),
        point("63.11", 2023, "2.69"), point("63.11", 2024, "3.34"),
    ]  # fmt: skip
    summary = stats.overview(stats.rows_for_year(points, 2024))
    assert summary["count"] == 3
    assert summary["kinds"] == [
        {"kind": "provinsi", "count": 2, "mean": Decimal("3.33")},
        {"kind": "kabupaten", "count": 1, "mean": Decimal("3.34")},
    ]
    assert [r["code"] for r in summary["top"]] == ["64", "62"]
    assert [r["code"] for r in summary["improvers"]] == ["64", "63.11", "62"]


def test_targets_with_gap_compare_with_the_score_of_the_same_year():
    rows = stats.targets_with_gap(
        [point("62", 2024, "2.87"), point("62", 2025, "3.41")],
        [{"year": 2025, "value": Decimal("3.35")}, {"year": 2026, "value": Decimal("3.60")}],
    )
    assert rows[0] | {} == {"year": 2025, "target": Decimal("3.35"), "achieved": Decimal("3.41"),
                            "gap": Decimal("0.06"), "met": True}  # fmt: skip
    assert (rows[1]["gap"], rows[1]["met"]) == (None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "gap", "predicate"),
    [("3.32", "0.18", "Sangat Baik"), ("1.79", "0.01", "Cukup"), ("2.60", "0.90", "Sangat Baik"),
     ("4.19", "0.01", "Memuaskan")],
)  # fmt: skip
def test_distance_to_the_next_predicate(frameworks, value, gap, predicate):
    (spbe_2020,) = Framework.objects.filter(slug="spbe-2020").facts()
    needed, band = stats.distance_to_next(spbe_2020, Decimal(value))
    assert (needed, band.predicate) == (Decimal(gap), predicate)


@pytest.mark.django_db
def test_no_distance_in_the_top_predicate(frameworks):
    (spbe_2020,) = Framework.objects.filter(slug="spbe-2020").facts()
    assert stats.distance_to_next(spbe_2020, Decimal("4.20")) is None


def test_the_bottom_list_never_repeats_the_top_one():
    points = [point(code, 2024, value, kind="provinsi") for code, value in [("62", "2.87"), ("64", "3.79")]]
    summary = stats.overview(stats.rows_for_year(points, 2024))
    assert [r["code"] for r in summary["top"]] == ["64", "62"]
    assert summary["bottom"] == []


def value(number, v, code="a", year=2024, name=None):
    return {
        "code": code,
        "year": year,
        "level": "domain",
        "number": number,
        "name": name or f"D{number}",
        "value": Decimal(v),
    }


def test_a_domain_profile_sets_each_value_beside_its_kinds_and_provinces_means_with_its_change():
    own = [value(1, "3.00"), value(2, "1.50")]
    kind = [value(1, "2.00", "b"), value(1, "3.00", "c"), value(2, "2.00", "b"), value(2, "3.00", "c")]
    province = [value(1, "4.00", "d"), value(1, "3.00", "e"), value(1, "2.00", "f"), value(2, "4.00", "d")]
    previous = [value(1, "2.50", year=2023)]
    rows = stats.domain_profile(own, kind, province, previous)
    assert rows == [
        {"number": 1, "name": "D1", "value": Decimal("3.00"), "kind_mean": Decimal("2.50"), "kind_count": 2,
         "province_mean": Decimal("3.00"), "province_count": 3, "change": Decimal("0.50")},
        {"number": 2, "name": "D2", "value": Decimal("1.50"), "kind_mean": Decimal("2.50"), "kind_count": 2,
         "province_mean": None, "province_count": 1, "change": None},
    ]  # fmt: skip
    assert stats.weakest(rows)["number"] == 2


def test_a_mean_of_fewer_values_than_its_rule_asks_is_not_given():
    rows = stats.domain_profile([value(1, "3.00")], [value(1, "2.00", "b")], [value(1, "4.00", "d")] * 2, [])
    assert (rows[0]["kind_mean"], rows[0]["province_mean"]) == (None, None)
    assert (rows[0]["kind_count"], rows[0]["province_count"]) == (1, 2)


def test_predicates_are_counted_per_kind_in_the_reports_order():
    rows = [{"kind": "kota", "predicate": "Baik"}, {"kind": "kementerian", "predicate": "Baik"},
            {"kind": "kota", "predicate": "Cukup"}]  # fmt: skip
    counts = stats.predicate_counts_by_kind(rows)
    assert list(counts) == ["kementerian", "kota"]
    assert counts["kota"] == {"Baik": 1, "Cukup": 1}
