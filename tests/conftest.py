"""Fixtures chained the way the data is: region register -> frameworks -> instances -> published record.

The test database starts with what `make run` loads: the register, the frameworks, the evaluated instances
and the published record (every instance's result of 2023 and 2024, the national index). Tests that build
their own small world start from `no_results`, which empties the published figures inside the test's
transaction.
"""

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages

from indices.models import (
    Assignment,
    Instance,
    InstanceAlias,
    InstanceName,
    NationalIndex,
    NationalValue,
    Score,
    ScoreValue,
    Source,
    Succession,
    Target,
)
from indices.transfer.criteria_loading import criteria_load
from indices.transfer.framework_loading import frameworks_install
from indices.transfer.loading import instances_install, results_load
from indices.workspace.models import Assessment, Evidence, IndicatorLevel
from indices.workspace.prior_levels import levels_load
from regions.models import Region
from regions.services import register_load

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test rolls its writes back, and with them the data version: start from an empty page cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the portal's default language: a request in English leaves the thread in it."""
    from django.utils import translation

    translation.activate("id")


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
    """The register, frameworks, instances and the published record are loaded once for the whole run.

    Each test rolls its own changes back; a browser test, whose writes the live server must see, has what it
    changed written back from a copy of the loaded tables (`tests/browser/conftest.py`). Under pytest-xdist
    each worker has its own test database and loads it once.
    """
    with django_db_blocker.unblock():
        load_everything()


def load_everything():
    """What `make run` loads."""
    register_load()
    frameworks_install()
    criteria_load()
    instances_install()
    results_load()
    levels_load()


@pytest.fixture
def register(db):
    """The full register of 38 provinces and 514 regencies and cities (loaded once per session)."""


@pytest.fixture
def no_regions(no_results):
    """An empty region table, for tests that build regions one by one (rolled back with the test)."""
    for queryset in (
        IndicatorLevel.objects.all(),
        Assessment.objects.all(),
        Succession.objects.all(),
        InstanceAlias.objects.all(),
        InstanceName.objects.all(),
        Instance.objects.all(),
        Region.objects.regencies_and_cities(),
        Region.objects.all(),
    ):
        queryset._raw_delete(queryset.db)


@pytest.fixture
def frameworks(db):
    """SPBE 2018, SPBE 2020 and Pemerintah Digital with their bands and trees (loaded once per session)."""


@pytest.fixture
def published(db):
    """The published record: 2023 and 2024 for every instance, the national index since 2018, and the figures
    regional governments and the press published (loaded once per session)."""


@pytest.fixture
def no_results(db):
    """No published figure at all: the register, frameworks and instances only (rolled back with the test)."""
    # Raw deletes, children first: a deletion through the ORM would write a historical record of each row
    # (and take seconds); the audit trail of what a test does is tested on its own.
    for model in (ScoreValue, Score, Target, NationalValue, NationalIndex, Source):
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture
def kalteng(register):
    return Instance.objects.get(code="62")


@pytest.fixture
def balangan(register):
    return Instance.objects.get(code="63.11")


@pytest.fixture
def source(db):
    return Source.objects.create(
        title="Laporan Hasil Evaluasi SPBE 2024", publisher="KemenPANRB", document="LHE SPBE 2024"
    )


@pytest.fixture
def make_score(frameworks, source):
    def make(instance, year, value, **extra):
        fields = {"status": Score.Status.FINAL, "source": source} | extra
        return Score.objects.create(instance=instance, year=year, value=Decimal(value), **fields)

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


# Modules whose module-scoped fixtures start servers and prepare databases: under pytest-xdist the tests of
# one of them (and of one parameter) run on one worker, which starts them once.
SHARED_SERVERS = (
    "tests/deploy/test_cache_faults.py",
    "tests/deploy/test_parallel_imports.py",
    "tests/deploy/test_two_servers.py",
)


def pytest_xdist_make_scheduler(config, log):
    """How `make test` shares the tests out among its pytest-xdist workers: the deployment tests first (each
    takes up to a minute or two: started last, one would keep the run waiting alone), the tests of a module of
    SHARED_SERVERS together, every other test to whichever worker is free. (pytest-xdist's own
    `--dist loadgroup` cannot tag tests under pytest 9, whose node ids are fixed.)"""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for on the command line
    from xdist.scheduler import LoadScopeScheduling

    class DeploymentFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module, _, test = nodeid.partition("::")
            if module not in SHARED_SERVERS:
                return nodeid
            return module + test[test.find("[") :] if "[" in test else module

        def _assign_work_unit(self, node) -> None:
            deployment = next((scope for scope in self.workqueue if scope.startswith("tests/deploy/")), None)
            if deployment is not None:
                self.workqueue.move_to_end(deployment, last=False)
            super()._assign_work_unit(node)

    return DeploymentFirst(config, log)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def demo(published):
    """The published record (an older name kept for the tests that read the Kalimantan figures)."""


def audit_of(record) -> list:
    """The audit trail's entries for `record`, newest first."""
    from auditlog.models import LogEntry

    return list(LogEntry.objects.get_for_object(record).select_related("actor").order_by("-pk"))


@pytest.fixture
def database_state(db):
    """A callable returning every score, target and source, and the audit trail, as plain rows: compare two
    calls."""
    from auditlog.models import LogEntry

    from indices.models import ChangeSet

    def state():
        models = (Score, ScoreValue, Target, Source, LogEntry, ChangeSet)
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


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path, monkeypatch):
    """Evidence files go to a temporary folder in every test, never to the project's `private/` (the model's
    field holds its storage, so it is pointed there too)."""
    root = tmp_path / "evidence"
    settings.EVIDENCE_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["evidence"])
    return root


def account(username, role=None, instance=None, **flags):
    """A staff account (unless is_staff=False) with one role on `instance`, or none."""
    user = get_user_model().objects.create_user(
        username, password="a-long-test-passphrase", is_staff=flags.pop("is_staff", True), **flags
    )
    if role:
        Assignment.objects.create(user=user, role=role, instance_id=instance)
    return user
