"""Settings for the portal, read from the environment only.

Every value an operator may change comes from an environment variable (see the
configuration table in README.md). With DEBUG off the settings are production
settings: they refuse to start without SECRET_KEY and pass ``check --deploy``.
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def _fail(message: str) -> None:
    # One clear line instead of a traceback wall: configuration errors are the
    # operator's to fix, not a bug to debug.
    raise SystemExit(f"Configuration error: {message}")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    _fail(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no or on/off).")
    return default  # unreachable; keeps type checkers calm


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        _fail(f"{name}={raw!r} is not a whole number.")
    return int(raw)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Routes /bench/bare, the bare Django view `make bench` compares pages with.
BENCHMARK = env_bool("BENCHMARK", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105
    else:
        _fail("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    _fail("ALLOWED_HOSTS must list the host names the site answers to when DEBUG is off.")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "portal.sites.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "markdownx",
    "nested_admin",
    "regions",
    "laws",
    "editorial",
    "guides",
    "local",
    "feedback",
    "answers",
    "search",
    "portal",
    "axes",
]

MIDDLEWARE = [
    "portal.middleware.ProbeMiddleware",
    "portal.middleware.RejectNulMiddleware",
    # Cached public pages are answered here, before anything else; they are kept with the
    # headers the middleware below adds. portal.wsgi answers most of them even before Django.
    "portal.cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page not answered by the page cache (it works on the way out).
    "django.middleware.http.ConditionalGetMiddleware",
    # `/` to the reader's language (the page cache asks the same question first).
    "portal.languages.HomeLanguageMiddleware",
    # A database outage gets the friendly 503 page (it works on exceptions).
    "portal.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language from its address (/zh-hans/…), English at the root.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff read the admin in the language they chose (or their browser's).
    "portal.languages.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "portal.languages.alternates",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL selects the database; unset or empty, the embedded SQLite file is
# used (empty as unset, like every other variable here).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
except (ValueError, KeyError) as exc:
    _fail(f"DATABASE_URL is not a valid database URL ({exc}).")

# A database that accepts connections but never answers must not hold a worker
# until gunicorn kills it: give up connecting after DB_CONNECT_TIMEOUT seconds
# (0: wait forever), and have the server cancel any statement running longer
# than DB_STATEMENT_TIMEOUT seconds (0: leave that to the server's own setting).
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    if DB_STATEMENT_TIMEOUT:
        # First, so that a statement_timeout in DATABASE_URL's own ?options= wins.
        _options["options"] = (
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000} {_options.get('options', '')}"
        ).strip()

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids
    # "database is locked" on upgrades from read to write transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "TIMEOUT": 300,
        }
    }
# Costly parts of pages ({% fragment %}) are kept until content changes. Off (0), every
# page is built from the database: `make bench` measures that as "cold".
CACHE_FRAGMENTS = env_bool("CACHE_FRAGMENTS", True)

# A local item or figure last checked against its source longer ago than this is shown
# as "not checked for over a year" and listed for its region's staff (local.freshness).
CHECK_AGAIN_AFTER_MONTHS = env_int("CHECK_AGAIN_AFTER_MONTHS", 12)

# --- Authentication -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Guessing: five failed sign-ins for one username from one address lock that
# username out at that address for 15 minutes. The pair, as django-axes suggests:
# failing with someone's username elsewhere, or with another username at their
# address (one office, one address), does not lock them out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The address is the one the proxies in front saw, never one the client wrote.
# PROXY_COUNT: how many proxies sit in front of the app, each appending to
# X-Forwarded-For; 0 ignores that header.
PROXY_COUNT = env_int("PROXY_COUNT", 1)
AXES_CLIENT_IP_CALLABLE = "portal.proxies.client_address"
# Where signing in leads when ?next= is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Only staff have sessions. They end after a working day (eight hours from
# signing in) or when the browser closes, whichever comes first. Not sliding:
# that would write the session on every request, the live preview's included.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------
# English at the root (every address of the first release unchanged), Simplified Chinese
# under /zh-hans/; `/` sends a reader whose browser prefers Chinese there (portal.languages).
LANGUAGE_CODE = "en"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in both languages (guides.translation): a text not yet translated is shown in
# the other language, marked as such on the page.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_AUTO_POPULATE = False


def _in_language(verbose_name, code: str) -> str:
    """A field's label for one language's column: "title (English)", "title (简体中文)"."""
    return f"{verbose_name} ({dict(LANGUAGES)[code]})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _in_language
# The language a reader chose with the switch, which `/` honours over the browser's.
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "portal.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones are cached for a year

# --- Security -------------------------------------------------------------
# The app sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # /healthz and /readyz answer before this redirect (portal.middleware).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Email, for staff notifications (local.notifications): SMTP when EMAIL_HOST is set; else
# printed to the console in development and not sent at all in production, so a site
# without email settings works as before. The links in them start with SITE_URL.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or (
    "http://127.0.0.1:8000"
    if DEBUG or not ALLOWED_HOSTS
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

# No inline script or style anywhere: every script and stylesheet is a file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging: one JSON object per line on stdout --------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "json"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# A guide at its row limits (guides/admin.py) posts about 4,000 fields; the seed guide 357.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Markdown -------------------------------------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "guides.markdown.render"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = ""  # image upload is off: content is text and law
MARKDOWNX_UPLOAD_MAX_SIZE = 0
