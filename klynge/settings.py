"""Klynge's settings, read from the environment.

Every setting a deployment may change comes from an environment variable; the
defaults give a working demo on a SQLite file under ``var/``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KLYNGE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


PRODUCTION = env_bool("KLYNGE_PRODUCTION")
DEBUG = env_bool("KLYNGE_DEBUG", default=not PRODUCTION)
SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "klynge.accounts.admin_config.KlyngeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Klynge's apps, lowest layer first (docs/architecture.md).
    "klynge.core",
    "klynge.audit",
    "klynge.accounts",
    "klynge.reference",
    "klynge.collaborations",
    "klynge.governance",
    "klynge.vocabulary",
    "klynge.attachments",
    "klynge.notifications",
    "klynge.cases",
    "klynge.hearings",
    "klynge.meetings",
    "klynge.search",
    "klynge.volunteering",
    "klynge.involvement",
    "klynge.insights",
    "klynge.participation",
    "klynge.web",
]

MIDDLEWARE = [
    "klynge.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "klynge.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "klynge.governance.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "klynge.urls"
WSGI_APPLICATION = "klynge.wsgi.application"

# Django's renderer, with select boxes drawn without a template per option (klynge/core/forms.py).
FORM_RENDERER = "klynge.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klynge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klynge.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klynge.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent use (klynge/core/sqlite.py sets WAL and the busy timeout on each connection):
    # a writer takes the lock when its transaction begins, and waits for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DATABASE_PREPARE", default=True):
    # Parameters bound by the server, so that psycopg prepares a statement the connection has
    # run five times and PostgreSQL stops planning it anew: planning was a third of some
    # pages' database time (docs/benchmarks.md). Only worth it with kept connections
    # (DATABASE_CONN_MAX_AGE); DATABASE_PREPARE=0 behind a pooler that cannot keep prepared
    # statements (PgBouncer before 1.21 in transaction mode).
    # Django turns psycopg's preparing off unless ``prepare_threshold`` is given.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5})

# Shared by every server process and the task worker (`klynge createcachetable`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "klynge_cache",
        "TIMEOUT": 24 * 3600,
    },
    # Values whose key names their content (under the structure version): kept in each
    # process's memory too, so reading them asks no database (klynge/core/caching.py).
    "versioned": {
        "BACKEND": "klynge.core.caching.LocalFirstCache",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"SHARED": "default", "MAX_ENTRIES": 300},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit: five failures lock the username and address for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "klynge" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "klynge.core.staticfiles.PlotlyFinder",  # the charts' Plotly.js, from the plotly package
]
# Attachments: outside anything served directly; the owning page checks access first.
KLYNGE_PRIVATE_FILES = Path(os.environ.get("KLYNGE_PRIVATE_FILES", VAR_DIR / "files"))
# The population data sets (person-level data): analysts register folders under it, and
# generated data sets are written there (docs/insights.md). Never another path.
KLYNGE_DATASETS_DIR = Path(os.environ.get("KLYNGE_DATASETS_DIR", VAR_DIR / "datasets"))
# The most one upload of a data set's files may come to (bytes).
KLYNGE_DATASET_UPLOAD_MAX = int(os.environ.get("KLYNGE_DATASET_UPLOAD_MAX", 2 * 1024**3))
KLYNGE_ATTACHMENT_MAX_BYTES = int(os.environ.get("KLYNGE_ATTACHMENT_MAX_BYTES", 20 << 20))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
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

# Two queues, each with its own worker (`make run`): "default" (e-mail, validation) and
# "engine" (the population engine's runs), so that a long run never holds up e-mail.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                     "QUEUES": ["default", "engine"]}}

# Where people reach Klynge: the links in e-mails (invitations) start with it.
KLYNGE_BASE_URL = os.environ.get("KLYNGE_BASE_URL", "http://127.0.0.1:8000")
# The public page's rate limit counts client addresses (docs/participation.md): behind a
# reverse proxy, name the header it sets (e.g. X-Forwarded-For) and how many proxies add
# to it; without it, REMOTE_ADDR counts. Never assumed.
KLYNGE_CLIENT_ADDRESS_HEADER = os.environ.get("KLYNGE_CLIENT_ADDRESS_HEADER", "")
KLYNGE_TRUSTED_PROXY_HOPS = int(os.environ.get("KLYNGE_TRUSTED_PROXY_HOPS", "1"))
KLYNGE_INVITATION_TIMEOUT = int(os.environ.get("KLYNGE_INVITATION_DAYS", "14")) * 24 * 3600
# Two-factor sign-in: the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Klynge"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "klynge@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
