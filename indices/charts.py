"""Every figure of the portal, built in one place.

Pure functions: plain rows in, a Plotly figure out as a dict for `json_script`; no ORM, no request. The
dicts follow plotly.js's figure schema directly: plotly.py's object layer validates every property as it is
set, which cost more than the rest of a page's rendering together.
The sentence beside each figure is written by `indices.summaries`.
`static/js/charts.js` draws them with the vendored plotly.js basic bundle. Numbers follow the active
language (decimal comma in Indonesian) through the layout's `separators`.

No figure says anything by colour alone: every predicate colour has its predicate written on or beside it,
and the compared lines differ in dash, marker and end label as well as colour.
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from indices import summaries
from indices.formatting import format_score, readable_text, short_name

# Below this width (px) a chart drops what would not fit (end labels) or is drawn in its narrow form.
NARROW = 640

# Lines told apart by colour, dash and marker at once; each colour has 4.5:1 contrast on white, so the
# end labels written in it stay legible. The glyph repeats the marker in the end label.
SERIES_STYLES = [
    ("#0b4f8a", "solid", "circle", "●"),
    ("#b35806", "dash", "square", "■"),
    ("#5e3c99", "dot", "diamond", "◆"),
    ("#1b7837", "dashdot", "triangle-up", "▲"),
    ("#c51b7d", "longdash", "triangle-down", "▼"),
    ("#4d4d4d", "longdashdot", "x", "✕"),
    ("#8c510a", "dot", "star", "★"),
    ("#01665e", "dash", "cross", "✚"),
]
SERIES_COLOURS = [colour for colour, *_rest in SERIES_STYLES]
NO_DATA = "#d9dee5"
INK = "#1b2430"
MUTED = "#5b6573"
TREND_HEIGHT = 380
BAND_LABELS_WIDTH = 84  # px of right margin for the predicates' names beside a trend's bands
NARROW_BAND_LABELS_WIDTH = 66  # the same on a phone, in a smaller font
LEGEND_ROW = 30  # px a legend entry takes on a line of its own
END_LABELS_WIDTH = 170  # and past them, for the compared lines' names
COMPARE_HEIGHT = 440

# Provinces on a tile grid placed roughly by geography: code -> (column, row, short label).
PROVINCE_TILES = {
    "11": (0, 0, "ACEH"), "12": (1, 0, "SUMUT"), "21": (3, 0, "KEPRI"), "13": (1, 1, "SUMBAR"),
    "14": (2, 1, "RIAU"), "17": (1, 2, "BKL"), "15": (2, 2, "JAMBI"), "19": (3, 2, "BABEL"),
    "16": (2, 3, "SUMSEL"), "18": (2, 4, "LPG"), "31": (4, 4, "DKI"), "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"), "33": (5, 5, "JATENG"), "34": (5, 6, "DIY"), "35": (6, 5, "JATIM"),
    "51": (7, 5, "BALI"), "52": (8, 5, "NTB"), "53": (9, 5, "NTT"), "61": (5, 1, "KALBAR"),
    "62": (6, 2, "KALTENG"), "63": (7, 3, "KALSEL"), "64": (7, 1, "KALTIM"), "65": (7, 0, "KALTARA"),
    "75": (9, 0, "GTLO"), "71": (10, 0, "SULUT"), "72": (9, 1, "SULTENG"), "76": (8, 2, "SULBAR"),
    "73": (8, 3, "SULSEL"), "74": (9, 3, "SULTRA"), "82": (11, 1, "MALUT"), "81": (11, 3, "MALUKU"),
    "96": (12, 2, "PBD"), "92": (13, 2, "PABAR"), "91": (14, 2, "PAPUA"), "94": (13, 3, "PATENG"),
    "95": (14, 3, "PAPEG"), "93": (14, 4, "PASEL"),
}  # fmt: skip
# On a phone the grid is folded: the east (Nusa Tenggara, Sulawesi, Maluku, Papua) goes under the west,
# so that 8 columns of tiles wide enough for their labels fit across the screen.
FOLD_COLUMN, FOLD_ROWS = 8, 7.5
TILE = 0.94  # a tile's side; the rest of each grid cell is the gap between tiles


@dataclass
class Chart:
    """A figure with what goes beside it: a title, a sentence in words and the data as a table, and what its
    PNG carries (a heading that says what, where and when, the source, a file name that says as much)."""

    id: str
    title: str
    figure: dict
    summary: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    heading: str = ""
    source: str = ""
    filename: str = ""
    narrow_figure: dict | None = None  # drawn instead where the chart is narrower than NARROW px
    legend: list[dict] = field(default_factory=list)  # [{"predicate", "colour", "abbreviation"}] beside it

    @property
    def narrow_below(self) -> int:
        """The width (px) under which `narrow_figure` is drawn."""
        return NARROW

    @property
    def spaces(self) -> list[dict]:
        """The room each form of the figure takes in the page before plotly.js draws it, so nothing moves:
        [{"form": "" (the only one), "wide" or "narrow", "height": px, or "viewbox" for a figure whose
        height follows its width}]."""
        forms = (
            [("", self.figure)]
            if self.narrow_figure is None
            else [("wide", self.figure), ("narrow", self.narrow_figure)]
        )
        spaces = []
        for form, figure in forms:
            aspect = figure["layout"].get("meta", {}).get("aspect")
            viewbox = f"0 0 1000 {round(1000 * aspect)}" if aspect else ""
            spaces.append({"form": form, "height": figure["layout"].get("height"), "viewbox": viewbox})
        return spaces


def framework_spans(frameworks, years) -> list[dict]:
    """The frameworks (`FrameworkFacts`) in force over `years`, clipped to them, with their bands, oldest first."""
    if not years:
        return []
    first, last = min(years), max(years)
    spans = []
    for framework in sorted(frameworks, key=lambda f: f.first_year):
        start, end = max(framework.first_year, first), min(framework.last_year or last, last)
        if start <= end:
            bands = [
                {"predicate": b.predicate, "lower": b.lower, "upper": b.upper, "colour": b.colour}
                for b in framework.bands
            ]
            spans.append({"name": framework.name, "first_year": start, "last_year": end, "bands": bands})
    return spans


def predicate_abbreviations(predicates) -> dict[str, str]:
    """A short form of each predicate for marks too small for the name: its words' initials (Sangat Baik is
    SB), or the name itself where two predicates would share initials."""
    initials = {name: "".join(word[0] for word in name.split()).upper() for name in predicates}
    taken = list(initials.values())
    return {name: short if taken.count(short) == 1 else name for name, short in initials.items()}


def _figure(traces: list[dict], xaxis: dict, yaxis: dict, **layout) -> dict:
    """A figure as plotly.js draws it: `traces`, and the portal's layout with its axes and `layout` overrides."""
    return {"data": traces, "layout": _layout(xaxis=xaxis, yaxis=yaxis, **layout)}


