"""Every figure of the portal, built in one place.

Pure functions: plain rows in, a Plotly figure out as a dict for `json_script`; no ORM, no request. The
dicts follow plotly.js's figure schema directly: plotly.py's object layer validates every property as it is
set, which cost more than the rest of a page's rendering together.
The sentence beside each figure is written by `indices.summaries`.
`static/js/charts.js` draws them with the vendored plotly.js basic bundle. Numbers follow the active
language (decimal comma in Indonesian) through the layout's `separators`.
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from indices import summaries
from indices.formatting import format_score, readable_text, short_name

SERIES_COLOURS = ["#0b4f8a", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#a6761d", "#444444"]
NO_DATA = "#d9dee5"

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


@dataclass
class Chart:
    """A figure with what goes beside it: a title, a sentence in words and the data as a table."""

    id: str
    title: str
    figure: dict
    summary: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def framework_spans(frameworks, years) -> list[dict]:
    """The frameworks (`FrameworkFacts`) in force over `years`, clipped to them, with their bands, oldest first."""
    if not years:
        return []
    first, last = min(years), max(years)
    spans = []
    for framework in sorted(frameworks, key=lambda f: f.first_year):
        start, end = max(framework.first_year, first), min(framework.last_year or last, last)
        if start <= end:
            bands = [{"lower": b.lower, "upper": b.upper, "colour": b.colour} for b in framework.bands]
            spans.append({"name": framework.name, "first_year": start, "last_year": end, "bands": bands})
    return spans


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
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
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
                "line": {"color": "#5b6573", "width": 1, "dash": "dash"},
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
                "font": {"size": 11, "color": "#5b6573"},
            }
        )
    return shapes, annotations


def trend_figure(series: list[dict], spans: list[dict], targets: list[dict] | None = None) -> dict:
    """Index per year for one or more instances, over the predicate bands, with targets.

    `series`: [{"name", "points": [{"year", "value", "framework_id", "predicate"}]}];
    `spans`: frameworks in view, [{"name", "first_year", "last_year", "bands": [{"lower", "upper", "colour"}]}];
    `targets`: [{"year", "value"}] for a single instance. Each framework is its own line segment, so
    the line breaks where the framework changes and across years without evaluation.
    """
    traces, years = [], set()
    for index, item in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
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
                    "line": {"color": colour, "width": 2.5},
                    "marker": {"size": 9, "color": colour},
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
    xaxis = _axis(
        tickmode="array",
        tickvals=ticks,
        ticktext=[str(y) for y in ticks],
        range=[min(ticks) - 0.6, max(ticks) + 0.6] if ticks else None,
        showgrid=False,
    )
    yaxis = _axis(range=[1, 5], dtick=1, title={"text": _("Index")}, tickformat=".1f")
    return _figure(
        traces,
        xaxis,
        yaxis,
        shapes=_band_shapes(spans) + shapes,
        annotations=annotations,
        showlegend=len(series) > 1 or bool(targets),
        margin={"l": 48, "r": 16, "t": 28, "b": 48},
    )


def predicate_counts_figure(counts: dict[int, dict[str, int]], bands: list[dict]) -> dict:
    """Instances per predicate by year, stacked; `bands`: [{"predicate", "colour"}] lowest first."""
    years = [str(year) for year in counts]
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": [counts[int(year)].get(band["predicate"], 0) for year in years],
            "name": band["predicate"],
            "marker": {"color": band["colour"], "line": {"color": "#ffffff", "width": 0.5}},
            "hovertemplate": "%{x}: %{y} %{fullData.name}<extra></extra>",
        }
        for band in bands
    ]
    yaxis = _axis(title={"text": _("Instances")})
    return _figure(traces, _axis(type="category"), yaxis, barmode="stack")


def tile_map_figure(tiles: list[dict], legend: list[dict] = ()) -> dict:
    """The provinces as tiles placed roughly by geography, coloured by predicate.

    `tiles`: [{"code", "name", "value" (or None), "predicate", "colour"}] for the provinces to show.
    Tiles are shapes in data coordinates, so they scale with the chart's width.
    """
    shapes, xs, ys, labels, hovers, text_colours = [], [], [], [], [], []
    for tile in tiles:
        column, row, short = PROVINCE_TILES[tile["code"]]
        shapes.append(
            {
                "type": "rect",
                "x0": column,
                "x1": column + 0.94,
                "y0": -row,
                "y1": -row - 0.94,
                "fillcolor": tile["colour"] or NO_DATA,
                "line": {"color": "#ffffff", "width": 1},
                "layer": "below",
            }
        )
        xs.append(column + 0.47)
        ys.append(-row - 0.47)
        labels.append(short)
        text_colours.append(readable_text(tile["colour"] or NO_DATA))
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
            "textfont": {"size": 9, "color": text_colours},
            "hovertext": hovers,
            "hoverinfo": "text",
            "showlegend": False,
        }
    ]
    traces += [  # legend entries only: no points of their own
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": band["predicate"],
            "showlegend": True,
            "marker": {"symbol": "square", "size": 12, "color": band["colour"]},
        }
        for band in legend
    ]
    # `meta` tells charts.js to keep the grid's proportions and drop the labels where tiles get too
    # small to hold them (the hover and the data table still name every province).
    meta = {"aspect": 7.2 / 15.2, "legend_height": 90, "labels_from_width": 640}
    xaxis = _axis(visible=False, range=[-0.1, 15.1])
    yaxis = _axis(visible=False, range=[-7.1, 0.1])
    margin = {"l": 4, "r": 4, "t": 4, "b": 4}
    return _figure(traces, xaxis, yaxis, shapes=shapes, margin=margin, height=460, meta=meta, showlegend=True)


def region_bars_figure(rows: list[dict]) -> dict:
    """One horizontal bar per instance, highest first, coloured by predicate.

    `rows`: [{"name", "value", "predicate", "colour"}].
    """
    ordered = sorted(rows, key=lambda r: r["value"])
    bar = {
        "type": "bar",
        "x": [float(r["value"]) for r in ordered],
        "y": [short_name(r["name"]) for r in ordered],
        "customdata": [r["predicate"] for r in ordered],
        "orientation": "h",
        "marker": {"color": [r["colour"] for r in ordered]},
        "hovertemplate": "%{y}: %{x:.2f} (%{customdata})<extra></extra>",
        "texttemplate": "%{x:.2f}",
        "textposition": "outside",
        "cliponaxis": False,
    }
    xaxis = _axis(range=[1, 5], title={"text": _("Index")}, tickformat=".1f")
    height = max(220, 26 * len(rows) + 70)
    return _figure(
        [bar], xaxis, _axis(automargin=True), height=height, margin={"l": 150, "r": 40, "t": 8, "b": 40}
    )


def region_trend_chart(name: str, points: list[dict], targets: list[dict], frameworks) -> Chart:
    """A region's trend over the bands of each framework, with its targets drawn apart."""
    years = [p["year"] for p in points] + [t["year"] for t in targets]
    figure = trend_figure([{"name": name, "points": points}], framework_spans(frameworks, years), targets)
    rows = [[str(p["year"]), format_score(p["value"]), p["predicate"]] for p in points]
    columns = [_("Year"), _("Index"), _("Predicate")]
    summary = summaries.trend_summary(name, points)
    return Chart("trend", _("SPBE index by evaluation year"), figure, summary, columns, rows)


