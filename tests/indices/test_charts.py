import json
import math
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest
from django.utils import translation

from indices import formatting
from indices.facts import BandFacts, FrameworkFacts, Place
from indices.public.charts import cards, layout, sentences, specs

FRAMEWORKS_JSON = Path(__file__).resolve().parents[2] / "indices" / "data" / "frameworks.json"


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
    spans = cards.framework_spans([SPBE_2018, SPBE_2020], [2018, 2019, 2021, 2022])
    figure = cards.trend_figure(series, spans)
    lines = [trace for trace in figure["data"] if trace["mode"] == "lines+markers"]
    assert [list(trace["x"]) for trace in lines] == [[2018, 2019], [2021, 2022]]
    assert [trace["showlegend"] for trace in lines] == [True, False]
    assert "SPBE 2020" in figure["layout"]["annotations"][0]["text"]


def test_trend_shades_each_frameworks_bands_over_its_own_years():
    spans = cards.framework_spans([SPBE_2018, SPBE_2020], [2018, 2024])
    assert [(s["first_year"], s["last_year"]) for s in spans] == [(2018, 2019), (2021, 2024)]
    figure = cards.trend_figure([{"name": "x", "points": [point(2024, "2.00")]}], spans)
    rects = [s for s in figure["layout"]["shapes"] if s["type"] == "rect"]
    assert len(rects) == 4
    assert (rects[2]["x0"], rects[2]["x1"], rects[2]["y1"]) == (2020.5, 2024.5, 1.8)