def _axis(**properties) -> dict:
    """An axis that does not zoom or pan: drag-zoom on a phone would capture the page's scrolling."""
    return {"fixedrange": True, **properties}


def _layout(**overrides) -> dict:
    layout = {
        "separators": get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR"),
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "dragmode": False,  # no drag-zoom: on phones it would capture page scrolling
        "hovermode": "closest",
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "size": 13,
            "color": INK,
        },
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "autosize": True,
    }
    layout.update(overrides)
    return layout


def _band_shapes(spans) -> list[dict]:
    """Predicate bands shaded behind a trend, each framework over its own years."""
    shapes = []
    for span in spans:
        for band in span["bands"]:
            shapes.append(
                {
                    "type": "rect",
                    "layer": "below",
                    "xref": "x",
                    "yref": "y",
                    "x0": span["first_year"] - 0.5,
                    "x1": span["last_year"] + 0.5,
                    "y0": float(band["lower"]),
                    "y1": float(band["upper"]),
                    "fillcolor": band["colour"],
                    "opacity": 0.22,
                    "line": {"width": 0},
                }
            )
    return shapes


def _band_labels(spans, size: int = 11) -> list[dict]:
    """Each band's predicate written beside it, so the shading is never read by colour alone: the last
    framework's bands in the right margin, like an axis; an earlier framework's inside its own years, at
    their left edge, only where its bands differ from the last one's."""
    annotations = []
    for index, span in enumerate(spans):
        last = index == len(spans) - 1
        if not last and _same_bands(span, spans[-1]):
            continue
        for band in span["bands"]:
            annotations.append(
                {
                    "xref": "paper" if last else "x",
                    "x": 1 if last else span["first_year"] - 0.5,
                    "xanchor": "left",
                    "xshift": 4 if last else 2,
                    "yref": "y",
                    "y": float(band["lower"] + band["upper"]) / 2,
                    "yanchor": "middle",
                    "showarrow": False,
                    "text": band["predicate"],
                    "font": {"size": size, "color": MUTED},
                }
            )
    return annotations


