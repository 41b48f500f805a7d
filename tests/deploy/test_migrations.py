"""The revision records kept before the audit trail existed move into it without losing one: a database at
the schema of that time, holding scores and targets with revisions, is migrated as a deployment would."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests import services

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json
    from datetime import datetime, timezone
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "indices", "0010_role_assignments", verbosity=0)
    call_command("load_regions", verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(("indices", "0010_role_assignments")).apps
    User = old.get_model("auth", "User")
    Framework = old.get_model("indices", "Framework")
    FrameworkNode = old.get_model("indices", "FrameworkNode")
    Instance = old.get_model("indices", "Instance")
    Source = old.get_model("indices", "Source")
    Score, ScoreValue = old.get_model("indices", "Score"), old.get_model("indices", "ScoreValue")
    Target = old.get_model("indices", "Target")
    ScoreRevision, TargetRevision = old.get_model("indices", "ScoreRevision"), old.get_model("indices", "TargetRevision")

    User.objects.create(username="admin", is_superuser=True, is_staff=True)
    spbe = Framework.objects.create(slug="spbe-2020", name="SPBE 2020", legal_basis="PermenPANRB 59/2020", first_year=2021)
    domain = FrameworkNode.objects.create(framework=spbe, level="domain", number=1, name="Kebijakan", weight=Decimal("13"))
    balangan = Instance.objects.create(code="63.11", kind="kabupaten", name="Kabupaten Balangan", region_id="63.11")
    news = Source.objects.create(title="Berita", document="Berita 2024")
    report = Source.objects.create(title="Laporan", document="LHE 2024")
    score = Score.objects.create(instance=balangan, year=2024, value=Decimal("3.40"), status="final", source=report,
                                 framework=spbe, note="dikoreksi")
    ScoreValue.objects.create(score=score, node=domain, value=Decimal("3.50"))
    when = lambda day: datetime(2025, 3, day, 9, 0, tzinfo=timezone.utc)
    ScoreRevision.objects.create(score=score, value=Decimal("3.20"), status="final", source=news, source_detail="",
                                 note="", reason="Import of berita.csv", node_values={"domain 1": "3.00"})
    ScoreRevision.objects.create(score=score, value=Decimal("3.34"), status="final", source=news, source_detail="",
                                 note="", reason="Diubah di halaman admin oleh admin", node_values={"domain 1": "3.50"})
    ScoreRevision.objects.filter(value=Decimal("3.20")).update(changed_at=when(1))
    ScoreRevision.objects.filter(value=Decimal("3.34")).update(changed_at=when(2))
    target = Target.objects.create(instance=balangan, year=2026, value=Decimal("3.60"), document="rpjmd", source=report)
    TargetRevision.objects.create(target=target, value=Decimal("3.50"), document="other", source=news,
                                  source_detail="", note="", reason="Import of target.csv")

    call_command("migrate", verbosity=0)

    from auditlog.models import LogEntry
    from indices.models import ChangeSet
    entries = [
        {"model": e.content_type.model, "pk": e.object_pk, "changes": e.changes, "actor": e.actor.username if e.actor else None,
         "day": e.timestamp.day, "reason": e.additional_data["reason"], "cid": e.cid}
        for e in LogEntry.objects.order_by("content_type__model", "timestamp")
    ]
    tables = connection.introspection.table_names()
    print(json.dumps({"entries": entries, "change_sets": list(ChangeSet.objects.values("kind", "updated")),
                      "score": score.pk, "target": target.pk, "news": news.pk, "report": report.pk,
                      "revision tables": [t for t in tables if "revision" in t]}))
    """
)


def test_every_revision_record_becomes_an_entry_of_the_audit_trail(tmp_path):
    env = services.server_environment(DATABASE_URL=f"sqlite:///{tmp_path}/old.sqlite3")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    news, report = str(result["news"]), str(result["report"])
    cid = "change-set-1"
    assert result["change_sets"] == [{"kind": "archive", "updated": 3}]
    assert result["revision tables"] == []
    assert result["entries"] == [
        {
            "model": "score",
            "pk": str(result["score"]),
            # 3.20 (news) was replaced by 3.34 on 1 March, by an import; its domain 1 went from 3.00 to 3.50
            "changes": {
                "value": ["3.20", "3.34"],
                "domain values": ["{'domain 1': '3.00'}", "{'domain 1': '3.50'}"],
            },
            "actor": None,
            "day": 1,
            "reason": "Import of berita.csv",
            "cid": cid,
        },
        {
            "model": "score",
            "pk": str(result["score"]),
            # then 3.34 (news) by the current 3.40 from the report, by the admin, on 2 March
            "changes": {"value": ["3.34", "3.40"], "source": [news, report], "note": ["", "dikoreksi"]},
            "actor": "admin",
            "day": 2,
            "reason": "Diubah di halaman admin oleh admin",
            "cid": cid,
        },
        {
            "model": "target",
            "pk": str(result["target"]),
            "changes": {"value": ["3.50", "3.60"], "document": ["other", "rpjmd"], "source": [news, report]},
            "actor": None,
            "day": result["entries"][2]["day"],
            "reason": "Import of target.csv",
            "cid": cid,
        },
    ]
