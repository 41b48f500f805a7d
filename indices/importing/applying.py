"""Writing a checked `Plan`: new sources, then creates, then updates with the replaced values on record."""

from django.db import connection
from django.utils import timezone

from indices.importing.planning import Plan
from indices.models import DataVersion, FrameworkNode, ScoreValue, Source


def apply(plan: Plan, *, reason: str) -> None:
    """Write every change of `plan` (call inside a transaction; the plan must have no errors)."""
    DataVersion.advance()  # bulk writes send no signals
    for source in plan.new_sources:
        source.save()
    spec = plan.spec
    spec.model.objects.bulk_create([change.record for change in plan.creates], batch_size=500)
    if plan.updates:
        _update(plan, reason)
    if spec.has_values:
        changed = [change for change in plan.creates + plan.updates if change.values != change.old_values]
        ScoreValue.objects.filter(score__in=[change.record for change in changed]).delete()
        ScoreValue.objects.bulk_create(
            (
                ScoreValue(score=change.record, node_id=node_id, value=value)
                for change in changed
                for node_id, value in change.values.items()
            ),
            batch_size=1000,
        )
    refresh_statistics(spec.model, ScoreValue, Source)


def refresh_statistics(*models) -> None:
    """Tell the database's planner how many rows a bulk write left (PostgreSQL plans a freshly loaded
    table as if it were empty: the region pages' first query took twice as long until autovacuum came)."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.vendor == "postgresql" else "ANALYZE")  # noqa: S608


def _update(plan: Plan, reason: str) -> None:
    spec = plan.spec
    # bulk_update leaves auto_now fields alone: stamp them as save() would.
    stamped = [f.name for f in spec.model._meta.fields if getattr(f, "auto_now", False)]
    now = timezone.now()
    for change in plan.updates:
        for name in stamped:
            setattr(change.record, name, now)
    fields = list(spec.compared) + stamped + (["unrounded_value"] if spec.has_values else [])
    spec.model.objects.bulk_update([change.record for change in plan.updates], fields, batch_size=500)
    labels = {}
    if spec.has_values:
        node_ids = {node_id for change in plan.updates for node_id in change.old_values}
        labels = {
            node.pk: f"{node.level} {node.number}" for node in FrameworkNode.objects.filter(pk__in=node_ids)
        }
    spec.revision.objects.bulk_create(_revision(spec, change, reason, labels) for change in plan.updates)


def _revision(spec, change, reason: str, labels: dict):
    """What the record held before `change`, its domain and aspect values labelled ("domain 1")."""
    fields = {spec.model._meta.model_name: change.record, "reason": reason[:300], **change.old}
    if spec.has_values:
        fields["node_values"] = {labels[node_id]: str(value) for node_id, value in change.old_values.items()}
    return spec.revision(**fields)