def _same_bands(one: dict, other: dict) -> bool:
    def key(span):
        return [(b["predicate"], b["lower"], b["upper"]) for b in span["bands"]]

    return key(one) == key(other)


def _break_markers(spans) -> tuple[list[dict], list[dict]]:
    """A dashed line and a label where a new framework starts: the series breaks there."""
    shapes, annotations = [], []
    for span in spans[1:]:
        x = span["first_year"] - 0.5
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": MUTED, "width": 1, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": x,
                "y": 1,
                "yanchor": "bottom",
                "showarrow": False,
                "text": _("New framework: %(name)s") % {"name": span["name"]},
                "font": {"size": 11, "color": MUTED},
            }
        )
    return shapes, annotations


def _end_labels(series: list[dict], gap: float = 0.22) -> list[dict]:
    """Each compared line's name at the height where it ends, in the right margin past the bands' names, in
    the line's colour and with its marker's glyph; labels closer than `gap` index points are pushed apart,
    keeping their order. Not on a phone, where the legend (the same dashes and markers) names the lines."""
    ends = []
    for index, item in enumerate(series):
        if item["points"]:
            colour, _dash, _symbol, glyph = SERIES_STYLES[index % len(SERIES_STYLES)]
            label = short_name(item["name"])
            if len(label) > 22:
                label = label[:21] + "…"
            ends.append(
                {"y": float(item["points"][-1]["value"]), "text": f"{glyph} {label}", "colour": colour}
            )
    ends.sort(key=lambda end: end["y"])
    for below, above in zip(ends, ends[1:], strict=False):
        above["y"] = max(above["y"], below["y"] + gap)
    overflow = ends[-1]["y"] - 5 if ends else 0
    for end in ends:
        end["y"] -= max(overflow, 0)
    return [
        {
            "xref": "paper",
            "x": 1,
            "xanchor": "left",
            "xshift": BAND_LABELS_WIDTH,
            "yref": "y",
            "y": end["y"],
            "yanchor": "middle",
            "showarrow": False,
            "text": end["text"],
            "font": {"size": 12, "color": end["colour"]},
        }
        for end in ends
    ]