def test_trend_draws_targets_as_their_own_markers():
    figure = cards.trend_figure(
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
        figure = cards.trend_figure([{"name": "x", "points": [point(2024, "2.87")]}], [])
    assert figure["layout"]["separators"] == separators


def test_charts_do_not_capture_drag_or_scroll():
    figure = cards.trend_figure([{"name": "x", "points": [point(2024, "2.87")]}], [])
    assert figure["layout"]["dragmode"] is False
    assert figure["layout"]["xaxis"]["fixedrange"] and figure["layout"]["yaxis"]["fixedrange"]


def test_summary_sentence_of_a_rise_in_indonesian():
    points = [point(2023, "2.75"), point(2024, "2.87")]
    with translation.override("id"):
        sentence = sentences.trend_summary("Kalimantan Tengah", points)
    assert (
        sentence == "Indeks SPBE Kalimantan Tengah naik dari 2,75 (2023) menjadi 2,87 (2024), predikat Baik."
    )


def test_summary_sentence_in_english_and_for_a_fall():
    points = [point(2018, "1.85", 1, "Cukup"), point(2019, "1.69", 1, "Kurang")]
    with translation.override("en"):
        sentence = sentences.trend_summary("Kabupaten Paser", points)
    assert (
        sentence
        == "The SPBE index of Kabupaten Paser fell from 1.85 (2018) to 1.69 (2019), predicate Kurang."
    )


def test_summary_does_not_compare_across_frameworks():
    with translation.override("en"):
        sentence = sentences.trend_summary(
            "Kabupaten Paser", [point(2019, "1.69", 1, "Kurang"), point(2021, "1.36", 2, "Kurang")]
        )
    assert "not compared with 2019" in sentence
    assert "fell" not in sentence


def test_summary_without_points_says_so():
    with translation.override("id"):
        assert "Belum ada" in sentences.trend_summary("Aceh", [])


def test_tile_grid_places_every_province_once():
    assert len(layout.PROVINCE_TILES) == 38
    positions = [(column, row) for column, row, _ in layout.PROVINCE_TILES.values()]
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
    figure = cards.tile_map_figure(tiles)
    assert [shape["fillcolor"] for shape in figure["layout"]["shapes"]] == ["#fee08b", layout.NO_DATA]
    assert list(figure["data"][0]["text"]) == ["KALTENG<br>B", "ACEH<br>—"]


def test_region_bars_put_the_highest_on_top_coloured_by_predicate_and_named_with_it():
    rows = [{"name": "Kabupaten Tapin", "value": Decimal("2.10"), "predicate": "Cukup", "colour": "#fc8d59"},
            {"name": "Kabupaten Balangan", "value": Decimal("3.34"), "predicate": "Baik", "colour": "#fee08b"}]  # fmt: skip
    bar = cards.region_bars_figure(rows)["data"][0]
    assert list(bar["y"]) == ["Kab. Tapin", "Kab. Balangan"]  # plotly draws the last category on top
    assert list(bar["marker"]["color"]) == ["#fc8d59", "#fee08b"]
    assert list(bar["customdata"]) == ["Cukup", "Baik"]
    assert bar["texttemplate"] == "%{x:.2f} %{customdata}"  # 2,10 Cukup: the predicate on the bar


def test_predicate_counts_name_each_predicate_beside_its_bars_one_bar_per_year():
    counts = {2023: {"Baik": 3, "Cukup": 1}, 2024: {"Baik": 2, "Sangat Baik": 2}}
    bands = [{"predicate": "Cukup", "colour": "#fc8d59"}, {"predicate": "Baik", "colour": "#fee08b"},
             {"predicate": "Sangat Baik", "colour": "#91bfdb"}]  # fmt: skip
    figure = cards.predicate_counts_figure(counts, bands)
    assert figure["layout"]["barmode"] == "group"
    assert {t["name"]: (list(t["y"]), list(t["x"])) for t in figure["data"]} == {
        "2023": (["Sangat Baik", "Baik", "Cukup"], [0, 3, 1]),
        "2024": (["Sangat Baik", "Baik", "Cukup"], [2, 2, 0]),
    }
    assert [t["marker"]["color"] for t in figure["data"]] == [["#91bfdb", "#fee08b", "#fc8d59"]] * 2


def test_predicate_counts_tell_the_years_apart_by_hatching_and_by_the_year_written_on_each_bar():
    counts = {2022: {"Baik": 1}, 2023: {"Baik": 3}, 2024: {"Baik": 2}}
    figure = cards.predicate_counts_figure(counts, [{"predicate": "Baik", "colour": "#fee08b"}])
    hatches = [t["marker"]["pattern"]["shape"] for t in figure["data"]]
    assert hatches[-1] == "" and len(set(hatches)) == 3  # the last year solid, each earlier one its own
    assert [list(t["customdata"]) for t in figure["data"]] == [["2022"], ["2023"], ["2024"]]
    assert figure["data"][0]["texttemplate"] == "%{x} · %{customdata}"


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
         "province_mean": Decimal("3.45"), "change": None, "kind_count": 392},
        {"number": 3, "name": "Manajemen SPBE", "value": Decimal("1.64"), "kind_mean": Decimal("1.65"),
         "province_mean": Decimal("1.83"), "change": None, "kind_count": 392},
    ]  # fmt: skip
    with translation.override("id"):
        chart = cards.domains_chart("Kabupaten Balangan", rows, 2024, "kabupaten")
    assert [trace["name"] for trace in chart.figure["data"]] == [
        "Kabupaten Balangan", "Rata-rata semua kabupaten", "Rata-rata provinsinya"]  # fmt: skip
    assert list(chart.figure["data"][0]["y"]) == ["D3 Manajemen", "D1 Kebijakan Internal"]
    # The means differ from the instance by hatching and dots as well as colour.
    assert [trace["marker"]["pattern"]["shape"] for trace in chart.figure["data"]] == ["", "/", "."]
    with translation.override("en"):
        chart = cards.domains_chart("Kabupaten Balangan", rows, 2024, "kabupaten")
    assert chart.summary == (
        "In 2024 the weakest domain of Kabupaten Balangan is Manajemen SPBE (1.64; mean of its kind, 392 "
        "instances: 1.65)."
    )


