"""What every figure of the portal shares: its palette, sizes and tile grid, and the layout pieces
(axes, predicate bands, the framework break, end labels) that the plot specs are built from."""

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from indices.formatting import short_name

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


LABEL_SIZE = 14  # px: no text of a chart is smaller (issue 24's audit found 10-12 px labels)


# px a trend's index point takes at the least: the plot's height less its margins and a legend's row, over
# the four points of the scale (1 to 5).
TREND_PX_PER_POINT = (TREND_HEIGHT - 28 - 48 - 30) / 4


BAND_LABELS_WIDTH = 100  # px of right margin for the predicates' names beside a trend's bands


NARROW_BAND_LABELS_WIDTH = 92  # the same on a phone


LEGEND_ROW = 30  # px a legend entry takes on a line of its own


END_LABELS_WIDTH = 190  # and past them, for the compared lines' names


COMPARE_HEIGHT = 440


# Provinces on a tile grid placed roughly by geography: code -> (column, row, short label). Fourteen
# columns: at a desktop's width a tile then holds the longest short name (KALTENG) at LABEL_SIZE.
PROVINCE_TILES = {
    "11": (0, 0, "ACEH"), "12": (1, 0, "SUMUT"), "21": (3, 0, "KEPRI"), "13": (1, 1, "SUMBAR"),
    "14": (2, 1, "RIAU"), "17": (1, 2, "BKL"), "15": (2, 2, "JAMBI"), "19": (3, 2, "BABEL"),
    "16": (2, 3, "SUMSEL"), "18": (2, 4, "LPG"), "31": (4, 4, "DKI"), "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"), "33": (5, 5, "JATENG"), "34": (5, 6, "DIY"), "35": (6, 5, "JATIM"),
    "51": (7, 5, "BALI"), "52": (8, 5, "NTB"), "53": (9, 5, "NTT"), "61": (5, 1, "KALBAR"),
    "62": (6, 2, "KALTENG"), "63": (7, 3, "KALSEL"), "64": (7, 1, "KALTIM"), "65": (7, 0, "KALTARA"),
    "75": (9, 0, "GTLO"), "71": (10, 0, "SULUT"), "72": (9, 1, "SULTENG"), "76": (8, 2, "SULBAR"),
    "73": (8, 3, "SULSEL"), "74": (9, 3, "SULTRA"), "82": (10, 1, "MALUT"), "81": (10, 3, "MALUKU"),
    "96": (11, 2, "PBD"), "92": (12, 2, "PABAR"), "91": (13, 2, "PAPUA"), "94": (12, 3, "PATENG"),
    "95": (13, 3, "PAPEG"), "93": (13, 4, "PASEL"),
}  # fmt: skip


# On a phone the grid is folded: the east (Nusa Tenggara, Sulawesi, Maluku, Papua) goes under the west,
# in 8 columns.
FOLD_COLUMN, FOLD_ROWS = 8, 7.5


TILE = 0.95  # a tile's side; the rest of each grid cell is the gap between tiles


# The folded grid's rows are this much taller than its columns are wide, so that a tile of a 320 px phone
# (29 px wide) is tall enough for its two lines at LABEL_SIZE.
FOLDED_ROW = 1.45


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


def figure_spec(traces: list[dict], xaxis: dict, yaxis: dict, **layout) -> dict:
    """A figure as plotly.js draws it: `traces`, and the portal's layout with its axes and `layout` overrides."""
    return {"data": traces, "layout": base_layout(xaxis=xaxis, yaxis=yaxis, **layout)}


def axis(**properties) -> dict:
    """An axis that does not zoom or pan: drag-zoom on a phone would capture the page's scrolling."""
    return {"fixedrange": True, **properties}


def base_layout(**overrides) -> dict:
    layout = {
        "separators": get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR"),
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "dragmode": False,  # no drag-zoom: on phones it would capture page scrolling
        "hovermode": "closest",
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "size": LABEL_SIZE,
            "color": INK,
        },
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "autosize": True,
    }
    layout.update(overrides)
    return layout


def band_shapes(spans) -> list[dict]:
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


def band_labels(spans, size: int = LABEL_SIZE) -> list[dict]:
    """Each band's predicate written beside it, so the shading is never read by colour alone: the last
    framework's bands in the right margin, like an axis; an earlier framework's inside its own years, at
    their left edge, only where its bands differ from the last one's."""
    annotations = []
    for index, span in enumerate(spans):
        last = index == len(spans) - 1
        if not last and same_bands(span, spans[-1]):
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


def same_bands(one: dict, other: dict) -> bool:
    def key(span):
        return [(b["predicate"], b["lower"], b["upper"]) for b in span["bands"]]

    return key(one) == key(other)


def break_markers(spans) -> tuple[list[dict], list[dict]]:
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
                "font": {"size": LABEL_SIZE, "color": MUTED},
            }
        )
    return shapes, annotations


def end_labels(series: list[dict], gap: float = LABEL_SIZE * 1.3 / TREND_PX_PER_POINT) -> list[dict]:
    """Each compared line's name at the height where it ends, in the right margin past the bands' names, in
    the line's colour and with its marker's glyph; labels closer than `gap` index points (a line of text)
    are pushed apart, keeping their order. None where they cannot all stand apart within the scale: the
    legend (the same dashes and markers) names the lines then, as it does on a phone."""
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
    if ends and ends[0]["y"] < 1:
        return []
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
            "font": {"size": LABEL_SIZE, "color": end["colour"]},
        }
        for end in ends
    ]