def trend_figure(
    series: list[dict], spans: list[dict], targets: list[dict] | None = None, narrow: bool = False
) -> dict:
    """Index per year for one or more instances, over the predicate bands (each named), with targets.

    `series`: [{"name", "points": [{"year", "value", "framework_id", "predicate"}]}];
    `spans`: frameworks in view, [{"name", "first_year", "last_year", "bands": [{"predicate", "lower",
    "upper", "colour"}]}]; `targets`: [{"year", "value"}] for a single instance. Each framework is its own
    line segment, so the line breaks where the framework changes and across years without evaluation.
    Several series differ in dash and marker as well as colour, and each is named where it ends.
    `narrow`: for a phone: the bands' names smaller, the lines named by the legend alone (one a line), the
    years written short when there are many.
    """
    traces, years = [], set()
    compared = len(series) > 1
    for index, item in enumerate(series):
        colour, dash, symbol, _glyph = SERIES_STYLES[index % len(SERIES_STYLES)]
        segments = {}
        for point in item["points"]:
            segments.setdefault(point["framework_id"], []).append(point)
            years.add(point["year"])
        for number, points in enumerate(segments.values()):
            traces.append(
                {
                    "type": "scatter",
                    "x": [p["year"] for p in points],
                    "y": [float(p["value"]) for p in points],
                    "customdata": [p.get("predicate", "") for p in points],
                    "mode": "lines+markers",
                    "name": item["name"],
                    "legendgroup": item["name"],
                    "showlegend": number == 0,
                    "line": {"color": colour, "width": 2.5, "dash": dash},
                    "marker": {"size": 9, "color": colour, "symbol": symbol},
                    "cliponaxis": False,  # a point at 1.00 or 5.00 drawn whole, not cut by the axis
                    # The name comes through fullData, never pasted into the template it would format. No
                    # <b>: plotly.js draws it with a style attribute, which the CSP refuses; portal.css
                    # sets a hover label's first line in bold.
                    "hovertemplate": "%{fullData.name}<br>%{x}: %{y:.2f} (%{customdata})<extra></extra>",
                }
            )
    if targets:
        years.update(t["year"] for t in targets)
        traces.append(
            {
                "type": "scatter",
                "x": [t["year"] for t in targets],
                "y": [float(t["value"]) for t in targets],
                "mode": "markers",
                "name": _("Target"),
                "marker": {"symbol": "diamond-open", "size": 13, "color": "#111111", "line": {"width": 2}},
                "hovertemplate": _("Target") + " %{x}: %{y:.2f}<extra></extra>",
            }
        )
    shapes, annotations = _break_markers(spans)
    ticks = sorted(years)
    short_years = narrow and len(ticks) > 5
    xaxis = _axis(
        tickmode="array",
        tickvals=ticks,
        ticktext=[f"’{y % 100:02d}" if short_years else str(y) for y in ticks],
        tickfont={"size": 11 if short_years else 13},
        range=[min(ticks) - 0.6, max(ticks) + 0.6] if ticks else None,
        showgrid=False,
    )
    yaxis = _axis(range=[1, 5], dtick=1, title={"text": _("Index")}, tickformat=".1f")
    if narrow:
        labels = _band_labels(spans, size=10)
        right = NARROW_BAND_LABELS_WIDTH
    else:
        labels = _band_labels(spans) + (_end_labels(series) if compared else [])
        right = BAND_LABELS_WIDTH + (END_LABELS_WIDTH if compared else 0)
    layout = {
        "shapes": _band_shapes(spans) + shapes,
        "annotations": annotations + labels,
        "showlegend": compared or bool(targets),
        "height": TREND_HEIGHT,
        "margin": {"l": 48, "r": right, "t": 28, "b": 48},
    }
    if compared:
        layout["height"] = COMPARE_HEIGHT + (LEGEND_ROW * len(series) if narrow else 0)
    if narrow and layout["showlegend"]:
        # One legend entry a line, below the plot, at a fixed distance under the years.
        layout["legend"] = {"orientation": "v", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"}
        layout["margin"]["b"] = 40 + LEGEND_ROW * (len(series) + bool(targets))
    return _figure(traces, xaxis, yaxis, **layout)


def predicate_counts_figure(
    counts: dict[int, dict[str, int]], bands: list[dict], narrow: bool = False
) -> dict:
    """Instances per predicate, each predicate named on the axis beside its bars, one bar per year.

    `counts`: {year: {predicate: count}}, oldest first; `bands`: [{"predicate", "colour"}] lowest first.
    One horizontal bar trace per year, highest predicate on top; bars are coloured by predicate, and the
    years differ by hatching (the last is solid), their legend and the year written after each count.
    `narrow`: each predicate written above its bars, for a phone.
    """
    names = [band["predicate"] for band in reversed(bands)]
    colours = [band["colour"] for band in reversed(bands)]
    years = list(counts)
    hatches = ["/", "x", "\\", ".", "-", "|", "+"]
    traces = []
    for index, year in enumerate(years):
        latest = index == len(years) - 1
        hatch = "" if latest else hatches[(len(years) - 2 - index) % len(hatches)]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": names,
                "x": [counts[year].get(name, 0) for name in names],
                "name": str(year),
                "customdata": [str(year)] * len(names),
                "marker": {
                    "color": colours,
                    "line": {"color": INK, "width": 1},
                    "pattern": {
                        "shape": hatch,
                        "fillmode": "overlay",
                        "fgcolor": INK,
                        "fgopacity": 0.5,
                        "size": 7,
                    },
                },
                "texttemplate": "%{x} · %{customdata}",
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}, %{fullData.name}: %{x}<extra></extra>",
            }
        )
    xaxis = _axis(title={"text": _("Instances")}, rangemode="tozero")
    # The legend above the bars: below, it would meet the axis title on a phone.
    legend = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"}
    if narrow:
        return _names_above(
            traces,
            xaxis,
            row_height=22 * len(years) + 34,
            bar_share=0.64,
            margin_right=96,
            barmode="group",
            showlegend=True,
            legend=legend,
            top_down=True,
        )
    return _figure(
        traces,
        xaxis,
        _axis(autorange="reversed", automargin=True),  # the first year's bar on top in each group
        barmode="group",
        height=len(names) * (22 * len(years) + 14) + 110,
        showlegend=True,
        legend=legend,
        margin={"l": 100, "r": 96, "t": 28, "b": 56},
    )


