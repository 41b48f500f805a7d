"""The report card's read model: for one instance and year, the index and predicate (the published one
with its source, else the workspace's draft), domain and aspect values against the means of the instance's
kind and province, the trend, the rank, the target gap, the indicators with the most points to win, the
open recommendations and the paragraph written from all of it.

Published figures come through the same read functions as the public pages (`indices.reads.sections`,
`indices.reads.stats`), the workspace's through `indices.workspace.read_model.workspace`; a fixed handful of queries
whatever the size of the national table.
"""

from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indices.facts import Frameworks
from indices.formatting import format_score
from indices.models import Instance, Score, ScoreValue
from indices.reads import page_data, sections, stats
from indices.workspace import narrative, read_model
from indices.workspace.models import Recommendation

TOP_LOST = 5


def card(assessment) -> dict:
    """Everything the report card of `assessment` shows, as plain data (see the module's docstring)."""
    instance, year = assessment.instance, assessment.year
    data = read_model.workspace(assessment)
    framework = data["framework"]
    basis = data["bases"][data["basis"]]
    own = list(Score.objects.filter(instance=instance).points())
    head = headline(own, year, framework, basis, data["basis"])
    compare_year = year if head["official"] else (head["previous"] or {}).get("year")
    province = _province(instance)
    rows, parts_year = part_rows(instance, framework, basis, compare_year, head["official"])
    standing = _standing(instance, year) if head["official"] else None
    target = data["target"] and data["target"] | {
        "gap": stats.gap_to_target(head["value"], data["target"]["value"])
    }
    lost = lost_rows(data) if basis["count"] else []
    recommendations, recommendation_counts = open_recommendations(instance, year)
    trend = trend_rows(own, head, year)
    context = {
        "framework": framework,
        "headline": head,
        "draft_label": draft_label(data["basis"]),
        "draft_source": draft_source(data["basis"]),
        # Beside a published index, the one the workspace's levels give (marked as a draft).
        "draft_index": basis["index"] if head["official"] else None,
        "draft_band": basis["band"] if head["official"] else None,
        "levelled": basis["count"],
        "indicator_count": len(data["rows"]),
        "part_rows": rows,
        "parts_year": parts_year,
        "has_draft_parts": any(row["draft"] is not None for row in rows),
        "has_aspect_rows": any(row["nested"] for row in rows),
        "province_name": province,
        "trend": trend,
        "trend_chart": trend_chart(trend, framework.bands),  # printed, on A4
        # On screen, no text under 14 px at any width down to 320 px (the chart is drawn 262 px wide there).
        "screen_chart": trend_chart(trend, framework.bands, width=300, height=190, font=16),
        "standing": standing,
        "target": target,
        "lost": lost,
        "recommendations": recommendations,
        "more_recommendations": recommendation_counts["open"] - len(recommendations),
        "overdue_count": recommendation_counts["overdue"],
    }
    context["paragraph"] = narrative.paragraph(facts_of(instance, year, framework, context))
    return context


def headline(own: list[dict], year: int, framework, basis: dict, basis_name: str) -> dict:
    """The year's index: the published one with its source when there is one, else the index the
    workspace's levels give (None while they are incomplete), with the change since the previous
    published evaluation under the same framework and the distance to the next predicate."""
    published = next((point for point in own if point["year"] == year), None)
    if published is not None:
        head = {
            "official": True,
            "value": published["value"],
            "predicate": published["predicate"],
            "colour": published["colour"],
            "source_title": published["source_title"],
            "source_url": published["source_url"],
            "source_detail": published["source_detail"],
        }
        series = own
    else:
        value, band = basis["index"], basis["band"]
        head = {
            "official": False,
            "basis": basis_name,
            "value": value,
            "predicate": band.predicate if band else "",
            "colour": band.colour if band else "",
        }
        drafted = [{"year": year, "value": value, "framework_id": framework.id}] if value is not None else []
        series = sorted([p for p in own if p["year"] < year] + drafted, key=lambda p: p["year"])
    if head["value"] is not None:
        previous, change = stats.previous_in_framework(series, year), stats.change(series, year)
    else:
        earlier = [p for p in own if p["year"] < year and framework.covers(p["year"])]
        previous, change = (earlier[-1] if earlier else None), None
    distance = stats.distance_to_next(framework, head["value"]) if head["value"] is not None else None
    return head | {
        "change": change,
        "previous": previous,
        "to_next": distance and {"gap": distance[0], "predicate": distance[1].predicate},
    }


