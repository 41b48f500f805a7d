"""Sign-in hardening (Peraturan BSSN 4/2021, OWASP ASVS level 2): failed logins are throttled, passwords are
long, signed-in work expires, and anonymous visitors never write to the database."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

PASSWORD = "a-long-operator-passphrase"


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_user("operator", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="operator", address="10.0.0.7", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded, "HTTP_X_FORWARDED_PROTO": "https"} if forwarded else {}
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        secure=bool(forwarded),
        **headers,
    )


def test_repeated_wrong_passwords_lock_that_account_from_that_address(client, operator):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with its error
    response = sign_in(client, "wrong-last")
    assert response.status_code == 429
    assert "Terlalu banyak" in response.content.decode()
    # Locked: even the right password is refused until the cool-off ends, and no session is opened.
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="operator").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_the_lockout_holds_for_the_pair_not_for_the_account_everywhere(client, operator):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"wrong-{attempt}", address="10.0.0.66")
    # The real operator at the office signs in: an attacker elsewhere cannot lock them out.
    response = sign_in(client, PASSWORD, address="10.0.0.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_a_success_before_the_limit_resets_the_count(client, operator):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"wrong-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"again-{attempt}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_appended(rf, settings):
    import ipaddress

    from spbe_portal.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_NETWORKS = []
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/24")]
    assert client_ip(request) == "203.0.113.9"  # the first entry is whatever the client wrote
    # Two proxies in a row: the nearest address that is no trusted proxy.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.5", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.7"


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored_even_with_https(rf, settings):
    from spbe_portal.security import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_NETWORKS = []
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.77", REMOTE_ADDR="198.51.100.20")
    assert client_ip(request) == "198.51.100.20"


def test_a_rotating_forwarded_for_sent_straight_to_gunicorn_is_still_locked_out(client, operator, settings):
    """Issue 18, finding 8: with HTTPS=True and gunicorn reachable directly, 12 wrong passwords with a new
    X-Forwarded-For each were never locked out, and the right password then worked."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for attempt in range(12):
        sign_in(client, f"wrong-{attempt}", forwarded=f"203.0.113.{attempt}")
    response = sign_in(client, PASSWORD, forwarded="203.0.113.200")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("password", ["short-pass1", "Kalteng2024", "abcdefghijk"])
def test_passwords_under_12_characters_are_refused(password):
    with pytest.raises(ValidationError, match="12"):
        validate_password(password)


def test_a_12_character_passphrase_is_accepted():
    validate_password("kapuas-sungai-62")


def test_signed_in_work_expires_after_half_an_hour_idle_and_with_the_browser(client, operator):
    assert sign_in(client, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # a browser-session cookie: gone when the browser closes
    session = Session.objects.get(session_key=cookie.value)
    assert session.get_decoded()["_auth_user_id"] == str(operator.pk)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert cookie["httponly"]
    # Idle time counts from the last request: each one pushes the expiry on.
    before = session.expire_date
    client.get("/admin/")
    assert Session.objects.get(session_key=cookie.value).expire_date > before


PUBLIC_REQUESTS = [
    "/",
    "/?tahun=2023",
    "/?tahun=²",
    "/?data=contoh",
    "/peringkat/",
    "/peringkat/?tahun=2024&jenis=kabupaten&sort=-score",
    "/peringkat/unduh.csv",
    "/bandingkan/?kode=62&kode=63",
    "/wilayah/62/",
    "/wilayah/62.03/",
    "/wilayah/99.99/",
    "/instansi/kemenkeu/",
    "/unduh/data.csv",
    "/api/v1/scores/?year=2024",
    "/api/v1/instances/",
    "/tidak-ada/",
]


@pytest.mark.parametrize("with_cookies", [False, True])
def test_anonymous_visitors_never_write_to_the_database(client, published, with_cookies):
    if with_cookies:
        client.cookies["django_language"] = "en"
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    with CaptureQueriesContext(connection) as queries:
        for url in PUBLIC_REQUESTS:
            assert client.get(url).status_code in (200, 302, 400, 404), url
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies or client.cookies["sessionid"].value in ("", "not-a-session")