def tile_map_figure(tiles: list[dict], legend: list[dict] = (), narrow: bool = False) -> dict:
    """The provinces as tiles placed roughly by geography, each written with its short name and predicate.

    `tiles`: [{"code", "name", "value" (or None), "predicate", "colour"}] for the provinces to show;
    `legend`: [{"predicate", "colour"}] lowest first, drawn only in the PNG (the page lists it as text).
    `narrow`: the grid folded for a phone (`FOLD_COLUMN`). Tiles are shapes in data coordinates, so they
    scale with the chart's width; `meta.aspect` tells charts.js the height that keeps them square.
    """
    short_forms = predicate_abbreviations(
        [band["predicate"] for band in legend] or [t["predicate"] for t in tiles if t["predicate"]]
    )
    shapes, xs, ys, labels, hovers, text_colours = [], [], [], [], [], []
    for tile in tiles:
        column, row = _tile_position(tile["code"], narrow)
        short = PROVINCE_TILES[tile["code"]][2]
        fill = tile["colour"] or NO_DATA
        shapes.append(
            {
                "type": "rect",
                "x0": column,
                "x1": column + TILE,
                "y0": -row,
                "y1": -row - TILE,
                "fillcolor": fill,
                "line": {"color": MUTED, "width": 1},
                "layer": "below",
            }
        )
        xs.append(column + TILE / 2)
        ys.append(-row - TILE / 2)
        mark = short_forms.get(tile["predicate"], tile["predicate"]) if tile["value"] is not None else "—"
        labels.append(f"{short}<br>{mark}")
        text_colours.append(readable_text(fill))
        if tile["value"] is None:
            hovers.append(f"{tile['name']}<br>{_('No score')}")
        else:
            hovers.append(f"{tile['name']}<br>{format_score(tile['value'])} · {tile['predicate']}")
    traces = [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "text": labels,
            "mode": "text",
            "textfont": {"size": 10, "color": text_colours},
            "hovertext": hovers,
            "hoverinfo": "text",
            "showlegend": False,
        }
    ]
    # Legend entries only, for the PNG: no points of their own.
    traces += [
        _legend_square(
            f"{short_forms.get(band['predicate'], band['predicate'])} {band['predicate']}", band["colour"]
        )
        for band in legend
    ]
    if legend:
        traces.append(_legend_square("— " + _("No score"), NO_DATA))
    positions = [_tile_position(code, narrow) for code in PROVINCE_TILES]
    right = max(column for column, _row in positions) + TILE + 0.1
    bottom = max(row for _column, row in positions) + TILE + 0.1
    xaxis = _axis(visible=False, range=[-0.1, right])
    yaxis = _axis(visible=False, range=[-bottom, 0.1])
    return _figure(
        traces,
        xaxis,
        yaxis,
        shapes=shapes,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        # charts.js keeps the height in proportion and the labels as large as a tile holds (up to 10 px).
        meta={"aspect": round((bottom + 0.1) / (right + 0.1), 4), "label_columns": right + 0.1},
        showlegend=False,
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top"},
    )


def _legend_square(name: str, colour: str) -> dict:
    square = {"symbol": "square", "size": 14, "color": colour, "line": {"color": MUTED, "width": 1}}
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "marker": square}


def _tile_position(code: str, narrow: bool) -> tuple[float, float]:
    """A province's (column, row) on the grid, or on the grid folded for a phone."""
    column, row, _short = PROVINCE_TILES[code]
    if narrow and column >= FOLD_COLUMN:
        return column - FOLD_COLUMN, row + FOLD_ROWS
    return column, row


