from decimal import Decimal

import pytest
from django.utils import translation

from indices import charts, formatting, summaries
from indices.facts import BandFacts, FrameworkFacts


def point(year, value, framework=2, predicate="Baik"):
    return {"year": year, "value": Decimal(value), "framework_id": framework, "predicate": predicate}


def framework(id_, name, first, last):
    bands = (
        BandFacts("Kurang", Decimal("0"), Decimal("1.80"), "#d73027", 1),
        BandFacts("Baik", Decimal("1.80"), Decimal("5"), "#1a9850", 2),
    )
    return FrameworkFacts(id_, name, first, last, bands)


SPBE_2018, SPBE_2020 = framework(1, "SPBE 2018", 2018, 2019), framework(2, "SPBE 2020", 2021, 2025)


def test_trend_draws_one_segment_per_framework_so_the_line_breaks():
    series = [
        {
            "name": "Kabupaten Paser",
            "points": [
                point(2018, "1.85", 1),
                point(2019, "1.69", 1),
                point(2021, "1.36"),
                point(2022, "2.83"),
            ],
        }
    ]
    spans = charts.framework_spans([SPBE_2018, SPBE_2020], [2018, 2019, 2021, 2022])
    figure = charts.trend_figure(series, spans)
    lines = [trace for trace in figure["data"] if trace["mode"] == "lines+markers"]
    assert [list(trace["x"]) for trace in lines] == [[2018, 2019], [2021, 2022]]
    assert [trace["showlegend"] for trace in lines] == [True, False]
    assert "SPBE 2020" in figure["layout"]["annotations"][0]["text"]


def test_trend_shades_each_frameworks_bands_over_its_own_years():
    spans = charts.framework_spans([SPBE_2018, SPBE_2020], [2018, 2024])
    assert [(s["first_year"], s["last_year"]) for s in spans] == [(2018, 2019), (2021, 2024)]
    figure = charts.trend_figure([{"name": "x", "points": [point(2024, "2.00")]}], spans)
    rects = [s for s in figure["layout"]["shapes"] if s["type"] == "rect"]
    assert len(rects) == 4
    assert (rects[2]["x0"], rects[2]["x1"], rects[2]["y1"]) == (2020.5, 2024.5, 1.8)


def test_trend_draws_targets_as_their_own_markers():
    figure = charts.trend_figure(
        [{"name": "x", "points": [point(2025, "3.41")]}], [], [{"year": 2025, "value": Decimal("3.35")}]
    )
    target = figure["data"][-1]
    assert (target["mode"], list(target["y"]), target["marker"]["symbol"]) == (
        "markers",
        [3.35],
        "diamond-open",
    )


@pytest.mark.parametrize(("language", "separators"), [("id", ",."), ("en", ".,")])
def test_numbers_follow_the_language(language, separators):
    with translation.override(language):
        figure = charts.trend_figure([{"name": "x", "points": [point(2024, "2.87")]}], [])
    assert figure["layout"]["separators"] == separators


def test_charts_do_not_capture_drag_or_scroll():
    figure = charts.trend_figure([{"name": "x", "points": [point(2024, "2.87")]}], [])
    assert figure["layout"]["dragmode"] is False
    assert figure["layout"]["xaxis"]["fixedrange"] and figure["layout"]["yaxis"]["fixedrange"]


def test_summary_sentence_of_a_rise_in_indonesian():
    points = [point(2023, "2.75"), point(2024, "2.87")]
    with translation.override("id"):
        sentence = summaries.trend_summary("Kalimantan Tengah", points)
    assert (
        sentence == "Indeks SPBE Kalimantan Tengah naik dari 2,75 (2023) menjadi 2,87 (2024), predikat Baik."
    )


def test_summary_sentence_in_english_and_for_a_fall():
    points = [point(2018, "1.85", 1, "Cukup"), point(2019, "1.69", 1, "Kurang")]
    with translation.override("en"):
        sentence = summaries.trend_summary("Kabupaten Paser", points)
    assert (
        sentence
        == "The SPBE index of Kabupaten Paser fell from 1.85 (2018) to 1.69 (2019), predicate Kurang."
    )


def test_summary_does_not_compare_across_frameworks():
    with translation.override("en"):
        sentence = summaries.trend_summary(
            "Kabupaten Paser", [point(2019, "1.69", 1, "Kurang"), point(2021, "1.36", 2, "Kurang")]
        )
    assert "not compared with 2019" in sentence
    assert "fell" not in sentence


