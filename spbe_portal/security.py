"""Security rules that are ours rather than a library's: the client address for login throttling and
the deployment check on the secret key."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address a login attempt came from, for django-axes' lockout.

    The socket's address, unless it is one of the TRUSTED_PROXIES: then the proxy has appended the address
    it saw to X-Forwarded-For, and the nearest entry that is not itself a trusted proxy is the client. A
    request that reaches gunicorn directly cannot choose its address by writing that header.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return remote


def _trusted(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXY_NETWORKS)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    """Django flags only short keys; the development key is long, and public."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key published in spbe_portal/settings.py.",
                hint="Set SECRET_KEY to a long random value of this deployment's own.",
                id="spbe.E001",
            )
        ]
    return []


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: our page, in the visitor's language, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
