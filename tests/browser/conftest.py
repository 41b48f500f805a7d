from pathlib import Path
from urllib.parse import urlparse

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


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
