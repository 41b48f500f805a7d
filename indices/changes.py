"""A change of the published data: the one hook every write calls (`data_changed`), and the signal receivers
that call it for saves that send signals. Cached pages, downloads and API answers are kept per data version,
so after this they are rendered again.

What calls it: every save of a record a public page shows (`record_saved`); every admin action, whose log entry
stands for a deletion (`admin_action_logged`); the register loaded in bulk; and the imports, loaders, backups
and derived values that write in bulk, which send no signals. Records no page shows (the workspace, roles,
uploads waiting for confirmation, the audit trail) leave the cache warm.
"""

from indices.models import DataVersion

UNSEEN_BY_PAGES = (
    "DataVersion",
    "PendingImport",
    "ChangeSet",
    "Assignment",
    "Assessment",
    "IndicatorLevel",
    "Evidence",
    "Recommendation",
    "ItemReview",
    "Transition",
    "ReminderPreference",
    "ReminderSent",
    "AgencyScore",
    # What a framework's indicators ask and its calendar: read by the workspace only.
    "FrameworkSource",
    "LevelNameSet",
    "LevelName",
    "CriterionText",
    "EvidenceItem",
    "CycleStage",
)


def data_changed() -> None:
    """The published data changed: inside the writer's transaction, so that it commits with the write."""
    DataVersion.advance()


def record_saved(sender, raw=False, **kwargs) -> None:
    """Signal receiver: a record the pages show was saved (a restore, `raw`, calls `data_changed` once)."""
    if not raw:
        data_changed()


def admin_action_logged(sender, instance, raw=False, **kwargs) -> None:
    """Signal receiver for the admin's log: a deletion there sends no post_save of its record, so its log
    entry stands for it, unless the record is one no page shows."""
    model = instance.content_type.model_class() if instance.content_type_id else None
    if not raw and (model is None or model.__name__ not in UNSEEN_BY_PAGES):
        data_changed()


def shown_by_pages(model) -> bool:
    return model.__name__ not in UNSEEN_BY_PAGES
