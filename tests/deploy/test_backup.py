"""A backup restores: the portal's database, with the published record, accounts and roles, an import, a
hand edit and a deletion on record, is written by `export_data --archive`, restored by `restore_data` into
a new empty database, and the two databases are compared table by table, on SQLite and on PostgreSQL.

Preparing a database with the whole published record is what costs here: each kind of database is prepared
once (`original`), with the changes every test reads, and the tests of one kind run on one xdist worker."""

import json
import os
import tempfile
from contextlib import ExitStack, contextmanager

import pytest

from tests import services

CHANGES = """
from decimal import Decimal
from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from indices.models import Assignment, Score, Target
from indices.transfer.services import targets_import

User = get_user_model()
admin = User.objects.create_superuser("admin", password="a-long-test-passphrase")
operator = User.objects.create_user("operator@kapuas.go.id", password="a-long-test-passphrase", is_staff=True)
Assignment.objects.create(user=operator, role="operator", instance_id="62.03")
data = '''kode,tahun,target,dokumen,sumber,dokumen_sumber\\n62.03,2027,"3,10",rpjmd,Perda RPJMD Kapuas,Perda 3/2025\\n'''
assert targets_import(data=data.encode(), filename="kapuas.csv", by=operator).applied
with set_actor(admin):
    score = Score.objects.get(instance_id="62.03", year=2024)
    score.note = "Dibahas tim SPBE"
    score.save()
    Target.objects.filter(instance_id="62", year=2025).first().delete()
"""

SNAPSHOT = """
import hashlib, json
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from indices.transfer.backup import CONTENTS

def plain(model, row):
    if model in (LogEntry, AdminLogEntry):
        row["content_type_id"] = None  # compared by the model it names, below
    return json.dumps(row, sort_keys=True, default=str)

out = {}
for label in CONTENTS:
    model = apps.get_model(label)
    rows = [plain(model, row) for row in model.objects.order_by("pk").values()]
    if model in (LogEntry, AdminLogEntry):
        rows = [r + str(m) for r, m in zip(rows, model.objects.order_by("pk").values_list("content_type__model", flat=True))]
    out[label] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


@contextmanager
def database_server(kind):
    """Where the databases of `kind` live: yields a function that makes an empty one and returns its URL."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="spbe-backup-") as folder:
            yield lambda name: f"sqlite:///{folder}/{name}.sqlite3"
        return
    if services.postgres_bin() is None and not os.getenv("SPBE_REQUIRE_SERVICES"):
        pytest.skip("needs Debian's postgresql (apt-get install postgresql)")
    with services.postgres() as server:
        yield lambda name: server.url if name == "original" else server.create_database(name)


# One worker prepares each kind (`--dist loadgroup`), the two kinds side by side.
KINDS = [
    pytest.param(kind, marks=pytest.mark.xdist_group(f"backup-{kind}")) for kind in ("sqlite", "postgresql")
]


@pytest.fixture(scope="session")
def originals(tmp_path_factory):
    """Each kind's prepared database, made the first time a test asks for it and kept to the session's end
    (a parametrized fixture would be torn down and made again whenever xdist hands out tests one by one)."""
    with ExitStack() as stack:
        made = {}

        def original(kind):
            if kind not in made:
                made[kind] = _prepared(kind, stack, tmp_path_factory.mktemp(f"backup-{kind}"))
            return made[kind]

        yield original


@pytest.fixture(params=KINDS)
def original(request, originals):
    return originals(request.param)


def _prepared(kind, stack, folder) -> dict:
    """A database of `kind` as `make setup` leaves it, with an import, a hand edit, a deletion and text of
    every kind on record, its archive written by `export_data --archive`, and that archive restored."""
    new_database = stack.enter_context(database_server(kind))
    env = services.server_environment(DATABASE_URL=new_database("original"))
    services.prepare_database(env)
    services.manage(env, "shell", "--no-imports", "-c", CHANGES)
    services.manage(env, "shell", "--no-imports", "-c", EVERY_CHARACTER)
    archive = folder / "cadangan.json.gz"
    services.manage(env, "export_data", str(archive), "--archive")
    restored = services.server_environment(DATABASE_URL=new_database("restored"))
    services.manage(restored, "migrate", "--verbosity", "0")
    services.manage(restored, "restore_data", str(archive))
    return {
        "kind": kind,
        "env": env,
        "snapshot": snapshot(env),
        "folder": folder,
        "archive": archive,
        "restored": restored,
        "new_database": new_database,
    }


def snapshot(env) -> dict:
    return json.loads(services.manage(env, "shell", "--no-imports", "-c", SNAPSHOT).strip().splitlines()[-1])


