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
"""

import gzip
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from indices.models import DataVersion
from spbe_portal.middleware import indonesian_first_language

# Content types worth compressing; XLSX is a zip already.
COMPRESSIBLE = ("text/", "application/json", "application/vnd.oai.openapi")
# Headers a stored answer does not keep: set again on every answer, or never shared between visitors.
NOT_STORED = {"set-cookie", "content-length", "content-encoding", "etag", "cache-control", "vary"}
# Every write advances the version, so entries never need to expire to stay correct; this only bounds
# how long an unused entry occupies memory.
TIMEOUT = 24 * 3600


def data_written(*args, raw=False, **kwargs) -> None:
    """Signal receiver: a record the pages show was saved or deleted (a restore advances it once)."""
    if not raw:
        DataVersion.advance()


def published(view):
    """Mark `view` (a public GET view, the same for every visitor) as served from the page cache."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # a TemplateResponse or an API response renders late
        response.published = True
        return response

    marked.published = True
    return marked


class PublishedPagesMiddleware:
    """Answer GETs of `published` views from the cache of the current data version, with ETag and gzip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _is_published(request.path_info):
            return self.get_response(request)
        key = _key(request)
        etag = f'"{key}"'
        if etag in _etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag)
        entry = _cached(f"page:{key}")
        if entry is None:
            response = self.get_response(request)
            if not _storable(response):
                return response
            entry = _entry(response)
            for layer in _layers():
                layer.set(f"page:{key}", entry, TIMEOUT)
        return _finish(_response(entry, request), etag)


def _layers() -> list:
    """Where pages are kept, nearest first: this process's memory in front of a shared cache, if any."""
    return [caches["local"], cache] if "local" in settings.CACHES else [cache]


def _cached(key: str) -> dict | None:
    nearest, *farther = _layers()
    entry = nearest.get(key)
    if entry is None and farther:
        entry = farther[0].get(key)
        if entry is not None:
            nearest.set(key, entry, TIMEOUT)
    return entry


def _is_published(path: str) -> bool:
    try:
        return getattr(resolve(path).func, "published", False)
    except Resolver404:
        return False


def _key(request) -> str:
    # The version is read before the page is rendered: a write committed during the rendering leaves
    # the page under the older version, never a stale page under the newer one.
    version = DataVersion.current()
    language = indonesian_first_language(request)
    return hashlib.sha256(f"{version}|{language}|{request.get_full_path()}".encode()).hexdigest()[:40]


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
