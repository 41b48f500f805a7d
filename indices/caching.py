"""Public pages, downloads and the API rendered once per data version, served compressed, answering 304.

The published data changes a few times a year, while officials read it all day: a response is stored in
Django's cache under what it shows (path and query, language) and the data version, which every write
advances (`DataVersion`), so a stale page is never served and a fresh one is rendered once per process
(locally) or once for all servers (with a shared cache such as Redis). Its ETag is that same key, so a
browser's conditional GET costs one query and no rendering.

Responses are compressed here rather than by middleware: only these public responses, which carry no
secret, so the admin's CSRF tokens are never compressed (BREACH).
"""

import gzip
import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from indices.models import DataVersion

# Content types worth compressing; XLSX is a zip already.
COMPRESSIBLE = ("text/", "application/json", "application/vnd.oai.openapi")
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
# Every write advances the version, so entries never need to expire to stay correct; this only bounds
# how long an unused entry occupies memory.
TIMEOUT = 24 * 3600


def data_written(*args, **kwargs) -> None:
    """Signal receiver: a record the pages show was saved or deleted."""
    DataVersion.advance()


def published(view):
    """Serve `view` (a public GET view) from the cache of the current data version, with an ETag and gzip."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = DataVersion.current()
        key = hashlib.sha256(f"{version}|{get_language()}|{request.get_full_path()}".encode()).hexdigest()[
            :40
        ]
        etag = f'"{key}"'
        if etag in _etags(request.headers.get("If-None-Match", "")):
            return _finish(HttpResponseNotModified(), etag)
        entry = cache.get(f"page:{key}")
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse or an API response renders late
            if response.status_code != 200 or response.streaming:
                return response
            entry = _entry(response)
            cache.set(f"page:{key}", entry, TIMEOUT)
        return _finish(_response(entry, request), etag)

    return cached


def _entry(response) -> dict:
    content = response.content
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
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
