"""Runpath settings, read from the environment.

Every value comes through a typed helper that fails loudly: a DEBUG of "maybe" or an
unparseable DATABASE_URL stops start-up with ImproperlyConfigured instead of guessing.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from coaching.env import email_settings, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", default="")
# Without a key, tools that sign nothing (makemigrations, shell) still run on a placeholder;
# everything that serves, sends or signs refuses to start: the WSGI/ASGI application, the
# Celery worker and beat, `send_reminders`, and `check --deploy` (coaching/checks.py).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails are built from this, never from the request's Host header.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks). Empty: the
# header is never believed, since any client can send it (coaching.middleware.client_address).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "athletes",
    "checkins",
    "races",
    "goals",
    "integrations",
    "coaching",
]

MIDDLEWARE = [
    # Outermost: every later layer, axes and the API throttles included, reads REMOTE_ADDR as
    # the client's address, taken from X-Forwarded-For only when a trusted proxy sent it.
    "coaching.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, error pages included.
    "coaching.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers are compressed (static files come compressed from WhiteNoise).
    # BREACH needs a secret reflected beside attacker input in a compressed body; Django masks
    # the CSRF token afresh on every response, which is why this is safe here.
    "django.middleware.gzip.GZipMiddleware",
    # Before anything reads the body (CSRF reads the form, the API its parsers).
    "coaching.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "athletes.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so a view that loses the database answers 503 even with DEBUG on;
    # failures before the view reach coaching.middleware.server_error (handler500).
    "coaching.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "coaching.urls"

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
                "athletes.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "coaching.wsgi.application"

_env = environ.Env()
if env_str("DATABASE_URL", default=""):
    try:
        DATABASES = {"default": _env.db_url("DATABASE_URL")}
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    # django-environ passes an unknown scheme through as the engine, and text that is not a
    # URL at all as no database: both would only fail later, at the first query.
    if DATABASES["default"].get("ENGINE") not in environ.Env.DB_SCHEMES.values():
        raise ImproperlyConfigured(
            "DATABASE_URL is not a valid database URL: use e.g. "
            "postgres://user:password@127.0.0.1:5432/runpath"
        )
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "athletes.User"

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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: 5 failures for one e-mail from one address lock that pair for 15 minutes.
# The address is REMOTE_ADDR (axes' fallback without django-ipware), as ClientAddressMiddleware
# settled it; the attempts are rows in the database, shared by every worker.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coaching.auth.login_locked_out"
# The login form's field is "username" (holding the e-mail); axes would otherwise look for
# USERNAME_FIELD ("email") and count failures and check lockouts under different names.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "coaching.auth.login_attempt_username"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves hashed, compressed files collected by `collectstatic`; development and
# tests serve straight from the app and project folders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Request bodies. One request carries at most MAX_REQUEST_BODY_SIZE bytes, files included:
# one whole Strava export (an activities.csv of up to 20 MB, checkins.imports.MAX_FILE_BYTES)
# with room for watch files beside it. coaching.middleware.RequestBodyLimitMiddleware answers a
# longer body with 413 and a sentence saying the limit (JSON under /api/), before any of it is
# read. Behind a proxy, let bodies this long through (nginx: client_max_body_size 50m).
MAX_REQUEST_BODY_SIZE = 50 * 1024 * 1024
# Django's own cap counts only what is not a file (form fields, a JSON body).
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# An uploaded file larger than this is spooled to a temporary file for the length of the
# request; the import keeps it in the database (checkins.ImportFile), never on a local disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Above Django's 100, so a runner who picks too many files is told so beside the field
# (checkins.imports.MAX_FILES_PER_UPLOAD) instead of getting a bare "Bad Request".
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# E-mail: EMAIL_URL in django-environ's form (smtp://, consolemail://, filemail:///abs/path).
if env_str("EMAIL_URL", default=""):
    try:
        vars().update(email_settings(env_str("EMAIL_URL", default="")))
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from exc
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Runpath <runpath@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an SMTP server that stopped answering counts as a failed (and retried) send,
# instead of holding a worker, or without Redis the coach's request, for ever.
EMAIL_TIMEOUT = 30

# Celery: with REDIS_URL unset, tasks run in-process so `make run` needs nothing else.
REDIS_URL = env_str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {
        "task": "checkins.tasks.reminder_sweep",
        # On the quarter hour, so a reminder set for 18:00 goes out at 18:00, not 18:07.
        "schedule": crontab(minute="*/15"),
    },
    # Invitation e-mails a lost task never sent, and retries of those that failed.
    "invitation-sweep": {
        "task": "athletes.tasks.send_due_invitations",
        "schedule": crontab(minute="*/5"),
    },
    # Standings go stale at each athlete's midnight; recompute them before coaches look.
    "refresh-standings": {
        "task": "coaching.tasks.refresh_stale_standings",
        "schedule": crontab(minute="7,22,37,52"),
    },
}

# Strava (integrations/strava/): all three set, or the feature is hidden. The API application's
# id and secret are on https://www.strava.com/settings/api; the verify token is any secret
# string, sent back by Strava when `manage.py strava_subscribe` creates the push subscription.
STRAVA_CLIENT_ID = env_str("STRAVA_CLIENT_ID", default="")
STRAVA_CLIENT_SECRET = env_str("STRAVA_CLIENT_SECRET", default="")
STRAVA_VERIFY_TOKEN = env_str("STRAVA_VERIFY_TOKEN", default="")
STRAVA_ENABLED = bool(STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET and STRAVA_VERIFY_TOKEN)
# Fernet key (32 url-safe base64 bytes) the runners' Strava tokens are encrypted with at rest;
# unset, one is derived from SECRET_KEY (so changing SECRET_KEY then disconnects everyone).
STRAVA_TOKEN_KEY = env_str("STRAVA_TOKEN_KEY", default="")
# Where Strava answers; tests point these at a stand-in on localhost.
STRAVA_API_URL = env_str("STRAVA_API_URL", default="https://www.strava.com/api/v3").rstrip("/")
STRAVA_OAUTH_URL = env_str("STRAVA_OAUTH_URL", default="https://www.strava.com/oauth").rstrip("/")
# How far back a new connection brings runs in.
STRAVA_BACKFILL_WEEKS = env_int("STRAVA_BACKFILL_WEEKS", default=12, minimum=1)

# The cache holds the API throttles' counters, so every gunicorn worker and every machine must
# share it: Redis when there is one, else a table in the database (created by the migration
# coaching/0002_cache_table).
if REDIS_URL:
    CACHES: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "runpath_cache",
            # Above the default 300, past which live counters would be culled with expired ones.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

REST_FRAMEWORK = {
    # Token first: an anonymous request then gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "athletes.api_scope.Pagination",
    "PAGE_SIZE": 50,
    # Filters naming another row accept only rows in scope (athletes/api_scope.py).
    "DEFAULT_FILTER_BACKENDS": ["athletes.api_scope.ScopedFilterBackend"],
    # The schema documents each operation's error answers too (coaching/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "coaching.api_schema.RunpathAutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    # Throttles count per REMOTE_ADDR, which ClientAddressMiddleware has already settled. DRF's
    # default (None) would key on the whole X-Forwarded-For, which a client can rotate.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Runpath API",
    "DESCRIPTION": "Goals, runs and weekly reviews for running coaches and their runners. "
    "Distances in metres, durations in seconds, ISO 8601 dates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # A race's status appears in several components (race, race check): name its enum once.
    "ENUM_NAME_OVERRIDES": {
        "RaceStatusEnum": "races.models.Race.Status",
        "VerdictStatusEnum": "goals.api.verdicts.VERDICT_STATUSES",
        "GoalKindEnum": "goals.models.Goal.Kind",
        "SessionKindEnum": "checkins.models.PlannedSession.Kind",
    },
}

if not DEBUG:
    # Believed only from TRUSTED_PROXIES: ClientAddressMiddleware drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Secure cookies wherever HTTPS is used: redirected to, or ended by a trusted proxy in front.
    # Served over plain HTTP only (no redirect, no proxy), a Secure cookie never comes back and
    # nobody could log in; SECURE_COOKIES=true insists on them anyway.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
        "SECURE_COOKIES", default=SECURE_SSL_REDIRECT or bool(TRUSTED_PROXIES)
    )
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # Django's own console handler would print every request log line twice next to ours.
    "loggers": {"django": {"handlers": [], "propagate": True}, "axes": {"level": "WARNING"}},
}