def test_a_backup_restored_into_an_empty_database_gives_the_same_database(original):
    before = original["snapshot"]
    assert snapshot(original["restored"]) == before
    counts = {label: count for label, (count, _) in before.items()}
    assert counts["indices.Score"] >= 1236 and counts["indices.NationalIndex"] == 7
    assert counts["indices.Assignment"] == 1 and counts["indices.ChangeSet"] >= 1
    assert counts["auditlog.LogEntry"] > 1000 and counts["auth.User"] == 2
    assert not list(original["folder"].glob("*.part"))
    # Restoring again into the same database is refused: nothing is loaded twice.
    with pytest.raises(RuntimeError, match="sudah berisi data"):
        services.manage(original["restored"], "restore_data", str(original["archive"]))
    assert snapshot(original["restored"]) == before


# A backup taken while an import runs (issue 18, finding 2): the import is started from inside the backup,
# once the sources are written and before the targets are, in another thread with its own connection. On
# PostgreSQL it commits meanwhile; on SQLite it waits for the backup's lock. Either way the file holds one
# moment of the database, and restores.
DURING_AN_IMPORT = """
import threading
from pathlib import Path
from django.db import connection
from indices.transfer.backup import archive_write
from indices.models import Target
from indices.transfer.services import targets_import

data = '''kode,tahun,target,dokumen,sumber,dokumen_sumber\\n62.03,2028,"3,40",rpjmd,Perda RPJMD Baru,Perda 9/2026\\n'''
result = {}

def run_import():
    try:
        result["applied"] = targets_import(data=data.encode(), filename="baru.csv").applied
    finally:
        connection.close()

# On SQLite the import waits for the backup's lock, up to 20 s; on a loaded machine the rest of the backup
# may take longer, and the import would give up: here it waits as long as the backup takes.
if connection.vendor == "sqlite":
    from django.conf import settings
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = 600

importer = threading.Thread(target=run_import)

def written(label):
    if label == "indices.Source":
        importer.start()
        importer.join(timeout=5)
        result["during"] = not importer.is_alive()

archive_write(Path(ARCHIVE), written=written)
importer.join()
print(result["during"], result["applied"], Target.objects.filter(year=2028).count())
"""


def test_a_backup_taken_during_an_import_restores(original):
    kind, env = original["kind"], original["env"]
    archive = original["folder"] / "during-an-import.json.gz"
    before = snapshot(env)
    script = DURING_AN_IMPORT.replace("ARCHIVE", repr(str(archive)))
    during, applied, imported = services.manage(env, "shell", "--no-imports", "-c", script).split()
    # The import really ran: committed while the backup read (PostgreSQL), or right after it (SQLite).
    assert (during, applied, imported) == (str(kind == "postgresql"), "True", "1")

    restored = services.server_environment(DATABASE_URL=original["new_database"]("during"))
    services.manage(restored, "migrate", "--verbosity", "0")
    services.manage(restored, "restore_data", str(archive))
    assert snapshot(restored) == before


# Text as operators type it (finding 3 and 14): line ends of every kind, spaces at both ends, tabs, quotes,
# markup, non-Latin scripts; and a form feed that an older version let into a Fakta. All of it comes back
# byte for byte.
EVERY_CHARACTER = """
from decimal import Decimal
from indices.models import Score, Source, Target
from indices.workspace.models import Assessment, IndicatorLevel
text = "  Baris satu\\r\\nbaris dua\\n\\rbaris tiga\\r\\tberindentasi \\"kutip\\" <b>&amp;</b> 'é' 中文 العربية 🙂  "
source = Source.objects.create(title="  Sumber  dengan spasi ", document=text, note=text)
Target.objects.create(instance_id="62.03", year=2029, value=Decimal("3.50"), document="rpjmd", source=source, note=text)
score = Score.objects.get(instance_id="62.03", year=2024)
Score.objects.filter(pk=score.pk).update(note=text)
assessment = Assessment.objects.create(instance_id="62.03", year=2025, framework=score.framework)
level = IndicatorLevel.objects.create(assessment=assessment, node=score.framework.nodes.filter(level="indicator").first())
IndicatorLevel.objects.filter(pk=level.pk).update(fakta="Fakta\\x0cdengan form feed\\x0b", analisis=text)
"""

READ_TEXT = """
from indices.models import Score, Source
from indices.workspace.models import IndicatorLevel
print(repr((Source.objects.get(title="  Sumber  dengan spasi ").note, Score.objects.get(instance_id="62.03", year=2024).note, IndicatorLevel.objects.get(assessment__year=2025).fakta)))
"""


def test_a_backup_keeps_every_character_byte_for_byte(original):
    texts = services.manage(original["restored"], "shell", "--no-imports", "-c", READ_TEXT)
    texts = texts.strip().splitlines()[-1]
    assert "\\r\\nbaris dua\\n\\rbaris tiga\\r\\t" in texts and "Fakta\\x0cdengan form feed\\x0b" in texts
    assert "'  Baris satu" in texts and "🙂  '" in texts