def part_rows(instance, framework, basis: dict, compare_year: int | None, official: bool):
    """Domains (each followed by its aspects), or aspects where the framework has no domains: the
    published value of `compare_year` (the card's year when published, else the previous published
    evaluation), the workspace's draft value, the means of the instance's kind and of its province that
    year, and the change since the evaluation before. Returns (rows, compare_year or None)."""
    profile = {}
    if compare_year is not None:
        values = [
            v
            for v in ScoreValue.objects.filter(score__instance=instance).points()
            if v["year"] <= compare_year and framework.covers(v["year"])
        ]
        peers = ScoreValue.objects.filter(score__year=compare_year)
        kind_values = list(peers.filter(score__instance__kind=instance.kind).points())
        province_values = (
            list(peers.in_province(instance.province_code).points()) if instance.province_code else []
        )
        section = sections.domains(
            instance.code, values, kind_values, province_values, Frameworks((framework,))
        )
        if section["domain_year"] == compare_year:
            top_level = framework.top[0].level if framework.top else "domain"
            profile = {(top_level, row["number"]): row for row in section["domain_rows"]}
            # Aspects under domains, where they were published (KemenPANRB's tables give domains only).
            aspects = stats.domain_profile(
                [v for v in values if v["year"] == compare_year and v["level"] == "aspect"],
                [v for v in kind_values if v["level"] == "aspect"],
                [v for v in province_values if v["level"] == "aspect" and v["code"] != instance.code],
                [],
            )
            profile |= {("aspect", row["number"]): row for row in aspects if top_level != "aspect"}
    drafts = basis["values"]
    rows = []
    for node in framework.top:
        rows.append(_part_row(node, profile, drafts, official, nested=False))
        children = sorted(
            (n for n in framework.nodes if n.parent_id == node.id and n.level != "indicator"),
            key=lambda n: n.number,
        )
        rows += [_part_row(child, profile, drafts, official, nested=True) for child in children]
    # Aspects under domains show only where something was published or levelled for them.
    rows = [
        row for row in rows if not row["nested"] or row["published"] is not None or row["draft"] is not None
    ]
    return rows, (compare_year if profile else None)


def _part_row(node, profile: dict, drafts: dict, official: bool, nested: bool) -> dict:
    published = profile.get((node.level, node.number), {})
    return {
        "node": node,
        "nested": nested,
        "published": published.get("value"),
        "draft": drafts.get(node.id),
        "kind_mean": published.get("kind_mean"),
        "kind_count": published.get("kind_count"),
        "province_mean": published.get("province_mean"),
        "province_count": published.get("province_count"),
        # A change is the published value's since the evaluation before; a draft year shows none.
        "change": published.get("change") if official else None,
    }


def trend_rows(own: list[dict], head: dict, year: int) -> list[dict]:
    """Every published year of the instance, with its change under the same framework, and the card's
    year as a draft row when it has a draft index and no published one."""
    rows = [point | {"change": stats.change(own, point["year"]), "draft": False} for point in own]
    if not head["official"] and head["value"] is not None:
        rows.append(
            {
                "year": year,
                "value": head["value"],
                "predicate": head["predicate"],
                "colour": head["colour"],
                "change": head["change"],
                "draft": True,
                "framework_id": None,
            }
        )
    return sorted(rows, key=lambda row: row["year"])


