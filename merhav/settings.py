"""Merhav settings. Everything that differs between machines comes from environment variables.

MERHAV_ENV=production switches to production defaults: DEBUG off, secure cookies, HSTS,
and a hard start-up error when SECRET_KEY is missing or short, or ALLOWED_HOSTS is empty.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("MERHAV_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (MERHAV_ENV=production) set the SECRET_KEY "
            "environment variable to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnop"
elif PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY is too short. In production it must be at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. In production set it to the site's host names, comma-separated, "
        "e.g. ALLOWED_HOSTS=merhav.example.gov.il"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The foundation, bottom layer first (the import contracts in .importlinter hold them to this order).
FOUNDATION_APPS = [
    "merhav.core",
    "merhav.audit",
    "merhav.tenancy",
    "merhav.accounts",
    "merhav.notify",
    "merhav.ui",
    "merhav.workspace",
    "merhav.api",
]
# Every other package of merhav/ with an apps.py is a module (lessons, …): adding one edits no foundation
# file. It declares its pages, API, navigation, panels, demo and jobs on its AppConfig (merhav.core.modules).
MODULE_APPS = sorted(
    f"merhav.{apps_file.parent.name}"
    for apps_file in (BASE_DIR / "merhav").glob("*/apps.py")
    if f"merhav.{apps_file.parent.name}" not in FOUNDATION_APPS
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "merhav.core.staticfiles.MerhavStaticFilesConfig",  # django.contrib.staticfiles without Redoc
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    *FOUNDATION_APPS,
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN (and within the CSP)
    *MODULE_APPS,
]

MIDDLEWARE = [
    "merhav.core.context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "merhav.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "merhav.accounts.middleware.AuthenticationMiddleware",
    "merhav.core.http.PrivateCacheMiddleware",
    "merhav.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "merhav.accounts.middleware.TwoFactorRequiredMiddleware",
    "merhav.tenancy.middleware.AuthorityMiddleware",
    "merhav.core.http.DiskFullMiddleware",  # last: its process_exception sees the view's exception first
]

# Django's form renderer with its standard widget, label and field templates written in Python (the same HTML).
FORM_RENDERER = "merhav.ui.renderers.FastFormRenderer"

ROOT_URLCONF = "merhav.urls"
WSGI_APPLICATION = "merhav.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "merhav.ui.context_processors.shell",
                "merhav.notify.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read and write the same file side by side.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # Shared by every web process and the worker, with no extra service (periodic jobs are enqueued
        # once across workers). Rate limits and lockouts are counted in their own tables.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "merhav_cache",
    },
    # This process's memory: for what is derived from data under a version counter read on each request
    # (the key carries the version, so a stale entry is never read) — no database read or write for it.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "merhav-local",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Languages: Hebrew first.
LANGUAGE_CODE = "he"
LANGUAGES = [("he", "עברית"), ("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jerusalem"
FORMAT_MODULE_PATH = ["merhav.formats"]
LANGUAGE_COOKIE_NAME = "merhav_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Sessions and cookies. Django's database sessions, read by SQL compiled once (merhav.accounts.sessions).
SESSION_ENGINE = "merhav.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60 * 12))
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    # The __Host- prefix makes browsers refuse these cookies unless Secure, for this exact host, path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login lockout (django-axes): 5 failures for one account from one address locks it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_SECONDS = int(os.environ.get("AXES_COOLOFF_SECONDS", 30 * 60))
# Behind a proxy that PROXY_COUNT does not count every client shares one address: a lock would be by account
# alone (anyone could lock out anyone), so it is a short cool-down instead (merhav/accounts/lockout.py).
AXES_SHARED_ADDRESS_COOLOFF = int(os.environ.get("AXES_SHARED_ADDRESS_COOLOFF", 60))
AXES_COOLOFF_TIME = "merhav.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The login form posts the email as `username`; one callable names the account everywhere axes looks
# (see merhav/accounts/lockout.py: without it failures and checks used different names).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "merhav.accounts.lockout.username_for_lockout"
# The client address as the rate limits and the audit log see it (X-Forwarded-For only behind PROXY_COUNT proxies).
AXES_CLIENT_IP_CALLABLE = "merhav.core.ratelimit.client_ip"
# Nothing personal in log lines: typed emails and addresses are masked, and successful logins are
# not kept by axes forever (our audit log records them, with a retention period).
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address"]
AXES_DISABLE_ACCESS_LOG = True
# Number of trusted reverse proxies in front of the app that append to X-Forwarded-For (0: none).
MERHAV_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))

# Where the emergency module's webhooks may POST (merhav/emergency/delivery.py). An address that is not public —
# the machine itself, the internal network, the cloud's metadata address — is refused (server-side request
# forgery) unless it lies in one of these networks: e.g. "10.20.0.0/16" for the municipality's own emergency
# system. In development and tests the machine itself is allowed (the tests' receiver listens on 127.0.0.1).
MERHAV_WEBHOOK_ALLOWED_NETWORKS = env_list(
    "MERHAV_WEBHOOK_ALLOWED_NETWORKS", "" if PRODUCTION else "127.0.0.0/8,::1/128")

# Two-factor authentication.
OTP_TOTP_ISSUER = "Merhav"
MERHAV_REQUIRE_2FA_FOR_ALL = env_bool("MERHAV_REQUIRE_2FA_FOR_ALL", False)
# Personal API tokens stop working this many days after they are made.
MERHAV_API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", 90))

# Rate limits: (requests, seconds) per client.
MERHAV_RATE_LIMITS = {
    "login": (int(os.environ.get("RATE_LIMIT_LOGIN", 20)), 60),
    "api": (int(os.environ.get("RATE_LIMIT_API", 300)), 60),
}

# Audit log retention in months; `manage.py purge_audit_log` removes older entries.
MERHAV_AUDIT_RETENTION_MONTHS = int(os.environ.get("AUDIT_RETENTION_MONTHS", 24))

# Invitations.
MERHAV_INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", 7))

# Lessons learned: the follow-up control point, days after a review is completed (the seed: about a month).
MERHAV_FOLLOW_UP_DAYS = int(os.environ.get("FOLLOW_UP_DAYS", 30))
# Lessons learned: owners of open actions are reminded this many days before the due date (and once when overdue).
MERHAV_ACTION_REMINDER_DAYS = int(os.environ.get("ACTION_REMINDER_DAYS", 3))
# Lessons learned: up to this many lessons, an authority's similarity index and recurring lessons are computed on
# the request while the worker's stored ones are behind the data (above it, the stored ones are shown, dated).
MERHAV_LESSONS_SYNC_LIMIT = int(os.environ.get("LESSONS_SYNC_LIMIT", 500))

# Background tasks (django-tasks, database backend, `manage.py run_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
MERHAV_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", 120))  # seconds
# A task left RUNNING this long is taken to be orphaned by a worker that died, and queued again (at least
# once: tasks with outside effects are idempotent). Longer than any task runs: every outgoing call times out.
MERHAV_TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", 15 * 60))

# Email: console by default, SMTP when EMAIL_HOST is set. Production refuses a backend that writes whole
# emails (reset links, invitation links) where logs or files keep them.
PRINTING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Merhav <no-reply@merhav.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if PRODUCTION and EMAIL_BACKEND in PRINTING_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        "Email is not configured. In production set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, "
        "EMAIL_HOST_PASSWORD as your mail server needs): without it every email would be written to the "
        "log, password reset and invitation links included."
    )
# A silent mail server must not hold the worker: every SMTP call gives up after this many seconds (the
# email is retried later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))

# The address users reach the site at, for links in emails and calendar feeds.
MERHAV_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Logging: one line per record, with the request id, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "merhav.core.context.RequestIdLogFilter"},
        # Secret tokens in paths and whole query strings never reach a log line (merhav/core/logredact.py).
        "redact_secrets": {"()": "merhav.core.logredact.RedactSecretsFilter"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id", "redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # "Not Found: /calendar/<token>.ics": redacted where the record is made, whatever handler takes it.
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"]},
        "axes": {"level": "WARNING"},
        # The worker polls every few seconds; its per-poll INFO lines drown everything else.
        "django_tasks_db": {"level": "WARNING"},
    },
}
