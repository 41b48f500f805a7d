"""Every URL pattern walked with hostile values, in its path and its query, by an anonymous visitor, an
operator and a national administrator: 400 or 404 (or a redirect, a refusal), never a server error (issue
18, findings 10 and 12)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from indices.models import Assignment
from tests.conftest import account

HOSTILE = ["\x00", "62.03\x00", "²", "٣", "9" * 30, "1e10000", "-1", "../..", "%", "a" * 2000, "2024\x0c"]
# Query parameters the portal's pages, API, admin and workspace read.
NAMES = ["tahun", "year", "sort", "page", "per_page", "page_size", "q", "wilayah", "tambah", "kind",
         "province", "group", "jenis", "kelompok", "provinsi", "predikat", "indikator", "status", "aspek",
         "_export", "i23", "o", "p", "e", "format", "_changelist_filters", "next"]  # fmt: skip
EXAMPLES = {"code": "62.03", "year": "2024", "number": "5", "pk": "1", "file_format": "csv"}


def patterns(resolver=None, prefix=""):
    """Every URL pattern as (route with <name> placeholders, the names), admin included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, re.findall(r"<(?:\w+:)?(\w+)>", route)


def filled(route: str, values: dict) -> str:
    """A route with its placeholders (Django's <type:name> or the admin's regex groups) filled in."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m[1], "1"), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m[1], "1"), path)
    return "/" + re.sub(r"[\\^$?]", "", path)


@pytest.fixture
def visitors(client, published):
    national = account("national", is_superuser=True)
    operator = account("operator", Assignment.Role.OPERATOR, "62.03")
    return {"anonymous": None, "operator": operator, "national": national}


def test_every_url_pattern_answers_hostile_values_without_a_server_error(client, visitors):
    routes = list(patterns())
    assert len(routes) > 60  # the portal's pages, its API, its workspace and the admin
    errors = []
    for who in ("anonymous", "national"):  # an operator meets a subset of the national's paths, refused
        user = visitors[who]
        client.logout()
        if user:
            client.force_login(user)
        for route, names in routes:
            for value in HOSTILE:
                for name in names or [None]:
                    path = filled(route, EXAMPLES | ({name: value} if name else {}))
                    status = client.get(path).status_code
                    if status >= 500:
                        errors.append((who, path[:80], status))
    assert errors == []


@pytest.mark.parametrize("who", ["operator", "national"])
def test_every_page_answers_hostile_query_values_without_a_server_error(client, visitors, who):
    if visitors[who]:
        client.force_login(visitors[who])
    pages = [filled(route, EXAMPLES) for route, _ in patterns()]
    errors = []
    for path in pages:
        for value in HOSTILE:
            status = client.get(path, dict.fromkeys(NAMES, value)).status_code
            if status >= 500:
                errors.append((path, repr(value)[:20], status))
    assert errors == []
