"""Chart cards: each figure of a page with what goes beside it (a title, the sentence in words, its data as
a table, and what its PNG carries: heading, source, a file name that says what, where and when)."""

from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from indices.formatting import format_score
from indices.models import FigureKind, kind_in_words
from indices.public.charts import sentences
from indices.public.charts.layout import (
    NARROW,
    SERIES_COLOURS,
    axis,
    figure_spec,
    framework_spans,
    predicate_abbreviations,
)
from indices.public.charts.specs import (
    names_above,
    predicate_counts_figure,
    region_bars_figure,
    tile_map_figure,
    trend_figure,
)


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
    note: str = ""  # a line under the legend, on how to read the figure

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
    rows = [
        [
            str(p["year"]),
            format_score(p["value"]),
            p["predicate"],
            kind_in_words(p.get("source_kind", FigureKind.OFFICIAL), p.get("carried_from")),
        ]
        for p in points
    ]
    columns = [_("Year"), _("Index"), _("Predicate"), _("Kind of source")]
    summary = sentences.trend_summary(name, points)
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
    summary = sentences.national_summary(national)
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
    xaxis = axis(range=[1, 5], title={"text": _("Value")}, tickformat=".1f")
    # The legend above the bars (below, it would meet the axis title on a phone), in their order from the top.
    legend = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "reversed"}
    figure = figure_spec(
        traces,
        xaxis,
        axis(automargin=True),
        barmode="group",
        height=max(260, 70 * len(rows) + 110),
        margin={"l": 160, "r": 40, "t": 28, "b": 40},
        showlegend=True,
        legend=legend,
    )
    narrow = names_above(
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
        sentences.domains_summary(name, rows, year, kind_label),
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
    summary = sentences.compare_summary(series)
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
    counts: dict[int, dict[str, int]],
    bands: list[dict],
    year: int,
    sources=(),
    kinds: dict[int, str] | None = None,
    place: str = "",
) -> Chart:
    """How many instances held each predicate, year by year; `counts` from `stats.predicate_counts` (the
    years the portal holds the whole national table). The sentence speaks of `year`, the page's, or says
    which years are counted when that one is not. `sources`: for the PNG; `kinds`: each year's kinds of source
    in words, a column of the table; `place`: a province whose regencies and cities are counted (else the
    nation's instances)."""
    figure = predicate_counts_figure(counts, bands)
    narrow = predicate_counts_figure(counts, bands, narrow=True)
    columns = (
        [_("Year")]
        + [b["predicate"] for b in bands]
        + [_("Total")]
        + ([_("Kind of source")] if kinds else [])
    )
    rows = [
        [str(counted)]
        + [str(per.get(b["predicate"], 0)) for b in bands]
        + [str(sum(per.values()))]
        + ([kinds.get(counted, "")] if kinds else [])
        for counted, per in counts.items()
    ]
    summary = sentences.predicate_counts_summary(counts, bands, year)
    heading = (
        _("Regencies and cities of %(place)s per predicate, %(years)s")
        % {"place": place, "years": _years(counts)}
        if place
        else _("Instances per predicate, %(years)s") % {"years": _years(counts)}
    )
    return Chart(
        "predicates",
        _("Regencies and cities per predicate by year") if place else _("Instances per predicate by year"),
        figure,
        summary,
        columns,
        rows,
        heading=heading,
        source=source_line(sources),
        filename=_filename("predikat", place, _file_years(counts))
        if place
        else _filename("predikat", _file_years(counts)),
        narrow_figure=narrow,
    )


def province_tiles_chart(provinces, rows: list[dict], year: int, legend: list[dict]) -> Chart:
    """The 38 provinces (`Place`s) as tiles, each named with its predicate in `year`; `legend`: the bands
    of the framework of `year`, [{"predicate", "colour"}] lowest first."""
    by_code = {r["code"]: r for r in rows}
    tiles = [
        {"code": province.code, "name": province.name}
        | {key: by_code.get(province.code, {}).get(key) for key in ("value", "predicate", "colour")}
        for province in provinces
    ]
    scored = [t for t in tiles if t["value"] is not None]
    summary = sentences.tiles_summary(len(scored), len(tiles), year)
    # The code beside each name: on a phone the tiles carry the codes, and this table is their key.
    table = [[f"{t['name']} ({t['code']})", format_score(t["value"]), t["predicate"]] for t in scored]
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
        note=sentences.tiles_note(),
    )


def children_bars_chart(province_name: str, rows: list[dict], year: int) -> Chart:
    """A province's regencies and cities in `year`, one bar each, coloured by predicate and named with it."""
    figure = region_bars_figure(rows)
    summary = sentences.children_summary(province_name, rows, year)
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
