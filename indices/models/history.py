"""The audit trail: who changed which record, when, from which value to which, kept by django-auditlog
(one `auditlog.LogEntry` per creation, change and deletion, kept after the record is deleted), and the
change sets that group the entries one import or load wrote together.

Saves and deletions through the ORM are logged by auditlog's signals, with the signed-in user (its
middleware). Bulk writes send no signals: `create_all` and `update_all` write and log them. Inside
`recording(change_set)` every entry carries the change set's correlation id and user.
"""

from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from copy import copy

from auditlog.cid import _get_cid
from auditlog.context import set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

from indices.models.text import line_field


class ChangeSet(models.Model):
    """Many records written at once: an import of a file, a load of the published record, or the revision
    records kept before the audit trail existed."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        LOAD = "load", _("Load of the published record")
        ARCHIVE = "archive", _("Earlier revision records")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    filename = line_field(_("file"), max_length=255, blank=True)
    model_name = models.CharField(_("records"), max_length=50, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change set")
        verbose_name_plural = _("change sets")

    def __str__(self):
        label = self.filename or self.get_kind_display()
        return f"{label} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else label

    @property
    def cid(self) -> str:
        """The correlation id its log entries carry."""
        return f"change-set-{self.pk}"

    def entries(self):
        return LogEntry.objects.filter(cid=self.cid)


_current: ContextVar["ChangeSet | None"] = ContextVar("change_set", default=None)


@contextmanager
def recording(change_set: ChangeSet):
    """Log entries written inside this block belong to `change_set` and name its user."""
    token = _current.set(change_set)
    try:
        with set_actor(change_set.user) if change_set.user_id else nullcontext():
            yield change_set
    finally:
        _current.reset(token)


def current_change_set() -> ChangeSet | None:
    return _current.get()


def current_cid() -> str | None:
    """auditlog's correlation id (AUDITLOG_CID_GETTER): the change set recording, else the request's."""
    change_set = current_change_set()
    return change_set.cid if change_set is not None else _get_cid()


def create_all(model, records: list, *, batch_size: int = 500, reason: str = "") -> list:
    """`bulk_create`, and a log entry for each record created."""
    created = model.objects.bulk_create(records, batch_size=batch_size)
    _log(model, [(None, record) for record in created], LogEntry.Action.CREATE, reason)
    return created


def update_all(
    model, records: list, fields: list[str], before: list, *, batch_size: int = 500, reason: str = ""
):
    """`bulk_update` of `fields`, and a log entry for each record from its state in `before` (same order)."""
    model.objects.bulk_update(records, fields, batch_size=batch_size)
    _log(model, list(zip(before, records, strict=True)), LogEntry.Action.UPDATE, reason)


def state_before(record, fields: dict):
    """A copy of `record` holding `fields` (name: value) as it did before a change: for `update_all`."""
    earlier = copy(record)
    for name, value in fields.items():
        setattr(earlier, name, value)
    return earlier


def _log(model, pairs: list, action: int, reason: str) -> None:
    change_set = current_change_set()
    content_type = ContentType.objects.get_for_model(model)
    cid = current_cid()
    entries = []
    for old, new in pairs:
        changes = model_instance_diff(old, new)
        if not changes:
            continue
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(new.pk),
                object_id=new.pk if isinstance(new.pk, int) else None,
                object_repr=smart_str(new),
                action=action,
                changes=changes,
                actor_id=change_set.user_id if change_set else None,
                cid=cid,
                additional_data={"reason": reason} if reason else None,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def latest_entry(record) -> int:
    """The id of the record's latest log entry (0 if none): it changes with every save, by anyone."""
    content_type = ContentType.objects.get_for_model(record)
    entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(record.pk))
    return entries.order_by("-pk").values_list("pk", flat=True).first() or 0