def region_bars_figure(rows: list[dict], narrow: bool = False) -> dict:
    """One horizontal bar per instance, highest first, coloured by predicate and written with its index and
    predicate; one bar as thick as in a long list, so a single result reads as a measure, not a block.

    `rows`: [{"name", "value", "predicate", "colour"}]. `narrow`: each name written above its bar, so that
    on a phone the bars keep the screen's width.
    """
    ordered = sorted(rows, key=lambda r: r["value"])
    bar = {
        "type": "bar",
        "x": [float(r["value"]) for r in ordered],
        "y": [short_name(r["name"]) for r in ordered],
        "customdata": [r["predicate"] for r in ordered],
        "orientation": "h",
        "marker": {"color": [r["colour"] for r in ordered], "line": {"color": INK, "width": 0.5}},
        "hovertemplate": "%{y}: %{x:.2f} (%{customdata})<extra></extra>",
        "texttemplate": "%{x:.2f} %{customdata}",
        "textposition": "outside",
        "cliponaxis": False,
    }
    xaxis = _axis(range=[1, 5], title={"text": _("Index")}, tickformat=".1f")
    if narrow:
        return _names_above([bar], xaxis, row_height=46, bar_share=0.5, margin_right=96)
    height = 26 * len(rows) + 64
    return _figure(
        [bar], xaxis, _axis(automargin=True), height=height, margin={"l": 150, "r": 96, "t": 8, "b": 48}
    )


def _names_above(
    traces: list[dict],
    xaxis: dict,
    row_height: int,
    bar_share: float,
    margin_right: int,
    top_down: bool = False,
    **layout,
):
    """Horizontal bars with each category's name written above its bars rather than beside them.

    `row_height`: px per category; `bar_share`: the part of it the bars take, the rest holds the name;
    `top_down`: the first category on top. A legend (`layout`) goes above the bars, in room of its own."""
    categories = traces[0]["y"]
    names = [
        {
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "y",
            "y": category,
            "yanchor": "bottom",
            "yshift": round(row_height * bar_share / 2),
            "showarrow": False,
            "text": category,
            "font": {"size": 12, "color": INK},
        }
        for category in categories
    ]
    top = 8 + round(row_height * (1 - bar_share) / 2) + (32 if layout.get("showlegend") else 0)
    return _figure(
        traces,
        xaxis,
        _axis(showticklabels=False, automargin=False, autorange="reversed" if top_down else True),
        height=row_height * len(categories) + top + 48,
        bargap=1 - bar_share,
        annotations=names,
        margin={"l": 8, "r": margin_right, "t": top, "b": 48},
        **layout,
    )


def _years(years) -> str:
    """2018–2024, or 2024 alone."""
    years = sorted(set(years))
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _file_years(years) -> str:
    years = sorted(set(years))
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def _filename(*parts) -> str:
    """A PNG's name, Indonesian like the portal's other downloads: spbe-tren-kabupaten-balangan-2018-2024."""
    return "-".join(["spbe"] + [slugify(str(part)) for part in parts if part not in (None, "")])


def source_line(titles) -> str:
    """The sources of a figure's data for its PNG, latest first: "Source: …" with up to three named."""
    titles = list(dict.fromkeys(title for title in titles if title))
    if not titles:
        return _("Sources: as named beside each figure on the portal")
    if len(titles) == 1:
        return _("Source: %(source)s") % {"source": titles[0]}
    if len(titles) <= 3:
        return _("Sources: %(sources)s") % {"sources": "; ".join(titles)}
    return _("Sources: %(sources)s and %(count)s more, named on the portal") % {
        "sources": "; ".join(titles[:2]),
        "count": len(titles) - 2,
    }


def _latest_first(points) -> list[str]:
    return [p.get("source_title") for p in sorted(points, key=lambda p: -p["year"])]


def region_trend_chart(name: str, points: list[dict], targets: list[dict], frameworks) -> Chart:
    """A region's trend over the bands of each framework, with its targets drawn apart."""
    years = [p["year"] for p in points] + [t["year"] for t in targets]
    spans = framework_spans(frameworks, years)
    figure = trend_figure([{"name": name, "points": points}], spans, targets)
    narrow = trend_figure([{"name": name, "points": points}], spans, targets, narrow=True)
    rows = [[str(p["year"]), format_score(p["value"]), p["predicate"]] for p in points]
    columns = [_("Year"), _("Index"), _("Predicate")]
    summary = summaries.trend_summary(name, points)
    return Chart(
        "trend",
        _("SPBE index by evaluation year"),
        figure,
        summary,
        columns,
        rows,
        heading=_("SPBE index of %(name)s, %(years)s") % {"name": name, "years": _years(years)},
        source=source_line(_latest_first(points)),
        filename=_filename("tren", name, _file_years(years)),
        narrow_figure=narrow,
    )


