"""Writing a checked `Plan`: new sources, then creates, then updates with the replaced values on record."""

from django.utils import timezone

from indices.importing.planning import Plan


def apply(plan: Plan, *, reason: str) -> None:
    """Write every change of `plan` (call inside a transaction; the plan must have no errors)."""
    for source in plan.new_sources:
        source.save()
    spec = plan.spec
    spec.model.objects.bulk_create([change.record for change in plan.creates], batch_size=500)
    if not plan.updates:
        return
    # bulk_update leaves auto_now fields alone: stamp them as save() would.
    stamped = [f.name for f in spec.model._meta.fields if getattr(f, "auto_now", False)]
    now = timezone.now()
    for change in plan.updates:
        for name in stamped:
            setattr(change.record, name, now)
    fields = list(spec.compared) + stamped
    spec.model.objects.bulk_update([change.record for change in plan.updates], fields, batch_size=500)
    record_field = spec.model._meta.model_name
    spec.revision.objects.bulk_create(
        spec.revision(**{record_field: change.record}, reason=reason[:300], **change.old)
        for change in plan.updates
    )
