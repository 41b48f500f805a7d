"""Time the dashboards on the national results (run by hand, not collected by pytest).

    .venv/bin/python tests/benchmarks/bench_pages.py [--runs 20] [--grow]

Builds a throwaway SQLite database with what `make run` loads (register, frameworks, instances, the published
record), and with `--grow` ten synthetic years more for every instance (`growth.py`), then requests each page
through Django's test client, the page cache cleared before each request (a cold render, as after a write),
and prints the median and worst time and the number of queries per page.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{database}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    "/",
    "/wilayah/35/",
    "/wilayah/35.10/",
    "/instansi/kemenkeu/",
    "/peringkat/",
    "/peringkat/?_export=xlsx",
    "/unduh/data.xlsx",
    "/api/v1/scores/?year=2024",
    "/api/v1/rankings/",
    "/bandingkan/?wilayah=31&wilayah=32&wilayah=33&wilayah=34&wilayah=35&wilayah=36&wilayah=kemenkeu&wilayah=bps",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--grow", action="store_true", help="add ten synthetic years for every instance")
    options = parser.parse_args()
    runs = options.runs
    setup_test_environment()
    for command in ("migrate", "load_regions", "load_frameworks", "load_results"):
        call_command(command, verbosity=0)
    if options.grow:
        from tests.benchmarks.growth import grow

        print(f"grown by {grow()} synthetic scores")
    client = Client()
    print(f"{'page':<60} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for path in PAGES:
        client.get(path)  # warm up
        timings = []
        for _ in range(runs):
            cache.clear()
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        label = path if len(path) <= 58 else path[:55] + "..."
        print(f"{label:<60} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
