import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.db import connection, transaction
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# The accessibility tests open every page at three widths in two languages: full-page screenshots of each,
# for a person to look at, only when asked (SPBE_SCREENSHOTS=1 make test); the other tests always take theirs.
EVERY_SCREENSHOT = os.getenv("SPBE_SCREENSHOTS", "") not in ("", "0")


class LoadedTables:
    """Every table's rows as the session loaded them, to put back what a browser test changed.

    A browser test's writes must be committed for the live server to see them, so it cannot be rolled back
    like the other tests. Django's TransactionTestCase empties every table after such a test, and the next
    one then loaded the whole published record again (3 s a test). Reading every table and writing back the
    few a test changed takes a fraction of that, and a test still starts from exactly what was loaded.
    """

    def __init__(self):
        self.tables = {}
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.managed and not meta.proxy:
                self.tables[meta.db_table] = meta.pk.column
        self.rows = {table: self._read(table) for table in self.tables}

    def _read(self, table: str) -> tuple[list[str], list[tuple]]:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(self.tables[table])}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            # PostgreSQL hands binary columns over as memoryviews, which compare by identity.
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor]
        return columns, rows

    def changed(self) -> list[str]:
        return [table for table, loaded in self.rows.items() if self._read(table) != loaded]

    def restore(self) -> list[str]:
        """Write back every table that differs from what was loaded; the tables it wrote."""
        changed = self.changed()
        quote = connection.ops.quote_name
        # Foreign keys are checked at commit (Django declares them deferrable on both databases), so the
        # tables can be emptied and filled in any order.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in changed:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
                columns, rows = self.rows[table]
                if rows:
                    names = ", ".join(quote(column) for column in columns)
                    values = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", rows)  # noqa: S608
        return changed


@pytest.fixture(scope="session")
def _loaded_tables(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return LoadedTables()


@pytest.fixture
def _django_db_helper(_loaded_tables, django_db_blocker):
    """Browser tests share the database the session loaded, instead of pytest-django's TransactionTestCase.

    This replaces the fixture behind `db`, `transactional_db`, `live_server` and the `django_db` mark for the
    tests in this folder: the test and the live server write and read committed data as before, and what the
    test changed is put back when it ends, so that the next one starts from what was loaded.
    """
    with django_db_blocker.unblock():
        yield
        _loaded_tables.restore()


@pytest.fixture
def watched_page(page, live_server):
    """A page that records console errors, uncaught exceptions and requests leaving the portal."""
    problems = []
    portal = urlparse(live_server.url).netloc
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def outside(request):
        netloc = urlparse(request.url).netloc
        if netloc and netloc != portal:
            problems.append(f"request left the portal: {request.url}")

    page.on("request", outside)
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.problems = problems
    yield page


@pytest.fixture
def screenshot(watched_page):
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name, width=1280):
        watched_page.set_viewport_size({"width": width, "height": 900})
        watched_page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

    return take


@pytest.fixture
def log_in(watched_page, live_server, admin_user):
    """Log the admin in through the login form, landing on `next_path`."""

    def go(next_path="/admin/"):
        watched_page.goto(f"{live_server.url}/admin/login/?next={next_path}")
        watched_page.fill("#id_username", "admin")
        watched_page.fill("#id_password", "password")
        watched_page.click("input[type=submit]")
        watched_page.wait_for_url(live_server.url + next_path)

    return go


def switch_language(page, code):
    """Press the language switch and wait for the page it reloads, scripts and all: acting before the reload
    ends would act on the old page (a select changed there is lost)."""
    with page.expect_navigation():
        page.click(f".language-switch button[value={code}]")
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, answering one request at a time. Its threads share the test's in-memory
    SQLite database, where a request reading a table another request is writing fails at once with "database
    table is locked" (a file database, as `make run` uses, waits for the lock instead): a page's parallel
    requests (a stylesheet, the admin's autocomplete) made the browser tests fail now and then."""
    server = live_server.thread.httpd
    app, lock = server.get_app(), threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            return app(environ, start_response)

    server.set_app(one_at_a_time)
    return live_server
