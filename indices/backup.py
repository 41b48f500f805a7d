"""A backup an administrator can rebuild the portal from: every record of the data (register, frameworks,
instances, sources, scores with their domain values, targets, the national index), the accounts and their
roles, and the whole audit trail, written by Django's own serializers into one compressed XML file, and
restored into an empty database all or nothing. XML, because Django's JSON encoder cuts times to the
millisecond: a restore must give back the very same database."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from indices.importing.applying import refresh_statistics
from indices.models import DataVersion, Instance, Score, ScoreValue, Source, Target

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


def archive_write(path: Path) -> None:
    """Write the backup to `path` (".xml.gz": compressed)."""
    call_command("dumpdata", *CONTENTS, format="xml", natural_foreign=True, output=str(path), verbosity=0)


@transaction.atomic
def archive_restore(path: Path) -> None:
    """Load a backup into a database that holds no data yet (after `migrate`): all of it, or nothing."""
    if Instance.objects.exists() or Source.objects.exists():
        raise RestoreError(
            _("This database already holds data; restore a backup into an empty database (after migrate).")
        )
    call_command("loaddata", str(path), verbosity=0)
    DataVersion.advance()
    refresh_statistics(Instance, Score, ScoreValue, Target, Source)