def trend_chart(rows: list[dict], bands, width: int = 360, height: int = 150, font: int = 9) -> dict | None:
    """The trend as SVG geometry drawn on the server (a PDF runs no script): the predicate bands as
    background, one line per framework (a change is never drawn across frameworks), a dot per year with
    its value, a hollow dot and a dashed line for a draft. Text is `font` units high, the margins in
    proportion; where the years stand too close for their labels, years are written '24 (and every
    other one, if need be) and the dots' values left to the table beside the chart. Coordinates are
    strings with a decimal point whatever the language. None without rows."""
    if not rows:
        return None
    left, right, top, bottom = 2 * font + 8, 10, round(1.55 * font), round(2.45 * font)
    low, high = Decimal(1), Decimal(5)
    plot_width, plot_height = width - left - right, height - top - bottom
    first, last = rows[0]["year"], rows[-1]["year"]

    inset = round(1.8 * font)  # the first and last dots' labels clear the axis and the edge

    def x(year) -> float:
        share = 0.5 if first == last else (year - first) / (last - first)
        return left + inset + (plot_width - 2 * inset) * share

    def y(value) -> float:
        return top + plot_height * float((high - min(max(value, low), high)) / (high - low))

    def at(number: float) -> str:
        return f"{number:.1f}"

    def point(row) -> str:
        return f"{at(x(row['year']))},{at(y(row['value']))}"

    lines, dashed, current, previous = [], [], [], None
    for row in rows:
        if row["draft"]:
            if previous is not None:
                dashed.append({"points": f"{point(previous)} {point(row)}", "draft": True})
            continue
        if previous is not None and row["framework_id"] != previous["framework_id"]:
            lines.append({"points": " ".join(current), "draft": False})
            current = []
        current.append(point(row))
        previous = row
    lines += [{"points": " ".join(current), "draft": False}, *dashed]
    # The room between the closest years, against a label's width (a digit is about 0.62 of the font).
    gap = min((x(b["year"]) - x(a["year"]) for a, b in zip(rows, rows[1:], strict=False)), default=width)
    full_years, values = gap >= 2.8 * font, gap >= 2.9 * font
    step = 1 if full_years or gap >= 1.8 * font else 2
    return {
        "width": width,
        "height": height,
        "font": font,
        "left": left,
        "plot_width": plot_width,
        "tick_x": left - 5,
        "tick_dy": at(font / 3),
        "value_dy": at(-0.67 * font),
        "year_y": height - bottom + round(1.55 * font),
        "bands": [
            {
                "y": at(y(band.upper)),
                "height": at(y(band.lower) - y(band.upper)),
                "colour": band.colour,
                "predicate": band.predicate,
            }
            for band in bands
        ],
        # A single point draws no line.
        "lines": [line for line in lines if " " in line["points"]],
        "dots": [
            {
                "x": at(x(row["year"])),
                "y": at(y(row["value"])),
                "label": format_score(row["value"]) if values else "",
                "draft": row["draft"],
            }
            for row in rows
        ],
        "ticks": [{"y": at(y(Decimal(value))), "label": value} for value in range(1, 6)],
        "years": [
            {
                "x": at(x(row["year"])),
                "label": str(row["year"]) if full_years else f"’{row['year'] % 100:02d}",
            }
            for row in rows[::-1][::step][::-1]
        ],
    }


def lost_rows(data: dict) -> list[dict]:
    """The indicators with the most index points still to win, from the basis levels (an indicator
    without a level counts at the lowest, as the workspace's paths do)."""
    by_node = {row["node"].id: row for row in data["rows"]}
    return [
        {"node": node, "points": points, "level": by_node[node.id][data["basis"]]}
        for node, points in data["lost"][:TOP_LOST]
    ]


# The card lists this many open recommendations, soonest deadline first, and counts the rest: one A4 page
# for the officials it is printed for, and a PDF that renders in bounded time however many there are.
CARD_RECOMMENDATIONS = 10


