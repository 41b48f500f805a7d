"""Time the report card (HTML) and its PDF on the full national data: a fresh SQLite database with the
register, frameworks and every published result, Kabupaten Balangan's 47 SPBE 2020 levels for 2025 (a draft
year) and two recommendations; the card of 2024 (published) and of 2025 (draft), each rendered RUNS times
through Django's test client after one warm-up. Last, the PDF with every text at the longest its field allows
(Kabupaten Kapuas 2025: 47 levels with 5,000-character Fakta and Analisis, 30 open recommendations of 2,000
characters with their action, unit and progress), against gunicorn's 30-second worker timeout.

Run it as a script (pytest does not collect it): `.venv/bin/python tests/benchmarks/bench_report.py [RUNS]`.
"""

import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="spbe-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# Static files from the finders: the benchmark needs no collectstatic.
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from indices.models import Framework, Score  # noqa: E402
from indices.workspace.models import Assessment, IndicatorLevel, Recommendation  # noqa: E402

BALANGAN = "63.11"
KAPUAS = "62.03"
PAGES = [
    f"/ruang-kerja/{BALANGAN}/{year}/{page}" for year in (2024, 2025) for page in ("rapor/", "rapor.pdf")
] + [f"/ruang-kerja/{KAPUAS}/2025/rapor.pdf"]


def prepare() -> Client:
    quiet = {"stdout": StringIO(), "verbosity": 0}
    for command in ("migrate", "load_regions", "load_frameworks", "load_results"):
        call_command(command, **quiet)
    framework = Framework.objects.get(slug="spbe-2020")
    assessment = Assessment.objects.create(instance_id=BALANGAN, year=2025, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        IndicatorLevel.objects.create(assessment=assessment, node=node, self_level=Decimal(3))
    aspect = framework.nodes.get(level="aspect", number=5)
    for days in (-30, 90):
        Recommendation.objects.create(
            assessment=assessment,
            node=aspect,
            text="Tetapkan dan terapkan manajemen data.",
            deadline=datetime.date.today() + datetime.timedelta(days=days),
        )
    longest = Assessment.objects.create(instance_id=KAPUAS, year=2025, framework=framework)
    for node in framework.nodes.filter(level="indicator"):
        IndicatorLevel.objects.create(
            assessment=longest, node=node, self_level=Decimal(2), fakta="F" * 5000, analisis="N" * 5000
        )
    for number in range(30):
        Recommendation.objects.create(
            assessment=longest,
            node=aspect,
            text=f"{number} " + "R" * 1990,
            action="A" * 2000,
            unit="U" * 200,
            progress="P" * 5000,
        )
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", password="a-long-bench-passphrase"))
    return client


def main(runs: int) -> None:
    client = prepare()
    print(
        f"Report card on the national data ({Score.objects.official().count()} official scores), {runs} runs, SQLite"
    )
    for path in PAGES:
        assert client.get(path).status_code == 200  # warm-up: templates, fonts
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, path
        print(
            f"  {path:34} median {statistics.median(times):5.0f} ms   max {max(times):5.0f} ms   {len(response.content):7} bytes"
        )


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
