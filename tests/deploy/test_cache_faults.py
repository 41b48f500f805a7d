"""The shared cache under attack and under failure, with real processes (issue 18, findings 4 and 6).

- 10,000 addresses with made-up parameters, sent to a portal whose cache is a real Redis with the README's
  memory cap, add no key: each is redirected to its canonical address.
- Redis stopped for several seconds while visitors keep coming: every request is answered, none with a
  server error; pages are rendered without the shared cache meanwhile, and it is used again once it is back.
"""

import http.client
import json
import os
import secrets
import threading
import time
import urllib.request
from urllib.parse import urlparse

import pytest

from tests import services

pytestmark = pytest.mark.skipif(
    bool(services.missing_services()) and not os.getenv("SPBE_REQUIRE_SERVICES"),
    reason=f"needs Debian's {' and '.join(services.missing_services())} (apt-get install ...)",
)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """gunicorn (2 workers) on SQLite, sharing a Redis; yields its base URL and the Redis server."""
    folder = tmp_path_factory.mktemp("cache-faults")
    with services.redis() as cache:
        env = services.server_environment(
            DATABASE_URL=f"sqlite:///{folder}/portal.sqlite3", CACHE_URL=cache.url
        )
        services.prepare_database(env)
        with services.gunicorn(env) as base:
            yield base, cache


def fetch(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_ten_thousand_made_up_addresses_add_no_key_to_redis(portal):
    base, cache = portal
    address = urlparse(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    for path in ("/unduh/data.csv", "/api/v1/instances/"):
        assert fetch(connection, path) == 200
    before = cache.keys()
    statuses = {}
    for number in range(10_000):
        path = "/unduh/data.csv" if number % 2 else "/api/v1/instances/"
        status = fetch(connection, f"{path}?x={secrets.token_hex(6)}&{secrets.token_hex(4)}=1")
        statuses[status] = statuses.get(status, 0) + 1
    connection.close()
    assert statuses == {302: 10_000}
    assert cache.keys() == before


def every_page(base: str) -> list[str]:
    """Each evaluated instance's page and its API answer: more pages than the visitors below can ask for, so
    that nearly every request misses each worker's own memory and goes to Redis. (The instances, not the
    places: Jakarta's administrative cities have a page but, not being evaluated, no API answer.)"""
    with urllib.request.urlopen(f"{base}/api/v1/instances/?page_size=1000", timeout=15) as response:
        instances = json.load(response)["results"]
    assert len(instances) > 600
    return [instance["page"] for instance in instances] + [
        f"/api/v1/instances/{instance['code']}/" for instance in instances
    ]


def test_the_public_site_keeps_answering_while_redis_is_down(portal):
    base, cache = portal
    address = urlparse(base)
    pages = every_page(base)
    statuses, stop = {}, threading.Event()
    lock = threading.Lock()

    def visitor(offset: int):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=15)
        mine = pages[offset::8]
        number = 0
        while not stop.is_set():
            try:
                status = fetch(connection, mine[number % len(mine)])
            except (OSError, http.client.HTTPException):
                connection.close()
                status = "connection error"
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            number += 1
        connection.close()

    visitors = [threading.Thread(target=visitor, args=(offset,)) for offset in range(8)]
    for thread in visitors:
        thread.start()
    time.sleep(2)
    cache.stop()
    time.sleep(6)
    during = dict(statuses)
    cache.start()  # an empty Redis on the same port, as after a restart
    time.sleep(14)  # past the 10 s in which a worker leaves a failed cache alone
    stop.set()
    for thread in visitors:
        thread.join(30)
    assert set(statuses) == {200}, statuses
    assert sum(during.values()) > 30  # the site was answering (rendering every page) while Redis was down
    # Pages first asked for now are kept in Redis again (those above stay in each worker's memory).
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=15)
    for path in ("/wilayah/63/", "/wilayah/64/", "/instansi/kemenkes/"):
        assert fetch(connection, path) == 200
    connection.close()
    assert cache.keys() > 0
