"""Plot specs: plain rows in, a plotly figure out as a dict that plotly.js draws (`static/js/charts.js`).

No ORM, no request. The dicts follow plotly.js's figure schema directly (the tests validate every one with
plotly's own schema, `plotly.graph_objects`); building plotly.py's objects at render time cost more than the rest
of a page. Numbers follow the active language (decimal comma in Indonesian) through the layout's `separators`.
No figure says anything by colour alone: every predicate colour has its predicate written on or beside it,
and the compared lines differ in dash, marker and end label as well as colour."""

from django.utils.translation import gettext as _

from indices.formatting import format_score, readable_text, short_name
from indices.public.charts.layout import (
    BAND_LABELS_WIDTH,
    COMPARE_HEIGHT,
    END_LABELS_WIDTH,
    FOLD_COLUMN,
    FOLD_ROWS,
    FOLDED_ROW,
    INK,
    LABEL_SIZE,
    LEGEND_ROW,
    MUTED,
    NARROW_BAND_LABELS_WIDTH,
    NO_DATA,
    PROVINCE_TILES,
    SERIES_STYLES,
    TILE,
    TREND_HEIGHT,
    axis,
    band_labels,
    band_shapes,
    break_markers,
    end_labels,
    figure_spec,
    predicate_abbreviations,
)


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
                    "customdata": [
                        p.get("predicate", "")
                        + (
                            f", {_('carried over from %(year)s') % {'year': p['carried_from']}}"
                            if p.get("carried_from")
                            else ""
                        )
                        for p in points
                    ],
                    "mode": "lines+markers",
                    "name": item["name"],
                    "legendgroup": item["name"],
                    "showlegend": number == 0,
                    "line": {"color": colour, "width": 2.5, "dash": dash},
                    # A carried-over value is drawn hollow: the earlier evaluation's value, counted again.
                    "marker": {
                        "size": 9,
                        "color": colour,
                        "symbol": [f"{symbol}-open" if p.get("carried_from") else symbol for p in points]
                        if any(p.get("carried_from") for p in points)
                        else symbol,
                        "line": {"color": colour, "width": 2},
                    },
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
    shapes, annotations = break_markers(spans)
    ticks = sorted(years)
    short_years = narrow and len(ticks) > 5
    xaxis = axis(
        tickmode="array",
        tickvals=ticks,
        ticktext=[f"’{y % 100:02d}" if short_years else str(y) for y in ticks],
        tickfont={"size": LABEL_SIZE},
        range=[min(ticks) - 0.6, max(ticks) + 0.6] if ticks else None,
        showgrid=False,
    )
    yaxis = axis(range=[1, 5], dtick=1, title={"text": _("Index")}, tickformat=".1f")
    if narrow:
        labels = band_labels(spans)
        right = NARROW_BAND_LABELS_WIDTH
    else:
        labels = band_labels(spans) + (end_labels(series) if compared else [])
        right = BAND_LABELS_WIDTH + (END_LABELS_WIDTH if compared else 0)
    layout = {
        "shapes": band_shapes(spans) + shapes,
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
    return figure_spec(traces, xaxis, yaxis, **layout)


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
    xaxis = axis(title={"text": _("Instances")}, rangemode="tozero")
    # The legend above the bars: below, it would meet the axis title on a phone.
    legend = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"}
    if narrow:
        return names_above(
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
    return figure_spec(
        traces,
        xaxis,
        axis(autorange="reversed", automargin=True),  # the first year's bar on top in each group
        barmode="group",
        height=len(names) * (22 * len(years) + 14) + 110,
        showlegend=True,
        legend=legend,
        margin={"l": 100, "r": 96, "t": 28, "b": 56},
    )


def tile_map_figure(tiles: list[dict], legend: list[dict] = (), narrow: bool = False) -> dict:
    """The provinces as tiles placed roughly by geography, each written with its short name and predicate
    at LABEL_SIZE, or with its Kemendagri code where the tiles are too narrow for the names.

    `tiles`: [{"code", "name", "value" (or None), "predicate", "colour"}] for the provinces to show;
    `legend`: [{"predicate", "colour"}] lowest first, drawn only in the PNG (the page lists it as text).
    `narrow`: the grid folded for a phone (`FOLD_COLUMN`), its rows taller than wide (`FOLDED_ROW`).
    Tiles are shapes in data coordinates, so they scale with the chart's width; `meta.aspect` tells
    charts.js the height that keeps their proportions, and `meta.code_text` the labels it writes instead
    when a short name would not fit a tile of `meta.tile` columns.
    """
    short_forms = predicate_abbreviations(
        [band["predicate"] for band in legend] or [t["predicate"] for t in tiles if t["predicate"]]
    )
    pitch = FOLDED_ROW if narrow else 1
    height = pitch - (1 - TILE)  # the same gap between rows as between columns
    shapes, xs, ys, labels, codes, hovers, text_colours = [], [], [], [], [], [], []
    for tile in tiles:
        column, row = _tile_position(tile["code"], narrow)
        fill = tile["colour"] or NO_DATA
        shapes.append(
            {
                "type": "rect",
                "x0": column,
                "x1": column + TILE,
                "y0": -row * pitch,
                "y1": -row * pitch - height,
                "fillcolor": fill,
                "line": {"color": MUTED, "width": 1},
                "layer": "below",
            }
        )
        xs.append(column + TILE / 2)
        ys.append(-row * pitch - height / 2)
        mark = short_forms.get(tile["predicate"], tile["predicate"]) if tile["value"] is not None else "—"
        labels.append(f"{PROVINCE_TILES[tile['code']][2]}<br>{mark}")
        codes.append(f"{tile['code']}<br>{mark}")
        text_colours.append(readable_text(fill))
        name = f"{tile['name']} ({tile['code']})"
        if tile["value"] is None:
            hovers.append(f"{name}<br>{_('No score')}")
        else:
            hovers.append(f"{name}<br>{format_score(tile['value'])} · {tile['predicate']}")
    traces = [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "text": labels,
            "mode": "text",
            "textfont": {"size": LABEL_SIZE, "color": text_colours},
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
    bottom = max(row for _column, row in positions) * pitch + height + 0.1
    xaxis = axis(visible=False, range=[-0.1, right])
    yaxis = axis(visible=False, range=[-bottom, 0.1])
    meta = {
        "aspect": round((bottom + 0.1) / (right + 0.1), 4),
        "label_columns": right + 0.1,
        "tile": TILE,
        "code_text": codes,
    }
    return figure_spec(
        traces,
        xaxis,
        yaxis,
        shapes=shapes,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        meta=meta,
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
    xaxis = axis(range=[1, 5], title={"text": _("Index")}, tickformat=".1f")
    if narrow:
        return names_above([bar], xaxis, row_height=46, bar_share=0.5, margin_right=96)
    height = 26 * len(rows) + 64
    return figure_spec(
        [bar], xaxis, axis(automargin=True), height=height, margin={"l": 150, "r": 96, "t": 8, "b": 48}
    )


def names_above(
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
            "font": {"size": LABEL_SIZE, "color": INK},
        }
        for category in categories
    ]
    top = 8 + round(row_height * (1 - bar_share) / 2) + (32 if layout.get("showlegend") else 0)
    return figure_spec(
        traces,
        xaxis,
        axis(showticklabels=False, automargin=False, autorange="reversed" if top_down else True),
        height=row_height * len(categories) + top + 48,
        bargap=1 - bar_share,
        annotations=names,
        margin={"l": 8, "r": margin_right, "t": top, "b": 48},
        **layout,
    )
