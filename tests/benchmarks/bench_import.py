"""Time `import_scores` on the national results the portal ships (1,236 rows with their domain values), into a
fresh SQLite database with the register, frameworks and instances, and again with every row unchanged.

Run it as a script (pytest does not collect it): `.venv/bin/python tests/benchmarks/bench_import.py [RUNS]`.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="spbe-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from indices.models import Score, ScoreValue, Source  # noqa: E402
from indices.transfer.loading import instances_install  # noqa: E402

RECORD = Path(__file__).resolve().parents[2] / "indices" / "data" / "results" / "hasil-evaluasi.csv"


def timed(*args) -> float:
    start = time.perf_counter()
    call_command("import_scores", *args, stdout=StringIO())
    return time.perf_counter() - start


def main(runs: int) -> None:
    quiet = {"stdout": StringIO(), "verbosity": 0}
    call_command("migrate", **quiet)
    call_command("load_regions", **quiet)
    call_command("load_frameworks", **quiet)
    instances_install()
    path = RECORD
    fresh, again = [], []
    for _ in range(runs):
        for model in (ScoreValue, Score, Source):  # the import's own work is measured, not the emptying
            model.objects.all()._raw_delete(model.objects.db)
        fresh.append(timed(str(path)))
        again.append(timed(str(path)))  # every row unchanged
    count = Score.objects.count()
    print(
        f"import_scores of the national results ({count} rows with their domain values), {runs} runs, SQLite"
    )
    for label, times in (("empty database", fresh), ("re-import, unchanged", again)):
        print(f"  {label:22} median {statistics.median(times):.3f} s   max {max(times):.3f} s")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