def open_recommendations(instance, year: int) -> tuple[list, dict[str, int]]:
    """The first open recommendations of this year's evaluation and earlier ones, soonest deadline first,
    and the counts of all of them ({"open", "overdue", "done"})."""
    recommendations = Recommendation.objects.filter(assessment__instance=instance, assessment__year__lte=year)
    listed = list(
        recommendations.open()
        .select_related("node", "assessment")
        .order_by(F("deadline").asc(nulls_last=True), "assessment__year", "pk")[:CARD_RECOMMENDATIONS]
    )
    return listed, recommendations.counts(timezone.localdate())


def draft_label(basis: str) -> str:
    """How a figure of the workspace is marked wherever it appears."""
    if basis == "final":
        return _("Draft (final levels, not yet published)")
    return _("Draft (self-assessment)")


def draft_source(basis: str) -> str:
    """The source line of a workspace figure."""
    if basis == "final":
        return _("Final levels entered in the workspace, not verified against a publication")
    return _("Self-assessment, not verified")


def index_name(framework) -> str:
    return _("Digital Government index") if framework.slug.startswith("pemdi") else _("SPBE index")


def facts_of(instance, year: int, framework, context: dict) -> narrative.Facts:
    """The paragraph's facts from the card's figures."""
    head, standing, target = context["headline"], context["standing"], context["target"]
    top_rows = [row for row in context["part_rows"] if not row["nested"]]
    column = "published" if head["official"] else "draft"
    parts = tuple(
        narrative.Part(row["node"].number, row["node"].name, row[column])
        for row in top_rows
        if row[column] is not None
    )
    lost = context["lost"]
    return narrative.Facts(
        name=instance.name,
        year=year,
        index_name=index_name(framework),
        value=head["value"],
        predicate=head["predicate"],
        draft=not head["official"],
        levelled=context["levelled"],
        indicators=context["indicator_count"],
        previous_year=(head["previous"] or {}).get("year"),
        change=head["change"],
        part_level=top_rows[0]["node"].level if top_rows else "domain",
        # A partial draft names no weakest domain: the ones not yet computed might be weaker.
        parts=parts if len(parts) == len(top_rows) else (),
        target=target["value"] if target else None,
        rank=standing and standing["rank"],
        rank_count=standing and standing["count"],
        kind=instance.kind,
        ranked_year_complete=bool(standing),
        province_rank=standing and standing.get("province_rank"),
        province_count=standing and standing.get("province_count"),
        province=context["province_name"] or "",
        top_indicator=(lost[0]["node"].number, lost[0]["node"].name, lost[0]["points"]) if lost else None,
        open_recommendations=len(context["recommendations"]) + context["more_recommendations"],
        overdue_recommendations=context["overdue_count"],
    )


def _standing(instance, year: int) -> dict | None:
    """Its rank among its kind nationally that year (and among its province's regencies and cities), when
    the portal holds the whole national table of the year; else None."""
    if year not in page_data.complete_years():
        return None
    scores = Score.objects.filter(year=year)
    if instance.province_code:
        peers = list(scores.of_kind(Instance.Kind.KABUPATEN, Instance.Kind.KOTA).points())
        found = sections.regency_peers(instance.code, instance.province_code, instance.kind, peers)
        return {
            "year": year,
            "rank": found["rank_national"],
            "count": found["same_kind_count"],
            "mean": found["national_mean"],
            "province_rank": found["rank_in_province"],
            "province_count": found["siblings_count"],
            "province_mean": found["province_mean"],
        }
    peers = list(scores.filter(instance__kind=instance.kind).points())
    return sections.standing(instance.code, peers) | {"year": year}


def _province(instance) -> str | None:
    if not instance.province_code:
        return None
    return Instance.objects.filter(code=instance.province_code).values_list("name", flat=True).first()
