"""The portal over HTTP as production serves it, next to the static floor of the same bytes.

    make benchmark
    .venv/bin/python tests/benchmarks/bench_http.py [--seconds 5] [--databases sqlite,postgresql]
        [--load-minutes 10] [--users 50] [--think 1-2]

For each database (SQLite with the default local-memory cache; PostgreSQL with Redis, the multi-server
set-up of the README) it loads what `make run` loads into a new database, collects the static files as
production does, and starts gunicorn (2 workers, WhiteNoise). Then, for each page, download and API list:

- latency with wrk: p50 and p99 at 1 and 16 connections, warm (served from the page cache), each run
  interleaved with the same bytes served as a static file by the same server (the floor), gzip accepted;
- cold: the first request after a write (the data version advanced in the database), median and worst of 5;
- bytes on the wire for a first visit (the page and everything it loads, in headless Chromium) and a
  repeat visit (the same page opened again in the same browser).

Last, a bounded load with Locust against gunicorn + PostgreSQL: `--users` simulated officials for
`--load-minutes`, each opening a page, the API or a download and reading it for `--think` seconds.
Query counts are not measured here: they are in the tests.
"""

import argparse
import csv
import gzip
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import services  # noqa: E402

COMPARED = "&".join(f"wilayah={code}" for code in ("31", "32", "33", "34", "35", "36", "35.78", "kemenkeu"))
# (label, path, floor file suffix)
TARGETS = [
    ("overview", "/", ".html"),
    ("province (Jawa Timur)", "/wilayah/35/", ".html"),
    ("city (Surabaya)", "/wilayah/35.78/", ".html"),
    ("agency (Kemenkeu)", "/instansi/kemenkeu/", ".html"),
    ("rankings", "/peringkat/", ".html"),
    ("compare (8)", f"/bandingkan/?{COMPARED}", ".html"),
    ("rankings XLSX", "/peringkat/?_export=xlsx", ".xlsx"),
    ("rankings CSV", "/peringkat/?_export=csv", ".csv"),
    ("dataset XLSX", "/unduh/data.xlsx", ".xlsx"),
    ("API scores 2024", "/api/v1/scores/?year=2024", ".json"),
    ("API rankings", "/api/v1/rankings/", ".json"),
    ("API instances", "/api/v1/instances/", ".json"),
    ("API instance", "/api/v1/instances/35/", ".json"),
    ("API targets", "/api/v1/targets/", ".json"),
    ("API national", "/api/v1/national/", ".json"),
    ("API frameworks", "/api/v1/frameworks/", ".json"),
]
PAGES = [t for t in TARGETS if t[2] == ".html"]
GZIP = {"Accept-Encoding": "gzip"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--load-minutes", type=float, default=10, help="0 skips the load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", default="1-2", help="seconds a simulated user reads a page, min-max")
    parser.add_argument("--only", default="", help="measure only the targets whose label contains this")
    options = parser.parse_args()
    TARGETS[:] = [t for t in TARGETS if options.only.lower() in t[0].lower()]
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None] + services.missing_services()
    if missing:
        sys.exit(f"The benchmark needs Debian's {', '.join(missing)}: apt-get install {' '.join(missing)}")
    print(f"# HTTP benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, gunicorn 2 workers\n")
    for database in options.databases.split(","):
        with serving(database) as (base, env, bump):
            latency_table(database, base, env, bump, options.seconds)
            if database == "sqlite":
                bytes_table(base)
    if options.load_minutes:
        low, high = (float(x) for x in options.think.split("-"))
        with serving("postgresql") as (base, _env, _bump):
            load(base, options.users, options.load_minutes, low, high)


class serving:
    """A new database with the national results, collected static files and gunicorn in front of them;
    yields the base URL, the server's environment and a function that advances the data version."""

    def __init__(self, database: str):
        self.database = database
        self.stack = ExitStack()

    def __enter__(self):
        work = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="spbe-bench-")))
        if self.database == "sqlite":
            url, cache = f"sqlite:///{work}/portal.sqlite3", ""
        else:
            url = self.stack.enter_context(services.postgres()).url
            cache = self.stack.enter_context(services.redis()).url
        env = services.server_environment(DATABASE_URL=url, CACHE_URL=cache, STATIC_ROOT=str(work / "static"))
        env.pop("STATICFILES_BACKEND")  # production's manifest storage, hashed names cached for good
        started = time.monotonic()
        services.prepare_database(env)
        services.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        print(f"## {self.database}: database and static files ready in {time.monotonic() - started:.0f} s\n")
        # WhiteNoise indexes its files when a worker starts: write the floor first, then serve it.
        with services.gunicorn(env) as base:
            write_floor(base, work / "static" / "floor")
        base = self.stack.enter_context(services.gunicorn(env))
        return base, env, version_bumper(url)

    def __exit__(self, *exc):
        return self.stack.__exit__(*exc)


def write_floor(base: str, folder: Path) -> None:
    """Each target's exact bytes as a static file (and its gzip, as WhiteNoise would serve it)."""
    folder.mkdir(parents=True)
    for number, (_label, path, suffix) in enumerate(TARGETS):
        body = fetch(base + path)[2]
        (folder / f"{number}{suffix}").write_bytes(body)
        if suffix != ".xlsx":
            (folder / f"{number}{suffix}.gz").write_bytes(gzip.compress(body, 6))


def floor_url(base: str, number: int, suffix: str) -> str:
    return f"{base}/static/floor/{number}{suffix}"


