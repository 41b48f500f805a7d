"""Security rules that are ours rather than a library's: the client address for login throttling and
the deployment check on the secret key."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address a login attempt came from.

    Behind the TLS proxy (HTTPS=True) the proxy appends the address it saw to X-Forwarded-For: that last
    entry is the only one a client cannot forge. Without a proxy, the socket's address.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


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