def test_domains_chart_draws_no_mean_where_there_is_none():
    rows = [{"number": 1, "name": "Kebijakan Internal SPBE", "value": Decimal("3.50"), "kind_mean": None,
             "province_mean": None, "change": None, "kind_count": 0}]  # fmt: skip
    with translation.override("en"):
        chart = cards.domains_chart("Kalimantan Tengah", rows, 2025, "province")
    assert [trace["name"] for trace in chart.figure["data"]] == ["Kalimantan Tengah"]


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
        chart = cards.national_trend_chart(national, [SPBE_2020])
    assert list(chart.figure["data"][-1]["y"]) == [2.6, 2.85]
    assert chart.summary.endswith("Target nasional 2024 adalah 2,85: tercapai.")


def test_trend_names_each_band_in_the_right_margin_at_its_middle():
    spans = cards.framework_spans([SPBE_2020], [2023, 2024])
    figure = cards.trend_figure([{"name": "x", "points": [point(2024, "2.00")]}], spans)
    labels = [(a["text"], a["y"], a["xref"]) for a in figure["layout"]["annotations"]]
    assert labels == [("Kurang", 0.9, "paper"), ("Baik", 3.4, "paper")]
    assert figure["layout"]["margin"]["r"] >= 80  # room for "Sangat Baik"


def test_trend_names_an_earlier_frameworks_bands_only_where_they_differ():
    same = cards.framework_spans([SPBE_2018, SPBE_2020], [2018, 2024])
    figure = cards.trend_figure([{"name": "x", "points": [point(2024, "2.00")]}], same)
    names = [a["text"] for a in figure["layout"]["annotations"] if a["text"] in ("Kurang", "Baik")]
    assert names == ["Kurang", "Baik"]  # both frameworks share their bands: named once, beside the last

    other = FrameworkFacts(3, "Pemerintah Digital", 2026, None, (
        BandFacts("Kurang", Decimal("1"), Decimal("1.50"), "#d73027", 1),
        BandFacts("Baik", Decimal("1.50"), Decimal("5"), "#fee08b", 2),
    ))  # fmt: skip
    figure = cards.trend_figure(
        [{"name": "x", "points": [point(2026, "2.00", 3)]}],
        cards.framework_spans([SPBE_2020, other], [2024, 2026]),
    )
    inside = [
        (a["text"], a["x"])
        for a in figure["layout"]["annotations"]
        if a.get("xref") == "x" and a["text"] in ("Kurang", "Baik")
    ]
    assert inside == [("Kurang", 2023.5), ("Baik", 2023.5)]


def eight_regions():
    regions = [Place(f"{code}", f"Kabupaten Nomor {code}") for code in range(11, 19)]
    points = [
        {"code": r.code, "year": year, "value": Decimal("3.00") + Decimal(i) / 100, "framework_id": 2,
         "predicate": "Baik", "source_title": f"Laporan {year}"}
        for i, r in enumerate(regions) for year in (2023, 2024)
    ]  # fmt: skip
    return regions, points


def test_compared_lines_differ_in_dash_and_marker_as_well_as_colour():
    regions, points = eight_regions()
    chart = cards.compare_chart(regions, points, [SPBE_2020])
    lines = [t for t in chart.figure["data"] if t["mode"] == "lines+markers"]
    assert len(lines) == 8
    assert len({t["marker"]["symbol"] for t in lines}) == 8
    assert len({(t["line"]["dash"], t["marker"]["symbol"]) for t in lines}) == 8
    assert len({t["line"]["color"] for t in lines}) == 8


def test_compared_lines_are_named_where_they_end_without_overlapping():
    regions, points = eight_regions()  # all eight end within 0.07 of each other
    chart = cards.compare_chart(regions, points, [SPBE_2020])
    ends = [a for a in chart.figure["layout"]["annotations"] if a["text"].endswith(tuple("0123456789"))]
    assert [a["text"] for a in ends] == [
        f"{glyph} Kab. Nomor {code}" for glyph, code in zip("●■◆▲▼✕★✚", range(11, 19), strict=True)
    ]
    heights = [a["y"] for a in ends]
    assert heights == sorted(heights)  # kept in the order the lines end in
    assert all(above - below >= 0.2 for below, above in zip(heights, heights[1:], strict=False))


