"""The indicator levels of 2021 and 2022, loaded as each instance's prior levels in its own workspace: its
final levels of those years, private to its readers (`indices.access`), never a public figure; and a new year's
self-assessment started from them, each level to be confirmed by the operator."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from indices.models import Framework, FrameworkNode, create_all
from indices.transfer.loading import RESULTS, LoadResult, recorded_load
from indices.workspace.models import Assessment, IndicatorLevel


@recorded_load
def levels_load(*, path: Path = RESULTS / "tingkat-indikator.csv") -> LoadResult:
    """Each instance's 47 indicator levels of 2021 and 2022, as the final levels of its assessment for that
    year: its own prior levels in its workspace, which only its readers see (`indices.access`), never a public
    figure. An assessment that already holds levels is kept as it is."""
    framework = Framework.objects.get(slug="spbe-2020")
    nodes = {node.number: node for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR)}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = {
        (a.instance_id, a.year): a
        for a in Assessment.objects.filter(year__in={int(r["tahun"]) for r in rows})
    }
    filled = set(
        IndicatorLevel.objects.filter(assessment__in=existing.values()).values_list(
            "assessment_id", flat=True
        )
    )
    created = [
        Assessment(instance_id=row["kode"], year=int(row["tahun"]), framework=framework)
        for row in rows
        if (row["kode"], int(row["tahun"])) not in existing
    ]
    for assessment in create_all(Assessment, created):
        existing[(assessment.instance_id, assessment.year)] = assessment
    levels = [
        IndicatorLevel(
            assessment=existing[(row["kode"], int(row["tahun"]))],
            node=node,
            final_level=Decimal(row[f"I{number}"]),
        )
        for row in rows
        if existing[(row["kode"], int(row["tahun"]))].pk not in filled
        for number, node in nodes.items()
    ]
    # One change set records the load (`recorded_load`); an audit entry per level would copy, 50,000 times,
    # a file the repository holds.
    IndicatorLevel.objects.bulk_create(levels, batch_size=2000)
    return LoadResult(
        created=len(levels) // max(len(nodes), 1), kept=len(rows) - len(levels) // max(len(nodes), 1)
    )


def previous_final(assessment: Assessment) -> Assessment | None:
    """The latest earlier assessment of the same instance and framework that holds final levels."""
    return (
        Assessment.objects.filter(
            instance_id=assessment.instance_id,
            framework_id=assessment.framework_id,
            year__lt=assessment.year,
            levels__final_level__isnull=False,
        )
        .order_by("-year")
        .distinct()
        .first()
    )


@transaction.atomic
def levels_prefill(*, assessment: Assessment, previous: Assessment) -> int:
    """Start `assessment`'s self-assessment from `previous`'s final levels, each marked as prefilled until the
    operator confirms it by saving its aspect; an indicator already self-assessed is left alone. Returns how
    many levels were prefilled."""
    finals = {level.node_id: level.final_level for level in previous.levels.filter(final_level__isnull=False)}
    existing = {level.node_id: level for level in IndicatorLevel.objects.filter(assessment=assessment)}
    prefilled = 0
    for node_id, value in finals.items():
        level = existing.get(node_id) or IndicatorLevel(assessment=assessment, node_id=node_id)
        if level.self_level is not None:
            continue
        level.self_level, level.prefilled_from = value, previous.year
        level.save()
        prefilled += 1
    return prefilled
