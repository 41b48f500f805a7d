"""Move the revision records (what a score or target held before an import or a hand edit replaced it) into
the audit trail, without losing one: each becomes an "update" log entry at its time, from the values it
kept to the values that replaced them (the next revision's, or the record's current ones), with its
reason, its domain values as they were, and, for an edit made in the admin, its user again. They form one
change set of the kind "earlier revision records"."""

import re

from django.db import migrations

EDITED = re.compile(r"^(?:Edited in the admin by|Diubah di halaman admin oleh) (?P<user>.+)$")
KEPT = {
    "Score": ("value", "status", "source_id", "source_detail", "note"),
    "Target": ("value", "document", "source_id", "source_detail", "note"),
}
UPDATE = 1  # auditlog.models.LogEntry.Action.UPDATE


def text(value):
    return "None" if value is None else str(value)


def current_values(score) -> dict:
    return {f"{v.node.level} {v.node.number}": str(v.value) for v in score.node_values.select_related("node")}


def move(apps, schema_editor):
    ChangeSet = apps.get_model("indices", "ChangeSet")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    User = apps.get_model("auth", "User")
    users = dict(User.objects.values_list("username", "pk"))
    change_set = None
    for name, kept in KEPT.items():
        revisions = apps.get_model("indices", f"{name}Revision")
        owner = f"{name.lower()}_id"
        if not revisions.objects.exists():
            continue
        if change_set is None:
            change_set = ChangeSet.objects.create(kind="archive", model_name="revisions")
        model = apps.get_model("indices", name)
        content_type, _ = ContentType.objects.get_or_create(app_label="indices", model=name.lower())
        by_record = {}
        for revision in revisions.objects.order_by("changed_at", "pk"):
            by_record.setdefault(getattr(revision, owner), []).append(revision)
        entries = []
        for record in model.objects.filter(pk__in=by_record):
            chain = by_record[record.pk]
            for index, revision in enumerate(chain):
                following = chain[index + 1] if index + 1 < len(chain) else record
                changes = {
                    field.removesuffix("_id"): [text(getattr(revision, field)), text(getattr(following, field))]
                    for field in kept
                    if getattr(revision, field) != getattr(following, field)
                }
                if name == "Score":
                    after = following.node_values if following is not record else current_values(record)
                    if (revision.node_values or {}) != (after or {}):
                        changes["domain values"] = [str(revision.node_values or {}), str(after or {})]
                match = EDITED.match(revision.reason or "")
                entries.append(
                    LogEntry(
                        content_type=content_type,
                        object_pk=str(record.pk),
                        object_id=record.pk,
                        object_repr=f"{record.instance_id} {record.year}",
                        action=UPDATE,
                        changes=changes,
                        changes_text="",
                        actor_id=users.get(match["user"]) if match else None,
                        cid=f"change-set-{change_set.pk}",
                        timestamp=revision.changed_at,
                        additional_data={"reason": revision.reason, "moved from": f"{name.lower()} revision {revision.pk}"},
                    )
                )
        LogEntry.objects.bulk_create(entries, batch_size=1000)
        change_set.updated += len(entries)
    if change_set is not None:
        change_set.save()


class Migration(migrations.Migration):
    dependencies = [
        ("indices", "0011_audit_trail"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