def test_compared_lines_on_a_phone_are_named_by_the_legend_one_a_line():
    regions, points = eight_regions()
    chart = cards.compare_chart(regions, points, [SPBE_2020])
    narrow = chart.narrow_figure["layout"]
    assert not [a for a in narrow["annotations"] if "Kab. Nomor" in a["text"]]
    assert narrow["legend"]["orientation"] == "v"
    assert narrow["height"] > chart.figure["layout"]["height"]  # the legend has room of its own


def test_tile_names_its_predicate_by_initials_and_the_legend_spells_them_out():
    bands = [{"predicate": "Baik", "colour": "#fee08b"}, {"predicate": "Sangat Baik", "colour": "#91bfdb"}]
    rows = [{"code": "62", "value": Decimal("3.70"), "predicate": "Sangat Baik", "colour": "#91bfdb",
             "source_title": "Laporan 2024"}]  # fmt: skip
    provinces = [Place("62", "Kalimantan Tengah"), Place("11", "Aceh")]
    chart = cards.province_tiles_chart(provinces, rows, 2024, bands)
    assert list(chart.figure["data"][0]["text"]) == ["KALTENG<br>SB", "ACEH<br>—"]
    assert [(b["abbreviation"], b["predicate"]) for b in chart.legend] == [
        ("B", "Baik"),
        ("SB", "Sangat Baik"),
    ]


@pytest.mark.parametrize(
    ("predicates", "short"),
    [
        (["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"], ["K", "C", "B", "SB", "M"]),
        (["Baik", "Buruk", "Sangat Baik"], ["Baik", "Buruk", "SB"]),  # two would read B: spelled out
    ],
)
def test_predicate_abbreviations(predicates, short):
    assert list(cards.predicate_abbreviations(predicates).values()) == short


def test_tile_grid_folded_for_a_phone_keeps_every_province_apart_in_eight_columns():
    positions = [specs._tile_position(code, narrow=True) for code in layout.PROVINCE_TILES]
    assert len(set(positions)) == 38
    assert max(column for column, _row in positions) < layout.FOLD_COLUMN
    figure = cards.tile_map_figure([], narrow=True)
    assert figure["layout"]["meta"]["aspect"] > 1  # taller than wide: the east under the west


def test_tiles_are_labelled_at_14_px_with_each_provinces_code_for_tiles_too_small_for_names():
    tiles = [{"code": "62", "name": "Kalimantan Tengah", "value": Decimal("3.41"), "predicate": "Baik",
              "colour": "#fee08b"}]  # fmt: skip
    for narrow in (False, True):
        figure = cards.tile_map_figure(tiles, narrow=narrow)
        labels = figure["data"][0]
        assert labels["textfont"]["size"] == layout.LABEL_SIZE == 14
        assert labels["text"] == ["KALTENG<br>B"]
        # What charts.js writes instead where a name would overflow its tile.
        assert figure["layout"]["meta"]["code_text"] == ["62<br>B"]
        assert labels["hovertext"] == ["Kalimantan Tengah (62)<br>3,41 · Baik"]


def test_the_folded_tiles_are_taller_than_wide_for_two_lines_of_labels():
    tiles = [{"code": "62", "name": "Kalimantan Tengah", "value": None, "predicate": None, "colour": None}]
    wide = cards.tile_map_figure(tiles)["layout"]["shapes"][0]
    folded = cards.tile_map_figure(tiles, narrow=True)["layout"]["shapes"][0]
    assert math.isclose(wide["y0"] - wide["y1"], wide["x1"] - wide["x0"])
    assert folded["y0"] - folded["y1"] > 1.4 * (folded["x1"] - folded["x0"])


def test_the_tiles_data_table_is_the_key_to_the_codes():
    rows = [{"code": "62", "value": Decimal("3.41"), "predicate": "Baik", "colour": "#fee08b"}]
    with translation.override("en"):
        chart = cards.province_tiles_chart([Place("62", "Kalimantan Tengah")], rows, 2024, [])
        assert chart.rows == [["Kalimantan Tengah (62)", "3.41", "Baik"]]
        assert "Kemendagri code" in chart.note


