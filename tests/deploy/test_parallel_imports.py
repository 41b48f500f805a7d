"""Two imports at the same moment, as two operators would start them, on a real SQLite file and a real
PostgreSQL: each ends with a clear outcome (never a traceback), nothing is written twice, and a new source
both files cite is stored once."""

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import services

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "Perda RPJMD uji impor paralel"
HEADER = "kode,tahun,target,dokumen,sumber,dokumen_sumber\n"


@contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory(prefix="spbe-sqlite-") as folder:
        yield f"sqlite:///{folder}/portal.sqlite3"


@contextmanager
def postgresql_database():
    if services.postgres_bin() is None and not os.getenv("SPBE_REQUIRE_SERVICES"):
        pytest.skip("needs Debian's postgresql (apt-get install postgresql)")
    with services.postgres() as server:
        yield server.url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def environment(request):
    """A prepared database of the given kind, as `make setup` leaves it."""
    opened = sqlite_database() if request.param == "sqlite" else postgresql_database()
    with opened as url:
        env = services.server_environment(DATABASE_URL=url)
        services.prepare_database(env)
        yield env


def regencies(env) -> list[str]:
    script = (
        "import json; from indices.models import Instance; "
        "print(json.dumps(list(Instance.objects.filter(kind='kabupaten').order_by('code')"
        ".values_list('code', flat=True))))"
    )
    return json.loads(services.manage(env, "shell", "--no-imports", "-c", script))


def state(env, year) -> dict:
    script = (
        "import json; from indices.models import Source, Target; "
        f"print(json.dumps({{'sources': Source.objects.filter(title={SOURCE!r}).count(), "
        f"'targets': Target.objects.filter(year={year}).count(), "
        f"'codes': Target.objects.filter(year={year}).values('instance').distinct().count()}}))"
    )
    return json.loads(services.manage(env, "shell", "--no-imports", "-c", script))


def write(folder: Path, name: str, codes: list[str], year: int) -> Path:
    path = folder / name
    rows = "".join(f'{code},{year},"3,10",rpjmd,{SOURCE},Perda No. 7 Tahun 2025\n' for code in codes)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def run_together(env, *paths: Path) -> list[subprocess.CompletedProcess]:
    """Start one `import_targets` per file at the same moment and wait for all of them."""
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "import_targets", str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    return [
        subprocess.CompletedProcess(p.args, p.wait(120), p.stdout.read(), p.stderr.read()) for p in processes
    ]


def test_two_files_citing_one_new_source_store_it_once(environment, tmp_path):
    codes = regencies(environment)
    half = len(codes) // 2
    first = write(tmp_path, "a.csv", codes[:half], 2029)
    second = write(tmp_path, "b.csv", codes[half:], 2029)
    done = run_together(environment, first, second)
    for result in done:
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stdout + result.stderr
    assert state(environment, 2029) == {"sources": 1, "targets": len(codes), "codes": len(codes)}


def test_the_same_file_twice_at_once_is_written_once(environment, tmp_path):
    codes = regencies(environment)
    path = write(tmp_path, "same.csv", codes, 2030)
    copy = tmp_path / "same-copy.csv"
    copy.write_bytes(path.read_bytes())
    done = run_together(environment, path, copy)
    outputs = [result.stdout + result.stderr for result in done]
    for result in done:
        assert "Traceback" not in result.stderr, result.stderr
    # One wrote every row. The other waited and found them there (nothing to change), or lost the race at
    # the write and said so; either way nothing is written twice.
    assert sum(f"{len(codes)} dibuat" in output for output in outputs) == 1, outputs
    other = next(output for output in outputs if f"{len(codes)} dibuat" not in output)
    assert f"{len(codes)} tidak berubah" in other or "Data berubah" in other, other
    assert state(environment, 2030) == {"sources": 1, "targets": len(codes), "codes": len(codes)}
