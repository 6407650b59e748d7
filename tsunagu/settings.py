"""tsunagu's one settings module: typed environment variables over embedded defaults.

Unset, everything runs on one machine (SQLite under var/, local-memory cache, database task
worker). DATABASE_URL and REDIS_URL switch to the production shape. See docs/operations.md.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tsunagu.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("TSUNAGU_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    key = env.string("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.boolean("DEBUG", False)
ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.url("SITE_URL", ["http", "https"], "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.string("SITE_NAME", "tsunagu")

INSTALLED_APPS = [
    "tsunagu.core",
    "tsunagu.accounts",
    "tsunagu.profiles",
    "tsunagu.friends",
    "tsunagu.footprints",
    "tsunagu.reactions",
    "tsunagu.notifications",
    "tsunagu.diary",
    "tsunagu.voice",
    "tsunagu.feed",
    "tsunagu.communities",
    "tsunagu.messaging",
    "tsunagu.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "django_rq",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tsunagu.accounts.sessions.SessionRenewalMiddleware",
    "tsunagu.core.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tsunagu.urls"
WSGI_APPLICATION = "tsunagu.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tsunagu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsunagu.core.context_processors.site",
                "tsunagu.friends.context_processors.pending",
                "tsunagu.notifications.context_processors.unread",
                "tsunagu.messaging.context_processors.unread",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
DATABASE_URL = env.url("DATABASE_URL", ["postgres", "postgresql", "sqlite"])
DB_CONN_MAX_AGE = env.integer("DB_CONN_MAX_AGE", 600, minimum=0)
if DATABASE_URL.startswith("postgres"):
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True)}
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    sqlite_path = DATABASE_URL.split("sqlite:///", 1)[1] if DATABASE_URL else str(VAR_DIR / "tsunagu.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "CONN_MAX_AGE": DB_CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Writers take the lock at BEGIN, so concurrent writers wait (busy timeout)
                # instead of failing with "database is locked" when upgrading a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sizing persistent connections: every web thread and every worker holds one connection,
# so WEB_PROCESSES x WEB_THREADS + WORKER_PROCESSES must stay under PostgreSQL's
# max_connections (checked by `tsunagu check --database default`).
WEB_PROCESSES = env.integer("WEB_PROCESSES", 2, minimum=1)
WEB_THREADS = env.integer("WEB_THREADS", 4, minimum=1)
WORKER_PROCESSES = env.integer("WORKER_PROCESSES", 1, minimum=0)

# --- Cache, tasks, sessions --------------------------------------------------------------
REDIS_URL = env.url("REDIS_URL", ["redis", "rediss", "unix"])
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "tsunagu"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Room for every member's recent-footprint marks and the like: the default 300 entries would
    # evict them (and the site settings) all the time.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 50_000}}
    }

TASK_BACKEND = env.choice("TASK_BACKEND", ["database", "rq", "immediate"], "rq" if REDIS_URL else "database")
if TASK_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
TASK_QUEUES = ["default", "mail"]
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
        "QUEUES": TASK_QUEUES,
    }
}
RQ_QUEUES = {name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"} for name in TASK_QUEUES}

# A sign-in lasts 30 days from the member's last visit (renewed at most once a day: accounts/sessions.py).
SESSION_COOKIE_AGE = int(timedelta(days=30).total_seconds())
SESSION_RENEW_AFTER = int(timedelta(days=1).total_seconds())

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = int(timedelta(hours=3).total_seconds())

# Brute-force protection: a lockout per account and, separately, per client address.
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tsunagu.accounts.views.locked_out"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "tsunagu.accounts.client_ip.client_ip"
AXES_VERBOSE = False

HTTPS = env.boolean("HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 3600, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[env.choice("EMAIL_BACKEND", ["console", "file", "smtp"], "console")]
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "tsunagu <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages and time -------------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tsunagu" / "locale"]
LANGUAGE_COOKIE_AGE = int(timedelta(days=365).total_seconds())
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "tsunagu" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SERVE_MEDIA = env.boolean("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
AVATAR_MAX_UPLOAD_BYTES = env.integer("AVATAR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
PHOTO_MAX_UPLOAD_BYTES = env.integer("PHOTO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Voice and the news feed ----------------------------------------------------------------------
# Trending hashtags count the posts of this many past hours.
VOICE_TRENDING_HOURS = env.integer("VOICE_TRENDING_HOURS", 24, minimum=1)
# Where home timelines come from: "database" (queried on read) or "redis" (fanned out on write, kept per
# member in Redis; the default with REDIS_URL). See tsunagu/feed/redis_store.py and docs/scaling.md.
TIMELINE_STORE = env.choice("TIMELINE_STORE", ["database", "redis"], "redis" if REDIS_URL else "database")
TIMELINE_REDIS_URL = env.url("TIMELINE_REDIS_URL", ["redis", "rediss", "unix"], REDIS_URL)
if TIMELINE_STORE == "redis" and not TIMELINE_REDIS_URL:
    raise ImproperlyConfigured("TIMELINE_STORE=redis needs REDIS_URL (or TIMELINE_REDIS_URL).")
TIMELINE_KEY_PREFIX = env.string("TIMELINE_KEY_PREFIX", env.string("CACHE_KEY_PREFIX", "tsunagu") + ":timeline")
# Entries kept per member (older ones are read from the database), and how long a member's timeline is
# kept (and fanned out to) after they last read their feed.
TIMELINE_LENGTH = env.integer("TIMELINE_LENGTH", 800, minimum=20)
TIMELINE_KEEP_DAYS = env.integer("TIMELINE_KEEP_DAYS", 14, minimum=1)
# How often (seconds) an open news feed asks for new items.
FEED_POLL_SECONDS = env.integer("FEED_POLL_SECONDS", 30, minimum=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