def test_summary_without_points_says_so():
    with translation.override("id"):
        assert "Belum ada" in summaries.trend_summary("Aceh", [])


def test_tile_grid_places_every_province_once():
    assert len(charts.PROVINCE_TILES) == 38
    positions = [(column, row) for column, row, _ in charts.PROVINCE_TILES.values()]
    assert len(set(positions)) == 38


def test_tile_map_colours_scored_provinces_and_greys_the_rest():
    tiles = [
        {
            "code": "62",
            "name": "Kalimantan Tengah",
            "value": Decimal("3.41"),
            "predicate": "Baik",
            "colour": "#fee08b",
        },
        {"code": "11", "name": "Aceh", "value": None, "predicate": None, "colour": None},
    ]
    figure = charts.tile_map_figure(tiles)
    assert [shape["fillcolor"] for shape in figure["layout"]["shapes"]] == ["#fee08b", charts.NO_DATA]
    assert list(figure["data"][0]["text"]) == ["KALTENG", "ACEH"]


def test_region_bars_put_the_highest_on_top_coloured_by_predicate():
    rows = [{"name": "Kabupaten Tapin", "value": Decimal("2.10"), "predicate": "Cukup", "colour": "#fc8d59"},
            {"name": "Kabupaten Balangan", "value": Decimal("3.34"), "predicate": "Baik", "colour": "#fee08b"}]  # fmt: skip
    bar = charts.region_bars_figure(rows)["data"][0]
    assert list(bar["y"]) == ["Kab. Tapin", "Kab. Balangan"]  # plotly draws the last category on top
    assert list(bar["marker"]["color"]) == ["#fc8d59", "#fee08b"]


def test_predicate_counts_stack_one_trace_per_predicate():
    counts = {2023: {"Baik": 3, "Cukup": 1}, 2024: {"Baik": 2, "Sangat Baik": 2}}
    bands = [{"predicate": "Cukup", "colour": "#fc8d59"}, {"predicate": "Baik", "colour": "#fee08b"},
             {"predicate": "Sangat Baik", "colour": "#91cf60"}]  # fmt: skip
    figure = charts.predicate_counts_figure(counts, bands)
    assert figure["layout"]["barmode"] == "stack"
    assert {t["name"]: list(t["y"]) for t in figure["data"]} == {
        "Cukup": [1, 0],
        "Baik": [3, 2],
        "Sangat Baik": [0, 2],
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("0.18"), "+0,18"), (Decimal("-0.05"), "−0,05"), (Decimal("0"), "±0,00"), (None, "—")],
)
def test_signed_changes(value, text):
    with translation.override("id"):
        assert formatting.signed(value) == text


def test_domains_chart_sets_the_instance_beside_its_kind_and_province():
    rows = [
        {"number": 1, "name": "Kebijakan Internal SPBE", "value": Decimal("4.00"), "kind_mean": Decimal("3.23"),
         "province_mean": Decimal("3.45"), "change": None},
        {"number": 3, "name": "Manajemen SPBE", "value": Decimal("1.64"), "kind_mean": Decimal("1.65"),
         "province_mean": Decimal("1.83"), "change": None},
    ]  # fmt: skip
    with translation.override("id"):
        chart = charts.domains_chart("Kabupaten Balangan", rows, 2024, "kabupaten")
    assert [trace["name"] for trace in chart.figure["data"]] == [
        "Kabupaten Balangan", "Rata-rata semua kabupaten", "Rata-rata provinsinya"]  # fmt: skip
    assert list(chart.figure["data"][0]["y"]) == ["D3 Manajemen", "D1 Kebijakan Internal"]
    assert chart.summary == (
        "Pada 2024 domain terlemah Kabupaten Balangan adalah Manajemen SPBE (1,64; rata-rata semua kabupaten 1,65)."
    )


def test_national_trend_marks_the_targets_and_says_whether_the_last_was_met():
    national = [
        {
            "year": 2023,
            "value": Decimal("2.79"),
            "framework_id": 2,
            "predicate": "Baik",
            "target": Decimal("2.60"),
        },
        {
            "year": 2024,
            "value": Decimal("3.12"),
            "framework_id": 2,
            "predicate": "Baik",
            "target": Decimal("2.85"),
        },
    ]
    with translation.override("id"):
        chart = charts.national_trend_chart(national, [SPBE_2020])
    assert list(chart.figure["data"][-1]["y"]) == [2.6, 2.85]
    assert chart.summary.endswith("Target nasional 2024 adalah 2,85: tercapai.")