def national_trend_chart(national: list[dict], frameworks) -> Chart:
    """The national index as KemenPANRB published it, year by year, with the national targets.

    `national`: `NationalIndexQuerySet.points()` dicts.
    """
    name = _("National index")
    targets = [{"year": n["year"], "value": n["target"]} for n in national if n["target"] is not None]
    years = [n["year"] for n in national]
    figure = trend_figure([{"name": name, "points": national}], framework_spans(frameworks, years), targets)
    rows = [
        [str(n["year"]), format_score(n["value"]), n["predicate"] or "—", format_score(n["target"])]
        for n in national
    ]
    columns = [_("Year"), _("Index"), _("Predicate"), _("Target")]
    summary = summaries.national_summary(national)
    return Chart(
        "national", _("National SPBE index as KemenPANRB published it"), figure, summary, columns, rows
    )


def domains_chart(name: str, rows: list[dict], year: int, kind_label: str) -> Chart:
    """An instance's domain values in `year` beside the mean of its kind (and of its province).

    `rows`: `stats.domain_profile` rows, each with number, name, value, kind_mean, province_mean.
    """
    labels = [f"D{row['number']} {short_domain(row['name'])}" for row in reversed(rows)]
    series = [
        (name, "value", SERIES_COLOURS[0]),
        (_("Mean of every %(kind)s") % {"kind": kind_label}, "kind_mean", "#8a94a3"),
    ]
    if any(row["province_mean"] is not None for row in rows):
        series.append((_("Mean of its province"), "province_mean", SERIES_COLOURS[1]))
    traces = [
        {
            "type": "bar",
            "x": [float(row[key]) if row[key] is not None else None for row in reversed(rows)],
            "y": labels,
            "name": label,
            "orientation": "h",
            "marker": {"color": colour},
            "hovertemplate": "%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            "texttemplate": "%{x:.2f}",
            "textposition": "outside",
            "cliponaxis": False,
        }
        for label, key, colour in series
    ]
    xaxis = _axis(range=[1, 5], title={"text": _("Value")}, tickformat=".1f")
    figure = _figure(
        traces,
        xaxis,
        _axis(automargin=True),
        barmode="group",
        height=max(260, 70 * len(rows) + 90),
        margin={"l": 160, "r": 40, "t": 8, "b": 40},
        showlegend=True,
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
    )


