"""The workspace's read model: an assessment's levels rolled up by the one scoring function, for each basis
(self-assessment, final, accepted evidence only, target levels, a what-if scenario), beside the published
result and the year's target, with the points still to win and the shortest paths to the next predicate and
to the target. Plain data out; the views, the report card and the what-if script all read it."""

from collections import Counter
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from indices import scoring
from indices.formatting import (
    NumberError,
    format_level,
    format_points,
    gap_words,
    parse_decimal,
    whole_number,
)
from indices.models import Framework, Score, Target
from indices.reads import stats
from indices.workspace import pemdi_reads
from indices.workspace.models import Evidence, IndicatorLevel

BASES = ("self", "final", "accepted", "target", "scenario")
# How far a recomputed index may sit from the published one before it is flagged: KemenPANRB prints two
# decimals, so rounding alone explains up to 0.005.
TOLERANCE = Decimal("0.01")


def framework_of(assessment):
    """The assessment's framework as plain facts, its bands and tree included (three queries)."""
    return Framework.objects.filter(pk=assessment.framework_id).facts()[0]


def workspace(assessment, scenario: dict | None = None, framework=None) -> dict:
    """Everything the workspace, the what-if and the report card show for `assessment` (a handful of
    queries, whatever the number of indicators). `scenario` maps indicator node ids to levels; indicators
    it leaves out keep the basis level. `framework`: the facts of `framework_of`, when the caller has them."""
    framework = framework or framework_of(assessment)
    low, top = framework.scale
    leaves = scoring.indicators(framework.nodes)
    records = {
        level.node_id: level
        for level in IndicatorLevel.objects.filter(assessment_id=assessment.pk).order_by("node__number")
    }
    evidence = _evidence_by_node(assessment)
    accepted = _accepted_levels(assessment)
    # Continuous values (Pemerintah Digital): four indicators take other agencies' indices, and accepted
    # evidence items suggest a value instead of backing a whole level.
    continuous = pemdi_reads.continuous_values(assessment, framework)
    rows = []
    for node in leaves:
        record = records.get(node.id)
        self_level = record.self_level if record else None
        final_level = record.final_level if record else None
        supported = Decimal(accepted.get(node.id) or low)
        external = continuous.external.get(node.id) if continuous else None
        if external:
            self_level = final_level = supported = external.value
        elif continuous:
            supported = continuous.suggested.get(node.id, low)
        rows.append(
            {
                "node": node,
                "record": record,
                "self": self_level,
                "final": final_level,
                "target": record.target_level if record else None,
                # Only accepted evidence counts, and never above what the instance claims.
                "accepted": None if self_level is None else min(self_level, supported),
                "evidence": evidence.get(node.id, Counter()),
                "external": external,
                "suggested": continuous.suggested.get(node.id) if continuous else None,
            }
        )
    bases = {name: _basis(framework, rows, name, low) for name in ("self", "final", "accepted", "target")}
    basis = "final" if bases["final"]["complete"] else "self"
    scenario_levels = {row["node"].id: row[basis] or low for row in rows}
    scenario_levels.update(
        {node_id: level for node_id, level in (scenario or {}).items() if node_id in scenario_levels}
    )
    bases["scenario"] = _figures(framework, scenario_levels, complete=True)
    # Paths start from the basis levels, an indicator without one counted at the lowest level.
    levels = {row["node"].id: row[basis] or low for row in rows}
    current = scoring.index_of(framework.nodes, levels)
    next_band = framework.band_above(current) if current is not None else None
    target = _target(assessment, current)
    scenario_index = bases["scenario"]["index"]
    published = _published(assessment, framework, bases["final"])
    return {
        "framework": framework,
        "whole_levels": assessment.framework.whole_levels,
        "continuous": continuous,
        "current": current,
        "rows": rows,
        "bases": bases,
        "basis": basis,
        "scenario": scenario_levels,
        "missing": sum(1 for row in rows if row[basis] is None),
        "published": published,
        "target": target,
        "lost": scoring.points_lost(framework.nodes, levels, top),
        "next_band": next_band,
        "next_band_path": next_band and scoring.shortest_path(framework.nodes, levels, next_band.lower, top),
        "scenario_gap": target and stats.gap_to_target(scenario_index, target["value"]),
        "target_path": target and scoring.shortest_path(framework.nodes, levels, target["value"], top),
    }


def whatif_payload(data) -> dict:
    """What the browser's what-if needs to compute exactly what `workspace` computes."""
    basis = data["basis"]
    levels = {row["node"].number: row[basis] for row in data["rows"]}
    return payload(data["framework"], levels, data["target"] and data["target"]["value"])


