from pathlib import Path
from urllib.parse import urlparse

import pytest

from indices.models import Score
from tests.conftest import load_everything

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(autouse=True)
def _loaded_after_flush(transactional_db):
    """A transactional test empties every table when it ends: the next one needs everything again."""
    if not Score.objects.exists():
        load_everything()


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
