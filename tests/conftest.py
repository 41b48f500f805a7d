"""Fixtures chained the way the data is: region register -> frameworks -> source -> scores."""

import os
from decimal import Decimal

import pytest

from indices.loading import frameworks_install
from indices.models import Score, Source
from regions.models import Region
from regions.services import register_load

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The live server cannot serve whitenoise's hashed manifest names without collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The region register (38 provinces, 514 regencies and cities) is loaded once for the whole run.

    Each test rolls its own changes back. Transactional tests (the browser's, which run last) empty the
    tables when they end; `tests/browser/conftest.py` loads the register again before each of them.
    """
    with django_db_blocker.unblock():
        register_load()


@pytest.fixture
def register(db):
    """The full register of 38 provinces and 514 regencies and cities (loaded once per session)."""


@pytest.fixture
def no_regions(db):
    """An empty region table, for tests that build regions one by one (rolled back with the test)."""
    Region.objects.regencies_and_cities().delete()
    Region.objects.all().delete()


@pytest.fixture
def frameworks(db):
    frameworks_install()


@pytest.fixture
def kalteng(register):
    return Region.objects.get(code="62")


@pytest.fixture
def balangan(register):
    return Region.objects.get(code="63.11")


@pytest.fixture
def source(db):
    return Source.objects.create(
        title="Laporan Hasil Evaluasi SPBE 2024", publisher="KemenPANRB", document="LHE SPBE 2024"
    )


@pytest.fixture
def make_score(frameworks, source):
    def make(region, year, value, **extra):
        fields = {"status": Score.Status.FINAL, "source": source} | extra
        return Score.objects.create(region=region, year=year, value=Decimal(value), **fields)

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; Playwright's own browser download is not reachable here.
    return {
        **browser_type_launch_args,
        "executable_path": os.getenv("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def demo(register, frameworks):
    """The published demo figures, each with its source."""
    from indices.loading import demo_load

    demo_load()


@pytest.fixture
def database_state(db):
    """A callable returning every score, target, source and revision as plain rows: compare two calls."""
    from indices.models import ScoreRevision, Target, TargetRevision

    def state():
        models = (Score, Target, Source, ScoreRevision, TargetRevision)
        return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}

    return state


@pytest.fixture
def csv_file(tmp_path):
    """Write rows (the first is the header) as a CSV file the way a given tool would, and return its path."""
    import csv

    def write(rows, name="data.csv", delimiter=",", bom=False, newline="\n", encoding="utf-8"):
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig" if bom else encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows(rows)
        return path

    return write


@pytest.fixture
def xlsx_file(tmp_path):
    """Write rows (the first is the header) as an XLSX file; cells starting with "=" become formulas."""
    from openpyxl import Workbook

    def write(rows, name="data.xlsx"):
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
