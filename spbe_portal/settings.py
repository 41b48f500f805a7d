"""Settings for the SPBE portal.

One file, read from environment variables. The defaults make a fresh checkout run on an
embedded SQLite database; production sets DATABASE_URL, SECRET_KEY, DEBUG and ALLOWED_HOSTS.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The fallback key is public (it is in this file): it serves local runs and tests only. A portal that
# answers any host name other than this machine's refuses to start without a key of its own, and
# `check --deploy` fails while the fallback is in use (spbe_portal/security.py).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105 (public by design)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "testserver"}
SECRET_KEY = os.getenv("SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. The portal serves hosts other than this machine "
        f"({', '.join(sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS))}), so it needs a secret key of its own: "
        "set SECRET_KEY to a long random value, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The portal's public address ("https://spbe.example.go.id"), for the absolute links of the API; without it
# links are relative. Never taken from a request's Host header, which a visitor chooses.
SITE_URL = os.getenv("SITE_URL", "").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tables2",
    "axes",
    "auditlog",
    "spbe_portal.apps.PortalConfig",
    "regions",
    "indices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL in an address is refused before anything reads it (PostgreSQL holds no NUL in text).
    "spbe_portal.middleware.refuse_nul_characters",
    # Outside the page cache and the static files: every answer carries both policies, cached ones too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions, authentication and CSRF: a cached public page needs none of them.
    "indices.public.cache.PublishedPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spbe_portal.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spbe_portal.middleware.signed_in_sessions_slide",
    # Records who made each change, and from where, in the audit trail (indices/models/history.py).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spbe_portal.urls"
WSGI_APPLICATION = "spbe_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Keep a connection per worker between requests: opening one costs more than a cached page. No
        # health-check query before each request: public requests reconnect in DataVersion.current().
        conn_max_age=int(os.getenv("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=envbool("DB_HEALTH_CHECKS", "False"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue rather than fail: each transaction takes the write lock when it begins (so a second
    # import waits for the first and then plans against what it wrote), and waits up to 20 s for it.
    # Readers keep reading while an import writes (write-ahead log).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered pages, downloads and API answers are cached per data version (indices/public/cache.py). One server:
# each process keeps its own copy in memory. Several servers: CACHE_URL=redis://host:6379/0 shares one,
# and each process keeps the pages it serves most in memory in front of it ("local"): an entry never
# changes under its key, which holds the data version, so the nearer copy is never stale.
CACHE_URL = os.getenv("CACHE_URL", "")
LOCAL_MEMORY_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "spbe_portal.cache.ReusingRedisCache", "LOCATION": CACHE_URL},
        "local": LOCAL_MEMORY_CACHE,
    }
else:
    CACHES = {"default": LOCAL_MEMORY_CACHE}
# Sessions live in the database (Django's default), so any server can read any visitor's.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The open data API: read-only JSON, described by an OpenAPI document, readable from any origin.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Indeks SPBE API",
    "DESCRIPTION": (
        "Read-only open data: evaluated instances, scores with domain values and predicates, targets, the "
        "national index and the evaluation frameworks. Every figure names its source."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES; a success resets the count. Locking the pair, not the
# account, keeps an attacker from locking a real operator out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.getenv("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "spbe_portal.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "spbe_portal.security.client_ip"
# The reverse proxies in front of gunicorn (addresses or networks, "10.0.0.2,10.0.1.0/24"): only a request
# arriving from one of them has its client's address read from X-Forwarded-For (spbe_portal.security).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(entry, strict=False) for entry in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None

# Signed-in work expires after SESSION_IDLE_MINUTES without a request, and with the browser. Only
# signed-in people have a session: public pages never create one.
SESSION_COOKIE_AGE = 60 * int(os.getenv("SESSION_IDLE_MINUTES", "30"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# The audit trail (django-auditlog): changes written together (an import, a load) share a correlation
# id naming their change set.
AUDITLOG_CID_GETTER = "indices.models.history.current_cid"
# A restored backup brings its own audit trail: loading it is not a change of the data.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# Every record an official may quote or an administrator may change (and who may change it).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "regions.Region",
    "indices.Framework",
    "indices.Band",
    "indices.FrameworkNode",
    "indices.FrameworkSource",
    "indices.LevelNameSet",
    "indices.LevelName",
    "indices.CriterionText",
    "indices.EvidenceItem",
    "indices.CycleStage",
    "indices.Instance",
    "indices.InstanceName",
    "indices.InstanceAlias",
    "indices.Succession",
    "indices.Source",
    {"model": "indices.Score", "exclude_fields": ["created_at", "updated_at"]},
    "indices.ScoreValue",
    "indices.Target",
    "indices.NationalIndex",
    "indices.NationalValue",
    "indices.Assignment",
    {"model": "indices.Assessment", "exclude_fields": ["created_at", "updated_at"]},
    {"model": "indices.IndicatorLevel", "exclude_fields": ["updated_at"]},
    {"model": "indices.Evidence", "exclude_fields": ["created_at", "updated_at"]},
    {"model": "indices.Recommendation", "exclude_fields": ["created_at", "updated_at"]},
    {"model": "indices.ItemReview", "exclude_fields": ["updated_at"]},
    "indices.Transition",
    {"model": "indices.AgencyScore", "exclude_fields": ["updated_at"]},
)

# Bahasa Indonesia first (decimal comma), English available through the language switch.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.getenv(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
if DEBUG:
    # No collectstatic needed while developing: runserver serves files from the finders.
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy in production: HTTPS=True turns on secure cookies, the redirect to
# HTTPS and HSTS, and trusts the proxy's X-Forwarded-Proto header.
HTTPS = envbool("HTTPS", "False")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# HSTS for subdomains or the preload list is not ours to decide: sibling subdomains of a government
# domain belong to other agencies.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Scripts and styles come only from the portal's own files: no inline script or style, no eval, anywhere
# (public pages, admin, API docs). Images may also be blob: URLs, which plotly.js draws a chart through to
# export it as PNG; the API docs page adds data: for its stylesheet's icons (indices/public/api.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Powerful browser features the portal never uses, refused to the portal and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "bluetooth")
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every screen-only CSS rule it skips when it makes a PDF.
    "loggers": {"weasyprint": {"level": "ERROR"}},
}

# Evidence files (data dukung) are private: stored outside the static and media roots and served only by
# the workspace's own view, to people allowed to read that instance's workspace (the storage's own URL leads
# nowhere: nothing serves EVIDENCE_ROOT, and the admin does not show the file field).
EVIDENCE_ROOT = Path(os.getenv("EVIDENCE_ROOT", BASE_DIR / "private" / "evidence"))
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": EVIDENCE_ROOT, "base_url": None},
}
EVIDENCE_MAX_BYTES = int(os.getenv("EVIDENCE_MAX_MB", "10")) * 1024 * 1024

# The workspace asks people to sign in on the admin's login page (one login, one lockout policy).
LOGIN_URL = "admin:login"

# E-mail (the daily reminders, `manage.py send_reminders`): SMTP when EMAIL_HOST is set, otherwise every mail
# is written to the console, so a fresh checkout never sends anything.
EMAIL_HOST = os.getenv("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.getenv("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Portal Indeks SPBE <noreply@localhost>").strip()