def national_trend_chart(national: list[dict], frameworks) -> Chart:
    """The national index as KemenPANRB published it, year by year, with the national targets.

    `national`: `NationalIndexQuerySet.points()` dicts.
    """
    name = _("National index")
    targets = [{"year": n["year"], "value": n["target"]} for n in national if n["target"] is not None]
    years = [n["year"] for n in national]
    spans = framework_spans(frameworks, years)
    figure = trend_figure([{"name": name, "points": national}], spans, targets)
    narrow = trend_figure([{"name": name, "points": national}], spans, targets, narrow=True)
    rows = [
        [str(n["year"]), format_score(n["value"]), n["predicate"] or "—", format_score(n["target"])]
        for n in national
    ]
    columns = [_("Year"), _("Index"), _("Predicate"), _("Target")]
    summary = summaries.national_summary(national)
    title = _("National SPBE index as KemenPANRB published it")
    return Chart(
        "national",
        title,
        figure,
        summary,
        columns,
        rows,
        heading=f"{title}, {_years(years)}",
        source=source_line(_latest_first(national)),
        filename=_filename("tren", "nasional", _file_years(years)),
        narrow_figure=narrow,
    )


def domains_chart(name: str, rows: list[dict], year: int, kind_label: str, sources=()) -> Chart:
    """An instance's domain values in `year` beside the mean of its kind (and of its province).

    `rows`: `stats.domain_profile` rows, each with number, name, value, kind_mean, province_mean;
    `sources`: the source titles of the instance's score of `year`, for the PNG. The means are hatched
    and dotted, so the three bars of a domain differ by more than colour; each carries its value.
    """
    labels = [f"D{row['number']} {short_domain(row['name'])}" for row in reversed(rows)]
    means = [
        (_("Mean of every %(kind)s") % {"kind": kind_label}, "kind_mean", "#8a94a3", "/"),
        (_("Mean of its province"), "province_mean", SERIES_COLOURS[1], "."),
    ]
    # A mean is drawn where there is one: an empty entry in the legend would promise bars that are not there.
    series = [(name, "value", SERIES_COLOURS[0], "")] + [
        mean for mean in means if any(row[mean[1]] is not None for row in rows)
    ]
    traces = [
        {
            "type": "bar",
            "x": [float(row[key]) if row[key] is not None else None for row in reversed(rows)],
            "y": labels,
            "name": label,
            "orientation": "h",
            "marker": {
                "color": colour,
                "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "#ffffff", "size": 6},
            },
            "hovertemplate": "%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            "texttemplate": "%{x:.2f}",
            "textposition": "outside",
            "cliponaxis": False,
        }
        for label, key, colour, hatch in series
    ]
    xaxis = _axis(range=[1, 5], title={"text": _("Value")}, tickformat=".1f")
    # The legend above the bars (below, it would meet the axis title on a phone), in their order from the top.
    legend = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "reversed"}
    figure = _figure(
        traces,
        xaxis,
        _axis(automargin=True),
        barmode="group",
        height=max(260, 70 * len(rows) + 110),
        margin={"l": 160, "r": 40, "t": 28, "b": 40},
        showlegend=True,
        legend=legend,
    )
    narrow = _names_above(
        traces,
        xaxis,
        row_height=24 * len(series) + 34,
        bar_share=0.64,
        margin_right=40,
        barmode="group",
        showlegend=True,
        legend=legend,
    )
    table = [
        [
            row["name"],
            format_score(row["value"]),
            format_score(row["kind_mean"]),
            format_score(row["province_mean"]),
        ]
        for row in rows
    ]
    columns = [_("Domain"), name, _("Mean of its kind"), _("Mean of its province")]
    title = _("Domains, %(year)s") % {"year": year}
    return Chart(
        "domains",
        title,
        figure,
        summaries.domains_summary(name, rows, year, kind_label),
        columns,
        table,
        heading=_("Domains of %(name)s, %(year)s") % {"name": name, "year": year},
        source=source_line(sources),
        filename=_filename("domain", name, year),
        narrow_figure=narrow,
    )


def short_domain(name: str) -> str:
    """A domain's name without the framework's suffix: "Tata Kelola SPBE" reads "Tata Kelola"."""
    return name.removesuffix(" SPBE")


