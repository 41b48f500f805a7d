"""Time the dashboards on a national-size sample dataset (run by hand, not collected by pytest).

    .venv/bin/python tests/benchmarks/bench_pages.py [--runs 20]

Builds a throwaway SQLite database with the register, the frameworks, the published demo figures and
a generated sample for every evaluated region over 7 evaluation years, then requests each page through
Django's test client and prints the median and worst time and the number of queries per page.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    "/?data=contoh",
    "/wilayah/33/?data=contoh",
    "/wilayah/33.01/?data=contoh",
    "/peringkat/?data=contoh",
    "/peringkat/?data=contoh&_export=xlsx",
    "/bandingkan/?data=contoh&wilayah=31&wilayah=32&wilayah=33&wilayah=34&wilayah=35&wilayah=36&wilayah=51&wilayah=52",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    setup_test_environment()
    for command in ("migrate", "load_regions", "load_frameworks", "load_demo", "generate_sample"):
        call_command(command, verbosity=0)
    client = Client()
    print(f"{'page':<60} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for path in PAGES:
        client.get(path)  # warm up
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        label = path if len(path) <= 58 else path[:55] + "..."
        print(f"{label:<60} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
