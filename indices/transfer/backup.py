"""A backup an administrator can rebuild the portal from: every record of the data (register, frameworks,
instances, sources, scores with their domain values, targets, the national index), the accounts and their
roles, the workspaces and the whole audit trail, written by Django's own serializers into one compressed
JSON file, and restored into an empty database all or nothing.

Three promises, each kept by one choice:
- **It restores.** Every table is read in one transaction that sees one moment of the database (repeatable
  read on PostgreSQL; on SQLite the transaction takes the write lock, so an import waits until the backup is
  written): an import committed halfway through cannot leave a target citing a source the file lacks.
- **It keeps text byte for byte.** JSON holds every character, line end and space as it is; XML, which earlier
  backups used, turns CRLF into LF, and Django's XML reader strips leading and trailing spaces.
- **Times to the microsecond.** Django's JSON encoder cuts them to the millisecond; `ArchiveEncoder` does not.

The file is written beside its final name and renamed once complete: a failed backup leaves no truncated file.
Backups of the earlier XML format (`.xml.gz`) still restore.
"""

import datetime
import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils.translation import gettext as _

from indices.changes import data_changed
from indices.models import Instance, Score, ScoreValue, Source, Target
from indices.transfer.applying import refresh_statistics

# What a backup holds: the accounts, every record the audit trail follows (the data and the roles, parents
# first: settings.AUDITLOG_INCLUDE_TRACKING_MODELS), the change sets and both logs. Left out: the data version
# and uploads waiting for confirmation (they are rebuilt), sessions, login attempts, content types and
# permissions (migrate creates them; references to them travel by natural key).
CONTENTS = [
    "auth.Group",
    "auth.User",
    *(
        entry if isinstance(entry, str) else entry["model"]
        for entry in settings.AUDITLOG_INCLUDE_TRACKING_MODELS
    ),
    "indices.ChangeSet",
    "auditlog.LogEntry",
    "admin.LogEntry",
]


class RestoreError(Exception):
    pass


class ArchiveEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: a restore gives back the very same database."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def archive_write(path: Path, written: Callable[[str], None] | None = None) -> None:
    """Write the backup to `path` (".json.gz"), as one consistent moment of the database. `written` is told
    each kind of record once it is in the file (the command reports progress with it)."""
    partial = path.with_name(path.name + ".part")
    try:
        with one_moment(), gzip.open(partial, "wt", encoding="utf-8") as out:
            serializers.serialize(
                "json",
                _records(written),
                stream=out,
                cls=ArchiveEncoder,
                use_natural_foreign_keys=True,
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def one_moment():
    """A read-only transaction that sees the database as it was when it began, whatever commits meanwhile."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _records(written: Callable[[str], None] | None) -> Iterator:
    for label in CONTENTS:
        model = apps.get_model(label)
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
        if written is not None:
            written(label)


@transaction.atomic
def archive_restore(path: Path) -> None:
    """Load a backup into a database that holds no data yet (after `migrate`): all of it, or nothing."""
    if Instance.objects.exists() or Source.objects.exists():
        raise RestoreError(
            _("This database already holds data; restore a backup into an empty database (after migrate).")
        )
    call_command("loaddata", str(path), verbosity=0)
    data_changed()
    refresh_statistics(Instance, Score, ScoreValue, Target, Source)