def compare_chart(regions, points: list[dict], frameworks) -> Chart:
    """The trends of several regions (`Place`s) overlaid, with the data as a year-by-region table."""
    series = [{"name": r.name, "points": [p for p in points if p["code"] == r.code]} for r in regions]
    years = sorted({p["year"] for p in points})
    spans = framework_spans(frameworks, years)
    figure = trend_figure(series, spans)
    values = {(p["code"], p["year"]): p for p in points}
    rows = [
        [str(year)]
        + [
            format_score(values[(r.code, year)]["value"]) if (r.code, year) in values else "—"
            for r in regions
        ]
        for year in years
    ]
    columns = [_("Year")] + [r.name for r in regions]
    summary = summaries.compare_summary(series)
    title = _("SPBE index compared")
    # Up to three names say what the file holds; more would make a name no one reads.
    who = [r.name for r in regions] if len(regions) <= 3 else [f"{len(regions)} instansi"]
    return Chart(
        "compare",
        title,
        figure,
        summary,
        columns,
        rows,
        heading=f"{title}, {_years(years)}",
        source=source_line(_latest_first(points)),
        filename=_filename("perbandingan", *who, _file_years(years)),
        narrow_figure=trend_figure(series, spans, narrow=True),
    )


def national_predicate_chart(
    counts: dict[int, dict[str, int]], bands: list[dict], year: int, sources=()
) -> Chart:
    """How many instances held each predicate, year by year; `counts` from `stats.predicate_counts` (the
    years the portal holds the whole national table). The sentence speaks of `year`, the page's, or says
    which years are counted when that one is not. `sources`: for the PNG."""
    figure = predicate_counts_figure(counts, bands)
    narrow = predicate_counts_figure(counts, bands, narrow=True)
    columns = [_("Year")] + [b["predicate"] for b in bands] + [_("Total")]
    rows = [
        [str(counted)] + [str(per.get(b["predicate"], 0)) for b in bands] + [str(sum(per.values()))]
        for counted, per in counts.items()
    ]
    summary = summaries.predicate_counts_summary(counts, bands, year)
    return Chart(
        "predicates",
        _("Instances per predicate by year"),
        figure,
        summary,
        columns,
        rows,
        heading=_("Instances per predicate, %(years)s") % {"years": _years(counts)},
        source=source_line(sources),
        filename=_filename("predikat", _file_years(counts)),
        narrow_figure=narrow,
    )


def province_tiles_chart(provinces, rows: list[dict], year: int, legend: list[dict]) -> Chart:
    """The 38 provinces (`Place`s) as tiles, each named with its predicate in `year`; `legend`: the bands
    of the framework of `year`, [{"predicate", "colour"}] lowest first."""
    by_code = {r["code"]: r for r in rows}
    tiles = []
    for province in provinces:
        row = by_code.get(province.code)
        tiles.append(
            {
                "code": province.code,
                "name": province.name,
                "value": row and row["value"],
                "predicate": row and row["predicate"],
                "colour": row and row["colour"],
            }
        )
    scored = [t for t in tiles if t["value"] is not None]
    summary = summaries.tiles_summary(len(scored), len(tiles), year)
    table = [[t["name"], format_score(t["value"]), t["predicate"]] for t in scored]
    short_forms = predicate_abbreviations([band["predicate"] for band in legend])
    title = _("Provinces by predicate, %(year)s") % {"year": year}
    return Chart(
        "tiles",
        title,
        tile_map_figure(tiles, legend),
        summary,
        [_("Province"), _("Index"), _("Predicate")],
        table,
        heading=title,
        source=source_line(r.get("source_title") for r in rows),
        filename=_filename("peta-provinsi", year),
        narrow_figure=tile_map_figure(tiles, legend, narrow=True),
        legend=[band | {"abbreviation": short_forms[band["predicate"]]} for band in legend],
    )


def children_bars_chart(province_name: str, rows: list[dict], year: int) -> Chart:
    """A province's regencies and cities in `year`, one bar each, coloured by predicate and named with it."""
    figure = region_bars_figure(rows)
    summary = summaries.children_summary(province_name, rows, year)
    table = [
        [r["name"], format_score(r["value"]), r["predicate"]] for r in sorted(rows, key=lambda r: -r["value"])
    ]
    return Chart(
        "children",
        _("Regencies and cities, %(year)s") % {"year": year},
        figure,
        summary,
        [_("Region"), _("Index"), _("Predicate")],
        table,
        heading=_("Regencies and cities of %(province)s, %(year)s")
        % {"province": province_name, "year": year},
        source=source_line(r.get("source_title") for r in rows),
        filename=_filename("kabupaten-kota", province_name, year),
        narrow_figure=region_bars_figure(rows, narrow=True),
    )