def payload(framework, levels: dict, target) -> dict:
    """The tree with its weights, the bands, the scale, the basis levels (indicator number -> level) and the
    target, as strings so that no float rounding comes between the server's figures and the browser's."""
    return {
        "nodes": [
            {
                "id": node.id,
                "parent": node.parent_id,
                "number": node.number,
                "indicator": node.level == "indicator",
                "weight": None if node.weight is None else str(node.weight),
            }
            for node in framework.nodes
        ],
        "bands": [{"predicate": band.predicate, "lower": str(band.lower)} for band in framework.bands],
        "scale": [str(value) for value in framework.scale],
        "basis": {str(number): None if level is None else str(level) for number, level in levels.items()},
        "target": None if target is None else str(target),
        "gap_words": gap_words(),
    }


def steps_in_words(path) -> list[str]:
    """A path as the coordinator team would say it, one line per indicator in the order first raised, e.g.
    "Raise indicator 23 Penerapan Manajemen Data from 1 to 2: +0,015 (index 2,755)"; the index is the one
    reached once that indicator's raises and those listed before it are made."""
    grouped = {}
    for step in path or ():
        first = grouped.setdefault(step.node.id, {"node": step.node, "before": step.before, "gain": 0})
        first.update(after=step.after, gain=first["gain"] + step.gain)
    lines = []
    # The index is linear in the levels: each indicator's raises add their gain, in whatever order.
    index = path[0].index - path[0].gain if path else None
    for item in grouped.values():
        index += item["gain"]
        lines.append(
            _("Raise indicator %(number)s %(name)s from %(before)s to %(after)s: +%(gain)s (index %(index)s)")
            % {
                "number": item["node"].number,
                "name": item["node"].name,
                "before": format_level(item["before"]),
                "after": format_level(item["after"]),
                "gain": format_points(item["gain"]),
                "index": format_points(index),
            }
        )
    return lines


def parse_scenario(query, framework) -> tuple[dict, list[str]]:
    """Indicator levels from a what-if URL (`?i23=2&i24=3`, i + indicator number), and what was refused."""
    by_number = {node.number: node for node in scoring.indicators(framework.nodes)}
    levels, problems = {}, []
    for key, raw in query.items():
        number = whole_number(key[1:], most=1000) if key.startswith("i") else None
        if number is None or not raw:
            continue
        node = by_number.get(number)
        try:
            value = parse_decimal(raw)
        except NumberError:
            value = None
        low, top = framework.scale
        if node is None:
            problems.append(_("There is no indicator %(number)s.") % {"number": key[1:]})
        elif value is None or not value.is_finite() or not low <= value <= top:
            problems.append(
                _("Indicator %(number)s: %(value)s is not a level.")
                % {"number": node.number, "value": raw[:24]}
            )
        else:
            levels[node.id] = value.quantize(Decimal("0.01"))
    return levels, problems


def _basis(framework, rows, name: str, low: Decimal) -> dict:
    given = {row["node"].id: row[name] for row in rows if row[name] is not None}
    complete = len(given) == len(rows)
    return _figures(framework, given, complete)


def _figures(framework, levels: dict, complete: bool) -> dict:
    """The values `levels` give (indicators, aspects, domains), the index and its band; incomplete levels
    give the values they determine and no index."""
    values = scoring.roll_up(framework.nodes, levels) if levels else {}
    index = values.get(scoring.INDEX) if complete else None
    return {
        "values": values,
        "index": index,
        "band": framework.band_for(index),
        "complete": complete,
        "count": len(levels),
    }


def _evidence_by_node(assessment) -> dict:
    counts = {}
    rows = Evidence.objects.filter(level__assessment_id=assessment.pk).values_list("level__node_id", "status")
    for node_id, status in rows:
        counts.setdefault(node_id, Counter())[status] += 1
    return counts


def _accepted_levels(assessment) -> dict:
    """The highest level each indicator's accepted evidence supports."""
    rows = (
        Evidence.objects.accepted()
        .filter(level__assessment_id=assessment.pk)
        .values("level__node_id")
        .annotate(top=Max("supports_level"))
    )
    return {row["level__node_id"]: row["top"] for row in rows}


def _target(assessment, current) -> dict | None:
    target = (
        Target.objects.filter(instance_id=assessment.instance_id, year=assessment.year)
        .select_related("source")
        .first()
    )
    if target is None:
        return None
    return {
        "value": target.value,
        "document": target.get_document_display(),
        "source_title": target.source.title if target.source else "",
        "source_url": target.source.url if target.source else "",
        "gap": stats.gap_to_target(current, target.value),
    }


def _published(assessment, framework, final) -> dict | None:
    """The official published score of the year, beside the index its final levels give."""
    score = (
        Score.objects.official()
        .filter(instance_id=assessment.instance_id, year=assessment.year)
        .select_related("source")
        .first()
    )
    if score is None:
        return None
    recomputed = final["index"]
    return {
        "value": score.value,
        "band": framework.band_for(score.unrounded_value or score.value),
        "source_title": score.source.title if score.source else "",
        "source_url": score.source.url if score.source else "",
        "recomputed": recomputed,
        "differs": recomputed is not None and abs(recomputed - score.value) > TOLERANCE,
    }
