"""Two application servers on one PostgreSQL and one Redis, as production runs behind a load balancer.

Nothing the portal keeps lives in one process or on one host: an upload previewed on one server is
confirmed on the other (it waits in the database), the admin's session is valid on both (sessions in the
database), and a write on either is seen on the other at once (the data version lives in the database,
the cached pages in the shared Redis).

The servers, the database and Redis are real processes started here. `.ci/run` installs PostgreSQL and
Redis and sets SPBE_REQUIRE_SERVICES=1, so that CI fails rather than skips when they are missing.
"""

import os
import re

import pytest
import redis

from tests import services

pytestmark = pytest.mark.skipif(
    bool(services.missing_services()) and not os.getenv("SPBE_REQUIRE_SERVICES"),
    reason=f"needs Debian's {' and '.join(services.missing_services())} (apt-get install ...)",
)

DECREE = "Perda RPJMD Kabupaten Kapuas"


@pytest.fixture(scope="module")
def cluster():
    """Servers A and B (2 workers each) on one new PostgreSQL and one new Redis; the admin's password."""
    password = services.password()
    with services.postgres() as database, services.redis() as cache:
        env = services.server_environment(DATABASE_URL=database.url, CACHE_URL=cache.url)
        services.prepare_database(env, admin_password=password)
        with services.gunicorn(env) as a, services.gunicorn(env) as b:
            yield {"a": a, "b": b, "password": password, "env": env, "database": database}


@pytest.fixture
def http(playwright):
    """An HTTP client with one cookie jar, which sends its cookies to either server (both on 127.0.0.1)."""
    context = playwright.request.new_context()
    yield context
    context.dispose()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(http, base: str, password: str) -> None:
    form = http.get(f"{base}/admin/login/")
    response = http.post(
        f"{base}/admin/login/?next=/admin/",
        form={"csrfmiddlewaretoken": csrf_token(form.text()), "username": "admin", "password": password},
    )
    assert response.ok and "/admin/login/" not in response.url, response.text()[:500]


def preview(http, base: str, content: bytes) -> tuple[str, str]:
    """Upload a target file for its preview; the confirmation form's CSRF token and upload token."""
    url = f"{base}/admin/indices/target/impor/"
    form = http.get(url)
    response = http.post(
        url,
        multipart={
            "csrfmiddlewaretoken": csrf_token(form.text()),
            "file": {"name": "target.csv", "mimeType": "text/csv", "buffer": content},
        },
    )
    html = response.text()
    assert response.ok and 'id="import-confirm"' in html, html[:2000]
    return csrf_token(html), re.search(r'name="token" value="([^"]+)"', html).group(1)


def confirm(http, base: str, csrf: str, token: str, update: str = "0"):
    return http.post(
        f"{base}/admin/indices/target/impor/",
        form={"csrfmiddlewaretoken": csrf, "token": token, "update": update},
    )


def kapuas_targets(http, base: str) -> dict[int, float]:
    response = http.get(f"{base}/api/v1/targets/?province=62&page_size=1000")
    assert response.ok
    return {t["year"]: t["value"] for t in response.json()["results"] if t["code"] == "62.03"}


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(cluster, http):
    a, b = cluster["a"], cluster["b"]
    assert kapuas_targets(http, a) == kapuas_targets(http, b) == {}  # and both servers have cached that

    log_in(http, a, cluster["password"])
    csrf, token = preview(http, a, f'kode,tahun,target,sumber\n62.03,2026,"3,10",{DECREE}\n'.encode())
    assert kapuas_targets(http, b) == {}  # a preview writes nothing

    response = confirm(http, b, csrf, token)
    assert response.ok and "/admin/indices/target/" in response.url
    assert "target.csv diimpor: 1 dibuat" in response.text().lower()

    assert kapuas_targets(http, a) == kapuas_targets(http, b) == {2026: 3.1}
    page = http.get(f"{a}/wilayah/62.03/").text()
    assert '<td class="num">3,10</td>' in page  # the targets table
    # The upload was used once: confirming it again, on either server, changes nothing.
    again = confirm(http, a, csrf, token)
    assert "kedaluwarsa" in again.text() or "expired" in again.text()


def test_a_write_on_one_server_is_seen_on_the_other_at_once(cluster, http):
    a, b = cluster["a"], cluster["b"]
    before = http.get(f"{b}/wilayah/62.03/")
    etag = before.headers["etag"]
    assert http.get(f"{b}/wilayah/62.03/", headers={"If-None-Match": etag}).status == 304

    log_in(http, a, cluster["password"])
    csrf, token = preview(http, a, f'kode,tahun,target,sumber\n62.03,2026,"3,25",{DECREE}\n'.encode())
    assert confirm(http, a, csrf, token, update="1").ok

    # B's cached page and its ETag are stale the moment A's transaction commits.
    after = http.get(f"{b}/wilayah/62.03/", headers={"If-None-Match": etag})
    assert after.status == 200 and after.headers["etag"] != etag
    assert '<td class="num">3,25</td>' in after.text() and '<td class="num">3,10</td>' not in after.text()
    assert kapuas_targets(http, b) == {2026: 3.25}


def test_the_servers_share_one_cache(cluster, http):
    """A page rendered by one server is served from Redis by the other: same ETag, same bytes."""
    a, b = cluster["a"], cluster["b"]
    first = http.get(f"{a}/peringkat/?jenis=provinsi")
    second = http.get(f"{b}/peringkat/?jenis=provinsi")
    assert first.headers["etag"] == second.headers["etag"] and first.body() == second.body()
    keys = redis.Redis.from_url(cluster["env"]["CACHE_URL"]).keys("*page:*")
    assert keys, "the pages are cached in the shared Redis"


def test_the_servers_answer_through_a_database_restart(cluster, http):
    """Workers keep their database connection between requests; a restart closes it under them."""
    pages = [
        f"{server}{path}" for server in (cluster["a"], cluster["b"]) for path in ("/", "/api/v1/national/")
    ]
    assert all(http.get(page).ok for page in pages)
    cluster["database"].restart()
    # Each server has two workers: enough requests that every worker meets its closed connection.
    answers = [http.get(page).status for page in pages for _ in range(6)]
    assert answers == [200] * len(answers)
