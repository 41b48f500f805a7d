"""Time `import_scores` on a national year: one score for each of the 552 regions, on a fresh SQLite database.

Run it as a script (pytest does not collect it): `.venv/bin/python tests/benchmarks/bench_import.py [RUNS]`.
The values are generated and the source says so: this is sample data for timing, never a published figure.
"""

import csv
import os
import random
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

from indices.models import Score, ScoreRevision, Source  # noqa: E402
from regions.models import Region  # noqa: E402

YEAR = 2024
SOURCE = "Data contoh untuk uji kecepatan impor (bukan angka resmi)"


def national_year_csv(path: Path) -> int:
    rng = random.Random(2024)  # noqa: S311 - generated sample values
    regions = list(Region.objects.order_by("code"))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["kode", "nama", "tahun", "indeks", "status", "sumber"])
        for region in regions:
            value = f"{rng.uniform(1.0, 4.6):.2f}".replace(".", ",")
            writer.writerow([region.code, region.name, YEAR, value, "final", SOURCE])
    return len(regions)


def timed(*args) -> float:
    start = time.perf_counter()
    call_command("import_scores", *args, stdout=StringIO())
    return time.perf_counter() - start


def main(runs: int) -> None:
    quiet = {"stdout": StringIO(), "verbosity": 0}
    call_command("migrate", **quiet)
    call_command("load_regions", **quiet)
    call_command("load_frameworks", **quiet)
    path = WORKDIR / "nasional-2024.csv"
    count = national_year_csv(path)
    fresh, again = [], []
    for _ in range(runs):
        ScoreRevision.objects.all().delete()
        Score.objects.all().delete()
        Source.objects.all().delete()
        fresh.append(timed(str(path)))
        again.append(timed(str(path)))  # every row unchanged
    assert Score.objects.count() == count
    print(f"import_scores, {count} regions, {runs} runs on a fresh SQLite database")
    for label, times in (("empty database", fresh), ("re-import, unchanged", again)):
        print(f"  {label:22} median {statistics.median(times):.3f} s   max {max(times):.3f} s")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
