"""Public pages, downloads and the API rendered once per data version, served compressed, answering 304.

The published data changes a few times a year, while officials read it all day: a response is stored in
Django's cache under what it shows (path and query, language) and the data version, which every write
advances (`DataVersion`), so a stale page is never served and a fresh one is rendered once per process
(locally) or once for all servers (with a shared cache such as Redis). Its ETag is that same key, so a
browser's conditional GET costs one query and no rendering.

Two parts: the `published` decorator marks a view whose answer anyone may be served, and
`PublishedPagesMiddleware`, placed early in `MIDDLEWARE`, answers from the cache before sessions,
authentication, CSRF and the rest run (a cached answer needs none of them, and they cost more than the
answer itself), and stores each marked view's final response, headers from the inner middleware included.

Responses are compressed here rather than by middleware for every response: only these public ones,
which carry no secret, so the admin's CSRF tokens are never compressed (BREACH).

Strangers cannot fill the cache: an answer is keyed by the query parameters its view names
(`indices.public.parameters`), unknown ones are dropped by a redirect, and entries live `TIMEOUT` at most (Redis itself
runs with a memory cap, see the README). The shared cache is a help, never a dependency: when it cannot be
reached, pages are rendered and served without it, and it is left alone for `RETRY_SECONDS`.
"""

import gzip
import hashlib
import logging
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, HttpResponseNotModified, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from redis.exceptions import RedisError

from indices.models import DataVersion
from indices.public import parameters
from spbe_portal.middleware import indonesian_first_language

logger = logging.getLogger(__name__)

# Content types worth compressing; XLSX is a zip already.
COMPRESSIBLE = ("text/", "application/json", "application/vnd.oai.openapi", "image/svg+xml")
# Headers a stored answer does not keep: set again on every answer, or never shared between visitors.
NOT_STORED = {"set-cookie", "content-length", "content-encoding", "etag", "cache-control", "vary"}
# Every write advances the version, so entries never need to expire to stay correct; this only bounds
# how long an unused entry occupies memory.
TIMEOUT = 6 * 3600
# Each process keeps in its own memory only answers up to this size (pages, API lists); larger ones (the
# dataset's XLSX) come from the shared cache each time, so a process's memory stays bounded.
LOCAL_MAX_BYTES = 256 * 1024
# After the shared cache fails, pages are served without it for this long before it is tried again: a
# request never waits on a cache that is down.
RETRY_SECONDS = 10


def published(view=None, *, query: dict[str, parameters.Parameter] | None = None, unstored=()):
    """Mark `view` (a public GET view, the same for every visitor) as served from the page cache.

    `query` names the parameters the view reads and how each is read (`indices.public.parameters`); any other is
    dropped before the view runs. Answers to a parameter in `unstored` (free text a visitor types, with
    endless variants) are served but not kept."""
    if view is None:
        return lambda view: published(view, query=query, unstored=unstored)

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # a TemplateResponse or an API response renders late
        response.published = True
        return response

    marked.published = True
    marked.query = query or {}
    marked.unstored = frozenset(unstored)
    return marked


class PublishedPagesMiddleware:
    """Answer GETs of `published` views from the cache of the current data version, with ETag and gzip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = _published_view(request.path_info) if request.method in ("GET", "HEAD") else None
        if view is None:
            return self.get_response(request)
        language = indonesian_first_language(request)
        try:
            with translation.override(language):
                pairs, changed = parameters.canonical(request.GET, view.query)
        except parameters.Refused as error:
            with translation.override(language):
                return _refused(request, str(error))
        if changed:
            return HttpResponseRedirect(request.path + (f"?{urlencode(pairs)}" if pairs else ""))
        key = _key(language, request.path, pairs)
        etag = f'"{key}"'
        if etag in _etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag)
        entry = _cached(f"page:{key}")
        if entry is None:
            response = self.get_response(request)
            if not _storable(response):
                return response
            entry = _entry(response)
            if not any(name in view.unstored for name, _ in pairs):
                _store(f"page:{key}", entry)
        return _finish(_response(entry, request), etag)


def _published_view(path: str):
    try:
        view = resolve(path).func
    except Resolver404:
        return None
    return view if getattr(view, "published", False) else None


def _refused(request, message: str):
    """A parameter that cannot be read: 400, with what was wrong (JSON for the API)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def _key(language: str, path: str, pairs: list[tuple[str, str]]) -> str:
    # The version is read before the page is rendered: a write committed during the rendering leaves
    # the page under the older version, never a stale page under the newer one. Parameters are sorted by
    # name (the order of a repeated one kept): one entry however a link orders them.
    version = DataVersion.current()
    query = urlencode(sorted(pairs, key=lambda pair: pair[0]))
    return hashlib.sha256(f"{version}|{language}|{path}?{query}".encode()).hexdigest()[:40]


# The two layers: this process's memory in front of a shared cache, if any --------------------------------

_shared_down_until = 0.0


def _shared():
    """The shared cache, unless there is none or it failed in the last RETRY_SECONDS."""
    if "local" not in settings.CACHES or time.monotonic() < _shared_down_until:
        return None
    return cache


def _shared_failed(error: Exception) -> None:
    global _shared_down_until
    _shared_down_until = time.monotonic() + RETRY_SECONDS
    logger.warning(
        "The shared cache failed (%s); pages are served without it for %s s.", error, RETRY_SECONDS
    )


def _nearest():
    return caches["local"] if "local" in settings.CACHES else cache


def _cached(key: str) -> dict | None:
    entry = _nearest().get(key)
    shared = _shared()
    if entry is None and shared is not None:
        try:
            entry = shared.get(key)
        except (RedisError, OSError) as error:
            _shared_failed(error)
            return None
        if entry is not None and _size(entry) <= LOCAL_MAX_BYTES:
            _nearest().set(key, entry, TIMEOUT)
    return entry


def _store(key: str, entry: dict) -> None:
    if _size(entry) <= LOCAL_MAX_BYTES or _shared() is None:
        _nearest().set(key, entry, TIMEOUT)
    shared = _shared()
    if shared is not None:
        try:
            shared.set(key, entry, TIMEOUT)
        except (RedisError, OSError) as error:
            _shared_failed(error)


def _size(entry: dict) -> int:
    return len(entry["content"]) + len(entry["gzip"] or b"")


def _storable(response) -> bool:
    return (
        getattr(response, "published", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def _entry(response) -> dict:
    content = response.content
    headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED}
    compressible = headers.get("Content-Type", "").startswith(COMPRESSIBLE) and len(content) > 200
    return {
        "content": content,
        "gzip": gzip.compress(content, 6) if compressible else None,
        "headers": headers,
    }


def _response(entry: dict, request) -> HttpResponse:
    gzipped = entry["gzip"] is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(entry["gzip"] if gzipped else entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    if gzipped:
        response["Content-Encoding"] = "gzip"
    return response


def _finish(response, etag: str):
    response["ETag"] = etag
    # Revalidate every time: the ETag makes that cheap, and a new version shows at once.
    response["Cache-Control"] = "no-cache"
    # The language comes from a cookie; compression from the request's Accept-Encoding.
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