def test_a_single_bar_is_as_thick_as_in_a_long_list():
    one = [{"name": "Kabupaten Paser", "value": Decimal("2.83"), "predicate": "Baik", "colour": "#fee08b"}]
    many = one * 10
    height = cards.region_bars_figure(one)["layout"]["height"]
    assert height < 100
    assert cards.region_bars_figure(many)["layout"]["height"] - height == 9 * 26


def test_bars_on_a_phone_write_each_name_above_its_bar():
    rows = [{"name": "Kabupaten Kotawaringin Timur", "value": Decimal("3.22"), "predicate": "Baik",
             "colour": "#fee08b"}]  # fmt: skip
    figure = cards.region_bars_figure(rows, narrow=True)
    assert figure["layout"]["yaxis"]["showticklabels"] is False
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["Kab. Kotawaringin Timur"]


def test_region_trend_png_says_what_where_when_and_from_what_source():
    points = [point(2023, "2.69") | {"source_title": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2023"},
              point(2024, "3.34") | {"source_title": "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024"}]  # fmt: skip
    targets = [{"year": 2018, "value": Decimal("2.00")}]
    with translation.override("en"):
        chart = cards.region_trend_chart("Kabupaten Balangan", points, targets, [SPBE_2018, SPBE_2020])
    assert chart.filename == "spbe-tren-kabupaten-balangan-2018-2024"
    assert chart.heading == "SPBE index of Kabupaten Balangan, 2018–2024"
    assert chart.source == (
        "Sources: Laporan Pelaksanaan Evaluasi SPBE Tahun 2024; Laporan Pelaksanaan Evaluasi SPBE Tahun 2023"
    )


@pytest.mark.parametrize(
    ("titles", "line"),
    [
        (["A", "A", None], "Source: A"),
        (["A", "B", "C"], "Sources: A; B; C"),
        (["A", "B", "C", "D", "E"], "Sources: A; B and 3 more, named on the portal"),
        ([None], "Sources: as named beside each figure on the portal"),
    ],
)
def test_source_line(titles, line):
    with translation.override("en"):
        assert cards.source_line(titles) == line


def test_every_chart_file_name_says_what_it_holds():
    regions, points = eight_regions()
    rows = [{"name": "Kabupaten Paser", "value": Decimal("2.83"), "predicate": "Baik", "colour": "#fee08b",
             "source_title": "x"}]  # fmt: skip
    counts = {2023: {"Baik": 3}, 2024: {"Baik": 2}}
    names = [
        cards.compare_chart(regions, points, [SPBE_2020]).filename,
        cards.compare_chart(regions[:2], points, [SPBE_2020]).filename,
        cards.children_bars_chart("Kalimantan Timur", rows, 2022).filename,
        cards.national_predicate_chart(counts, [{"predicate": "Baik", "colour": "#fee08b"}], 2024).filename,
        cards.province_tiles_chart([], [], 2024, []).filename,
    ]
    assert names == [
        "spbe-perbandingan-8-instansi-2023-2024",
        "spbe-perbandingan-kabupaten-nomor-11-kabupaten-nomor-12-2023-2024",
        "spbe-kabupaten-kota-kalimantan-timur-2022",
        "spbe-predikat-2023-2024",
        "spbe-peta-provinsi-2024",
    ]


def test_predicate_chart_sentence_speaks_of_the_pages_year_or_of_none_it_does_not_count():
    counts = {2023: {"Baik": 3}, 2024: {"Baik": 2}}
    bands = [{"predicate": "Baik", "colour": "#fee08b"}]
    with translation.override("en"):
        assert cards.national_predicate_chart(counts, bands, 2023).summary.startswith("In 2023, 3 instances")
        later = cards.national_predicate_chart(counts, bands, 2025).summary
    assert "In 2024, 2 instances" in later and "2025" not in later


def test_each_form_of_a_chart_reserves_its_room_before_it_is_drawn():
    rows = [{"name": "Kabupaten Paser", "value": Decimal("2.83"), "predicate": "Baik", "colour": "#fee08b",
             "source_title": "x"}]  # fmt: skip
    bars = cards.children_bars_chart("Kalimantan Timur", rows, 2022)
    assert [(s["form"], s["height"]) for s in bars.spaces] == [
        ("wide", bars.figure["layout"]["height"]),
        ("narrow", bars.narrow_figure["layout"]["height"]),
    ]
    tiles = cards.province_tiles_chart([], [], 2024, [])
    assert [s["viewbox"] for s in tiles.spaces] == [
        f"0 0 1000 {round(1000 * tiles.figure['layout']['meta']['aspect'])}",
        f"0 0 1000 {round(1000 * tiles.narrow_figure['layout']['meta']['aspect'])}",
    ]


# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def seen_as(colour: str, deficiency: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a #rrggbb colour as seen with `deficiency`."""
    srgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    rgb = [min(max(dot(row, linear), 0), 1) for row in CVD[deficiency]]
    xyz = [dot(row, rgb) for row in SRGB_TO_XYZ]
    f = [
        (t / w) ** (1 / 3) if t / w > 0.008856 else 7.787 * t / w + 16 / 116
        for t, w in zip(xyz, D65, strict=True)
    ]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def dot(row, vector):
    return sum(m * c for m, c in zip(row, vector, strict=True))


SRGB_TO_XYZ = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
D65 = (0.95047, 1.0, 1.08883)


@pytest.mark.parametrize("deficiency", CVD)
def test_shipped_predicate_colours_stay_apart_under_colour_vision_deficiencies(deficiency):
    for framework in json.loads(FRAMEWORKS_JSON.read_text(encoding="utf-8"))["frameworks"]:
        colours = [colour for _name, _lower, _upper, colour in framework["bands"]] + [layout.NO_DATA]
        seen = [seen_as(colour, deficiency) for colour in colours]
        nearest = min(math.dist(a, b) for a, b in combinations(seen, 2))
        assert nearest > 10, (framework["slug"], nearest)  # CIE76; RdYlGn's Cukup and Sangat Baik were 5


def test_the_old_palette_fails_the_same_measure():
    """The measure above can fail: red-yellow-green's Cukup and Sangat Baik merge under deuteranopia."""
    assert math.dist(seen_as("#fc8d59", "deuteranopia"), seen_as("#91cf60", "deuteranopia")) < 10


def test_compared_lines_are_named_a_line_of_14_px_text_apart_or_by_the_legend_alone():
    from indices.public.charts.layout import LABEL_SIZE, TREND_PX_PER_POINT, end_labels

    regions, points = eight_regions()
    chart = cards.compare_chart(regions, points, [SPBE_2020])
    ends = [a for a in chart.figure["layout"]["annotations"] if "Kab. Nomor" in a["text"]]
    heights = [a["y"] for a in ends]
    assert all(
        (above - below) * TREND_PX_PER_POINT >= LABEL_SIZE * 1.25
        for below, above in zip(heights, heights[1:], strict=False)
    )
    assert all(a["font"]["size"] >= 14 for a in chart.figure["layout"]["annotations"])
    assert chart.figure["layout"]["showlegend"] is True
    # Where the names cannot stand apart within the scale, none is written: the legend names the lines.
    series = [{"name": r.name, "points": [p for p in points if p["code"] == r.code]} for r in regions]
    assert end_labels(series, gap=0.6) == []


def test_no_text_of_a_trend_or_comparison_is_under_14_px():
    regions, points = eight_regions()
    chart = cards.compare_chart(regions, points, [SPBE_2020])
    for figure in (chart.figure, chart.narrow_figure):
        layout = figure["layout"]
        assert layout["font"]["size"] >= 14
        assert layout["xaxis"]["tickfont"]["size"] >= 14
        assert all(a["font"]["size"] >= 14 for a in layout["annotations"])
