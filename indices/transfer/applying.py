"""Writing a checked `Plan`: new sources, then creates, then updates, each logged in the audit trail."""

from django.db import connection
from django.utils import timezone

from indices.changes import data_changed
from indices.models import FrameworkNode, ScoreValue, Source, create_all, state_before, update_all
from indices.transfer.planning import Plan


def apply(plan: Plan, *, reason: str, by=None) -> None:
    """Write every change of `plan` (call inside a transaction; the plan must have no errors). Every record
    written or deleted leaves an entry in the audit trail, in the change set recording, if any: the replaced
    values stay on record there. `by`, the person importing, is recorded as adding the new sources."""
    data_changed()  # bulk writes send no signals
    for source in plan.new_sources:
        _save_or_share(source, by)
    spec = plan.spec
    create_all(spec.model, [change.record for change in plan.creates], reason=reason)
    if plan.updates:
        _update(plan, reason)
    if spec.has_values:
        changed = [change for change in plan.creates + plan.updates if change.values != change.old_values]
        ScoreValue.objects.filter(score__in=[change.record for change in changed]).delete()
        # Each value names its domain in the audit trail: the nodes come in one query, not one per value.
        nodes = FrameworkNode.objects.in_bulk({node_id for change in changed for node_id in change.values})
        values = [
            ScoreValue(score=change.record, node=nodes[node_id], value=value)
            for change in changed
            for node_id, value in change.values.items()
        ]
        create_all(ScoreValue, values, batch_size=1000, reason=reason)
    refresh_statistics(spec.model, ScoreValue, Source)


def _save_or_share(source: Source, by) -> None:
    """Save a source the file cites for the first time, or take the row of the same publication that a
    parallel import saved meanwhile (get_or_create retries the read when the unique constraint refuses)."""
    identity = {name: getattr(source, name) for name in ("title", "publisher", "url", "document")}
    stored, _ = Source.objects.get_or_create(
        **identity,
        defaults={
            "note": source.note,
            "published_on": source.published_on,
            "kind": source.kind,
            "added_by": by,
        },
    )
    source.pk = stored.pk
    source._state.adding = False


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
    before = [state_before(change.record, change.old) for change in plan.updates]
    update_all(spec.model, [change.record for change in plan.updates], fields, before, reason=reason)
