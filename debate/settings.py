"""Settings for the debate site, read from environment variables.

Defaults are safe for a developer's machine: debug on SQLite when DJANGO_DEBUG
is set (``make run`` sets it), and a production configuration otherwise.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def postgresql_options():
    """Connection options; ``DJANGO_STATEMENT_TIMEOUT`` (set by debate/wsgi.py) cuts off a runaway query."""
    timeout = os.environ.get("DJANGO_STATEMENT_TIMEOUT", "").strip()
    if not timeout:
        return {}
    if not re.fullmatch(r"\d+(ms|s|min)?", timeout):
        raise ValueError(f"DJANGO_STATEMENT_TIMEOUT must be a duration such as 30s or 500ms, not {timeout!r}")
    return {"options": f"-c statement_timeout={timeout}"}


def database_from_url(url):
    """Turn ``postgres://user:pass@host:port/name`` or ``sqlite:///path`` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": parsed.path[1:] or ":memory:",
            # Opening a SQLite connection costs more than a cached page: keep it, as for PostgreSQL.
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            # Every transaction takes the write lock when it begins, so a read-check-write in atomic()
            # is serialised (SQLite has no SELECT ... FOR UPDATE); others wait up to `timeout` seconds.
            # Write-ahead logging lets reads (a page, a backup's snapshot) go on while one writes.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL" if parsed.path[1:] else "",
            },
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": postgresql_options(),
        }
    raise ValueError(f"Unsupported DATABASE_URL scheme: {parsed.scheme!r}")


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Tests and management commands run on a development key; serving in production mode does not:
# debate/wsgi.py refuses to start without a key of its own, and `check --deploy` reports it.
SECRET_KEY_IS_DEVELOPMENT_KEY = not SECRET_KEY
if SECRET_KEY_IS_DEVELOPMENT_KEY:
    SECRET_KEY = "insecure-development-key-set-DJANGO_SECRET_KEY-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "debate.core",
    "debate.sources",
    "debate.arguments",
    "debate.search",
    "debate.api",
    "debate.seed",
    "debate.accounts",
    "debate.moderation",
    "debate.interchange",
    "debate.extraction",
]

MIDDLEWARE = [
    # Health checks come first: no HTTPS redirect or host check may fail a load balancer's probe.
    "debate.core.health.HealthCheckMiddleware",
    "debate.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "debate.core.middleware.ContentSecurityPolicyMiddleware",
    "debate.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is looked up: a cookie may carry a NUL too.
    "debate.core.hostile_input.RefuseHostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "debate.core.freshness.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "debate.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "debate.accounts.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "debate.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Reads go to a streaming replica (see debate/core/routers.py); tests read the test database itself.
    DATABASES["replica"] = {**database_from_url(os.environ["DATABASE_REPLICA_URL"]), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["debate.core.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "debate.core.routers.PrimaryForWritesMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """Redis at ``url`` if given, else each process's own memory.

    Redis is optional in fact: one that is down or silent costs a request at most one short timeout,
    after which the site runs uncached for RETRY_AFTER seconds (debate/core/cache.py).
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    timeout = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.2"))
    return {
        "BACKEND": "debate.core.cache.FailFastRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "IGNORE_EXCEPTIONS": True,
            "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER_SECONDS", "5")),
        },
    }


CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL", ""))}
# How long a rendered reader page stays cached; any content change makes it stale at once. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = ["debate.accounts.ratelimit.RateLimitedModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Failed logins are counted in the database (debate/accounts/ratelimit.py), per account name and
# client address together: LOGIN_FAILURE_LIMIT failures lock that name from that address only.
# LOGIN_ACCOUNT_FAILURE_LIMIT failures from all addresses together lock the name everywhere; since
# one address adds at most LOGIN_FAILURE_LIMIT, that takes 20 networks, more than a pupil has.
LOGIN_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ACCOUNT_FAILURE_LIMIT", "100"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("DJANGO_LOGIN_LOCKOUT_SECONDS", "900"))
# Per hour: reset mails per e-mail address and per client address; sign-ups per client address
# (a whole class may sign up from one school address).
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
PASSWORD_RESET_LIMIT_PER_ADDRESS = 20
SIGNUP_LIMIT_PER_ADDRESS = int(os.environ.get("DJANGO_SIGNUP_LIMIT_PER_ADDRESS", "50"))
THROTTLE_WINDOW_SECONDS = 3600
# Proxies (addresses or networks) whose X-Forwarded-For is believed: the load balancer.
TRUSTED_PROXIES = [ipaddress.ip_network(item, strict=False) for item in env_list("DJANGO_TRUSTED_PROXIES")]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Importing an article accepts at most 2 MB of text, pasted or uploaded (UTF-8 bytes). A paste up
# to twice that still reaches the import form, which refuses it with its own message; beyond that
# Django refuses the request and the site's 400 handler explains the limit. An allowed upload is
# kept in memory rather than spooled to a temporary file.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * IMPORT_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
# An API request body is refused (413) above this many bytes, before it is parsed; the sources endpoint,
# which takes an article's text, accepts as much as the import form (DATA_UPLOAD_MAX_MEMORY_SIZE).
API_MAX_BODY_BYTES = int(os.environ.get("DJANGO_API_MAX_BODY_BYTES", str(1024 * 1024)))

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "debate.accounts.tokens.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": ["debate.api.parsers.StrictJSONParser"],
}

# API tokens (django-rest-knox): stored as SHA-512 digests, expiring, revoked by a password change
# (debate/accounts/tokens.py).
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations create its default token table even when the model is swapped for ours.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=int(os.environ.get("DJANGO_API_TOKEN_DAYS", "30"))),
    "AUTH_HEADER_PREFIX": "Token",
}
# A user's live tokens beyond this many are revoked, oldest first, when a new one is issued.
API_TOKENS_PER_USER = 10

SPECTACULAR_SETTINGS = {
    "TITLE": "Policy Debate API",
    "DESCRIPTION": "Debates, positions, arguments, speakers, sources and evidence; proposals and flags. "
    "Reads are open (published content); writes need a moderator's session or token "
    "(POST /api/v1/auth/token/). Edits send the version they start from; a stale one answers 409.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the project's own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "debate.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EvidenceKindEnum": "debate.sources.models.EvidenceKind",
        "ProposalKindEnum": "debate.moderation.models.ProposalKind",
        "StatusEnum": "debate.core.models.Status",
        "StanceEnum": "debate.arguments.models.Stance",
    },
}

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" behind a TLS-terminating proxy
    header, value = os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"].split(",", 1)
    SECURE_PROXY_SSL_HEADER = (header.strip(), value.strip())
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "debate.core.views.csrf_failure"
# Scripts and styles are the site's own files: no inline script, style or event handler anywhere.
# /api/ pages (DRF's and Swagger UI's templates) get inline styles and images too (debate/core/middleware.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One JSON object per line on stdout (debate/core/logs.py): a line per request (debate.requests), per
# security event (debate.security) and per error, each with its request id. DJANGO_LOG_FORMAT=text
# gives plain lines for a developer's terminal (`make run`).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "debate.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "debate.core.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("DJANGO_LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "debate.requests": {"level": "INFO"},
        "debate.security": {"level": "INFO"},
        # Our request line already says 4xx; django.request keeps only the errors (with their traceback).
        "django.request": {"level": "ERROR"},
        # A saved page with no article in it is a form error for the moderator, not a server fault:
        # trafilatura's own error lines about it would only fill the log.
        "trafilatura": {"level": "CRITICAL"},
        "htmldate": {"level": "CRITICAL"},
    },
}