def version_bumper(database_url: str):
    """A write as the admin's would make it, seen by every server: the data version advanced."""
    sql = "UPDATE indices_dataversion SET number = number + 1"
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")

        def bump():
            with sqlite3.connect(path) as connection:
                connection.execute(sql)

        return bump
    import psycopg2

    def bump():
        with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
            cursor.execute(sql)

    return bump


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes, float]:
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            status, head = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:  # 304 arrives as an "error"
        body, status, head = error.read(), error.code, dict(error.headers)
    return status, head, body, time.perf_counter() - start


def wrk(url: str, connections: int, seconds: int) -> dict:
    threads = min(connections, 2)
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "-H",
         "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout
    result = {q: _ms(re.search(rf"^\s+{q}%\s+(\S+)", out, re.M).group(1)) for q in ("50", "99")}
    result["rps"] = float(re.search(r"Requests/sec:\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in re.findall(r"\d+", errors.group(1))) if errors else 0
    )
    return result


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def latency_table(database: str, base: str, env: dict, bump, seconds: int) -> None:
    print(
        f"### {database}: latency, ms (warm: from the page cache; floor: the same bytes as a static file)\n"
    )
    print("| target | bytes (gzip) | cold p50 / max | c1 p50 / floor | c1 p99 / floor | c16 p50 / floor | "
          "ratio c16 p50 | c16 p99 / floor | c16 req/s | errors |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for number, (label, path, suffix) in enumerate(TARGETS):
        url, floor = base + path, floor_url(base, number, suffix)
        status, head, body, _ = fetch(url, GZIP)
        assert status == 200, (url, status)
        wrk(url, 16, 1)  # every worker past its first request (imports, templates) before timing a render
        colds = []
        for _ in range(5):
            bump()
            colds.append(fetch(url, GZIP)[3] * 1000)
        wrk(url, 16, 1)  # warm again: every worker's cache (the local-memory cache is per process)
        wrk(floor, 16, 1)
        runs = {}
        for connections in (1, 16):
            runs[connections] = (wrk(url, connections, seconds), wrk(floor, connections, seconds))
        (p1, f1), (p16, f16) = runs[1], runs[16]
        encoding = head.get("Content-Encoding", "none")
        print(
            f"| {label} | {len(body):,} ({encoding}) | {statistics.median(colds):.0f} / {max(colds):.0f} "
            f"| {p1['50']:.2f} / {f1['50']:.2f} | {p1['99']:.2f} / {f1['99']:.2f} "
            f"| {p16['50']:.2f} / {f16['50']:.2f} | {p16['50'] / f16['50']:.2f}× "
            f"| {p16['99']:.2f} / {f16['99']:.2f} | {p16['rps']:,.0f} | {p1['errors'] + p16['errors']} |"
        )
    print()


def bytes_table(base: str) -> None:
    """Bytes on the wire: pages in headless Chromium (first visit, then the same page opened again);
    downloads and API answers as a client with an ETag would fetch them."""
    from playwright.sync_api import sync_playwright

    print("### bytes on the wire (first visit / repeat visit)\n")
    print("| target | first visit | requests | repeat visit | requests |")
    print("|---|---|---|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.getenv("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"],
        )  # fmt: skip
        for label, path, _suffix in PAGES:
            context = browser.new_context()
            page = context.new_page()
            first = _visit(context, page, base + path)
            repeat = _visit(context, page, base + path)
            print(f"| {label} | {first[0]:,} B | {first[1]} | {repeat[0]:,} B | {repeat[1]} |")
            context.close()
        browser.close()
    for label, path, _suffix in TARGETS:
        if (label, path, _suffix) in PAGES:
            continue
        status, head, body, _ = fetch(base + path, GZIP)
        first = len(body) + _header_bytes(status, head)
        status, head, body, _ = fetch(base + path, GZIP | {"If-None-Match": head["ETag"]})
        repeat = len(body) + _header_bytes(status, head)
        print(f"| {label} | {first:,} B | 1 | {repeat:,} B ({status}) | 1 |")
    print()


def _header_bytes(status: int, head: dict) -> int:
    return len(f"HTTP/1.1 {status} X\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in head.items()) + 2


def _visit(context, page, url: str) -> tuple[int, int]:
    """Bytes received from the network (headers and bodies, as Chromium counts them) for one visit."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    received = []
    session.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    session.detach()
    return int(sum(received)), sum(1 for n in received if n > 0)


def load(base: str, users: int, minutes: float, think_low: float, think_high: float) -> None:
    print(f"## load: {users} users for {minutes:g} min on gunicorn (2 workers) + PostgreSQL + Redis, "
          f"each reading a page for {think_low:g}–{think_high:g} s\n")  # fmt: skip
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if locust is None:
        sys.exit("Locust is not installed: make .venv/.bench (pip install -r requirements-bench.txt)")
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "load"
        env = os.environ | {"THINK_LOW": str(think_low), "THINK_HIGH": str(think_high)}
        subprocess.run(
            [locust, "-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "--host", base,
             "-u", str(users), "-r", str(max(users // 10, 1)), "-t", f"{int(minutes * 60)}s", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            env=env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with open(f"{prefix}_stats.csv", newline="") as f:
            rows = list(csv.DictReader(f))
    print("| request | count | failures | req/s | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['Name']} | {int(row['Request Count']):,} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['90%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )
    print()


if __name__ == "__main__":
    main()