def short_domain(name: str) -> str:
    """A domain's name without the framework's suffix: "Tata Kelola SPBE" reads "Tata Kelola"."""
    return name.removesuffix(" SPBE")


def compare_chart(regions, points: list[dict], frameworks) -> Chart:
    """The trends of several regions (`Place`s) overlaid, with the data as a year-by-region table."""
    series = [{"name": r.name, "points": [p for p in points if p["code"] == r.code]} for r in regions]
    years = sorted({p["year"] for p in points})
    figure = trend_figure(series, framework_spans(frameworks, years))
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
    return Chart("compare", _("SPBE index compared"), figure, summary, columns, rows)


def national_predicate_chart(counts: dict[int, dict[str, int]], bands: list[dict], year: int) -> Chart:
    """How many instances held each predicate, year by year; `counts` from `stats.predicate_counts`; the
    sentence speaks of `year` (the page's) when it is counted, else of the last year counted."""
    figure = predicate_counts_figure(counts, bands)
    columns = [_("Year")] + [b["predicate"] for b in bands] + [_("Total")]
    rows = [
        [str(year)] + [str(per.get(b["predicate"], 0)) for b in bands] + [str(sum(per.values()))]
        for year, per in counts.items()
    ]
    summary = summaries.predicate_counts_summary(counts, bands, year)
    return Chart("predicates", _("Instances per predicate by year"), figure, summary, columns, rows)


def province_tiles_chart(provinces, rows: list[dict], year: int, legend: list[dict]) -> Chart:
    """The 38 provinces (`Place`s) as tiles, coloured by their predicate in `year`."""
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
    return Chart(
        "tiles",
        _("Provinces by predicate, %(year)s") % {"year": year},
        tile_map_figure(tiles, legend),
        summary,
        [_("Province"), _("Index"), _("Predicate")],
        table,
    )


def children_bars_chart(province_name: str, rows: list[dict], year: int) -> Chart:
    """A province's regencies and cities in `year`, one bar each, coloured by predicate."""
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
    )
