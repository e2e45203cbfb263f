"""MotCua settings: one module, driven by environment variables (see docs/deploy.md)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """From MOTCUA_SECRET_KEY; a single machine without one gets a random key kept in var/.

    Several nodes (REDIS_URL or MOTCUA_S3_BUCKET set) must share one key, or a session or
    password-reset link made on one node is refused by the others: refuse to start without it."""
    if key := os.environ.get("MOTCUA_SECRET_KEY"):
        return key
    if os.environ.get("REDIS_URL") or os.environ.get("MOTCUA_S3_BUCKET"):
        raise ImproperlyConfigured(
            "MOTCUA_SECRET_KEY must be set when REDIS_URL or MOTCUA_S3_BUCKET is (several nodes)."
        )
    path = VAR_DIR / "secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("MOTCUA_DEBUG")
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "motcua.desk.admin_site.AdminConfig",  # django.contrib.admin, with Vietnamese names
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # serves the API docs (Swagger UI) from local static files, not a CDN
    "allauth",
    "allauth.account",
    "axes",
    "motcua.core",
    "motcua.org",
    "motcua.catalog",
    "motcua.accounts",
    "motcua.notifications",
    "motcua.dossiers",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "motcua.processing",
    "motcua.stats",
    "motcua.documents",
    "motcua.payments",
    "motcua.desk",
    "motcua.portal",
    "motcua.feedback",
    "motcua.surveys",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that pages answered from it carry the policy too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that visits answered from it are counted too.
    "motcua.portal.middleware.VisitorCounterMiddleware",
    # Answers repeated anonymous reads of public pages before the rest of the stack runs.
    "motcua.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Expensive actions (submission, upload, login...) have limits of their own.
    "motcua.core.ratelimit.ActionRateLimitMiddleware",
    # Last: turns a locked-out login into the lockout page (or JSON for the API).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.conf.urls"
WSGI_APPLICATION = "motcua.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.portal.context_processors.site",
            ],
        },
    }
]

# Database: SQLite (WAL) on one machine, PostgreSQL with DATABASE_URL.
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    # Writers queue for the lock instead of failing with "database is locked" on upgrade.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": f"test_motcua_{os.getpid()}"}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # sqlite:////path/file.sqlite3 (several processes on one file) keeps the same options.
        DATABASES["default"]["OPTIONS"] = _SQLITE_OPTIONS
    else:
        # Parameters travel apart from the SQL (less Python quoting per query), and psycopg
        # prepares a statement on the server once a connection has run it 5 times, so
        # PostgreSQL no longer parses and plans it again (docs/benchmarks.md). Django turns
        # psycopg's preparing off unless `prepare_threshold` is given. Not with pgbouncer in
        # transaction mode.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "motcua.sqlite3",
            "OPTIONS": _SQLITE_OPTIONS,
            # A file (not memory) so that tests with several processes share it;
            # per process id so that parallel runs never collide.
            "TEST": {"NAME": VAR_DIR / f"test-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared between processes (database table, or Redis with REDIS_URL);
# "local" is a per-process cache for throttling only, never for state.
if os.environ.get("REDIS_URL"):
    _shared_cache = {
        "BACKEND": "motcua.core.cache.SharedRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # Lets several deployments (or test runs) share one Redis without mixing keys.
        "KEY_PREFIX": os.environ.get("MOTCUA_CACHE_KEY_PREFIX", ""),
    }
else:
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "motcua_cache",
        # Rate-limit counters are one entry per client and window: the default 300 entries
        # would be culled under load, resetting counters early.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
CACHES = {
    "default": _shared_cache,
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
    # Public pages for anonymous visitors (motcua.core.pagecache): each process's copy,
    # bounded (a page is 5–60 KB, so at most about 30 MB per process); shared through
    # "default".
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
if os.environ.get("REDIS_URL"):
    # Sessions on the same Redis, through a backend whose failed writes raise (a 503) where
    # the "default" one drops them (motcua.core.cache).
    CACHES["sessions"] = {**_shared_cache, "BACKEND": "motcua.core.cache.SessionRedisCache"}
    SESSION_CACHE_ALIAS = "sessions"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Vietnamese first, English second; Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
# The visitor's choice of the switcher is kept for a year (Django's default: until the
# browser closes).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["motcua.conf.formats"]

# Static files come from the packages at install time (Bootstrap from xstatic-bootstrap,
# Chart.js from the npm registry: package.json, installed by scripts/install.sh).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# Dossier files live in private storage: there is no public media URL.
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": "/khong-cong-khai/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage_from_env() -> dict:
    """Private S3-compatible storage (django-storages) for dossier files, from MOTCUA_S3_*.

    Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3 reads them).
    Objects are private and no code asks for their URL: downloads are streamed from
    storage.open() by the permission-checked views."""
    endpoint_url = os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MOTCUA_S3_BUCKET"],
            "endpoint_url": endpoint_url,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            # Self-hosted servers (MinIO, Ceph) answer on one host name: bucket in the path.
            "addressing_style": "path" if endpoint_url else None,
            "default_acl": "private",
            "querystring_auth": True,
            # A download larger than this is buffered on the node's temporary disk, not in RAM.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


if os.environ.get("MOTCUA_S3_BUCKET"):
    STORAGES["default"] = s3_storage_from_env()

WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_HTTPS")
CSRF_COOKIE_SECURE = env_bool("MOTCUA_HTTPS")
# HTTPS (MOTCUA_HTTPS=1, docs/deploy.md): plain HTTP is redirected (behind the proxy the
# scheme comes from X-Forwarded-Proto, SECURE_PROXY_SSL_HEADER below), except the load
# balancer's health check that reaches a node directly; browsers are told to use HTTPS only
# (HSTS, a year by default) for the host and its sub-domains.
SECURE_SSL_REDIRECT = env_bool("MOTCUA_HTTPS")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("MOTCUA_HSTS_SECONDS", 365 * 24 * 3600 if env_bool("MOTCUA_HTTPS") else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Content Security Policy (docs/security.md): scripts and styles only from our static files,
# no inline code at all (no nonces: the page cache hands one rendering to many visitors).
# A view that may be framed by our own pages uses motcua.core.security.frameable.
MOTCUA_PAYMENT_GATEWAY_ORIGIN = os.environ.get("MOTCUA_PAYMENT_GATEWAY_ORIGIN", "")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Bootstrap draws its form controls with data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, *filter(None, [MOTCUA_PAYMENT_GATEWAY_ORIGIN])],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # ID and phone numbers are masked in every record (motcua.core.logmask, docs/security.md).
    "filters": {"mask_numbers": {"()": "motcua.core.logmask.MaskNumbersFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_numbers"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "WARNING")},
}

# MotCua's own settings.
MOTCUA_PROVINCE_NAME = os.environ.get("MOTCUA_PROVINCE_NAME", "Khánh Hòa")
MOTCUA_ONLINE_WINDOW_SECONDS = 5 * 60
MOTCUA_VISIT_GAP_SECONDS = 30 * 60
# How old a public page served to an anonymous visitor may be (0: no page cache).
MOTCUA_PUBLIC_PAGE_SECONDS = int(os.environ.get("MOTCUA_PUBLIC_PAGE_SECONDS", "30"))
# How long each process keeps an officer's queue tab counts (desk.views._tab_counts).
MOTCUA_DESK_TABS_SECONDS = int(os.environ.get("MOTCUA_DESK_TABS_SECONDS", "30"))
# How long a rendered report table is kept at most (stats.selectors.cached_figures); any
# committed change of the figures replaces it at once (0: no cache).
MOTCUA_STATS_CACHE_SECONDS = int(os.environ.get("MOTCUA_STATS_CACHE_SECONDS", "300"))
MOTCUA_SITE_TITLE = _("Cổng dịch vụ công")
# How messages name the site and link to it (never the address a request came in on).
MOTCUA_SITE_NAME = os.environ.get(
    "MOTCUA_SITE_NAME", f"Cổng dịch vụ công tỉnh {MOTCUA_PROVINCE_NAME}"
)
MOTCUA_SITE_URL = os.environ.get("MOTCUA_SITE_URL", "http://localhost:8000").rstrip("/")
MOTCUA_SITE_DOMAIN = MOTCUA_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
# Notifications (motcua.notifications): the SMS provider (notifications/sms/registry.py),
# the delays between attempts, and how long a send may take before another worker takes
# the message over (requeue_stalled).
MOTCUA_SMS_PROVIDER = os.environ.get("MOTCUA_SMS_PROVIDER", "database")
MOTCUA_NOTIFICATION_RETRY_MINUTES = [1, 5, 30, 180]
MOTCUA_NOTIFICATION_LEASE_SECONDS = int(os.environ.get("MOTCUA_NOTIFICATION_LEASE_SECONDS", "600"))
# Public reference data (GSO units, national catalogue) read by the demo loaders: the copy
# kept in the repository (data/README.md), or a newer export a province points to.
MOTCUA_REFERENCE_DATA_DIR = Path(os.environ.get("MOTCUA_REFERENCE_DATA_DIR", BASE_DIR / "data"))

# Working-time calendar (motcua.core.calendar): office hours, and how long a process may
# use the admin's day swaps before re-reading them (changes reach every node within this).
MOTCUA_WORKING_PERIODS = [("07:00", "11:30"), ("13:30", "17:00")]
MOTCUA_WORKING_DAY_HOURS = 8
MOTCUA_CALENDAR_REFRESH_SECONDS = 5

# Uploads: the same limits are shown in the forms and in docs/nginx.conf (client_max_body_size).
MOTCUA_MAX_UPLOAD_MB = int(os.environ.get("MOTCUA_MAX_UPLOAD_MB", "10"))
MOTCUA_MAX_DOSSIER_MB = int(os.environ.get("MOTCUA_MAX_DOSSIER_MB", "50"))
MOTCUA_DEFAULT_FILE_TYPES = ["pdf", "jpg", "png", "docx", "xlsx", "odt"]
# Drafts untouched for this many days are deleted with their files (manage.py purge_drafts,
# daily); 0 keeps them. Submitted dossiers are never affected.
MOTCUA_DRAFT_RETENTION_DAYS = int(os.environ.get("MOTCUA_DRAFT_RETENTION_DAYS", "90"))
# A request carries at most one dossier's files; form fields (not files) stay under one file's size.
DATA_UPLOAD_MAX_MEMORY_SIZE = MOTCUA_MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MOTCUA_MAX_UPLOAD_MB * 1024 * 1024

# Accounts (motcua.accounts): allauth for sign-up, login by email or username, email
# verification and password reset; axes locks a username+IP out after 5 failed logins.
AUTHENTICATION_BACKENDS = [
    "motcua.accounts.backends.LockoutBackend",
    "motcua.accounts.backends.AccountBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "motcua.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "motcua.accounts.forms.LoginForm",
    "signup": "motcua.accounts.forms.SignupForm",
    "reset_password": "motcua.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "motcua.accounts.forms.ResetPasswordKeyForm",
    "change_password": "motcua.accounts.forms.ChangePasswordForm",
    "add_email": "motcua.accounts.forms.AddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Login works before the address is verified; submitting a dossier needs it
# (motcua.accounts.selectors.has_verified_email).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Logged out when the browser closes (many applicants use shared or public computers).
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# axes counts failures; allauth's own cache-based limiter is left for password reset mails.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
# The same client address as the rate limits (honours MOTCUA_TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "motcua.accounts.lockout.client_ip"

# Email: SMTP from the environment; without EMAIL_HOST mails are written to files in var/mail.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MotCua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# Rate limits (motcua.core.ratelimit): scope -> "N/period", counted per client IP in the shared
# cache. Behind a reverse proxy set MOTCUA_TRUSTED_PROXY_COUNT to the number of proxies.
# A logged-in request counts per account instead, against "<scope>_account" where one is set;
# the expensive actions (motcua.core.ratelimit.ACTION_SCOPES) count against their own limits too.
MOTCUA_RATE_LIMITS = {
    "api": os.environ.get("MOTCUA_API_RATE_LIMIT", "120/minute"),
    "lookup": os.environ.get("MOTCUA_LOOKUP_RATE_LIMIT", "10/minute"),
    "feedback": os.environ.get("MOTCUA_FEEDBACK_RATE_LIMIT", "5/hour"),
    "verify": os.environ.get("MOTCUA_VERIFY_RATE_LIMIT", "20/minute"),
    "api_account": os.environ.get("MOTCUA_API_ACCOUNT_RATE_LIMIT", "600/minute"),
    "submission": os.environ.get("MOTCUA_SUBMISSION_RATE_LIMIT", "30/hour"),
    "upload": os.environ.get("MOTCUA_UPLOAD_RATE_LIMIT", "200/hour"),
    "login": os.environ.get("MOTCUA_LOGIN_RATE_LIMIT", "20/minute"),
    "verification": os.environ.get("MOTCUA_VERIFICATION_RATE_LIMIT", "10/minute"),
}
MOTCUA_TRUSTED_PROXY_COUNT = int(os.environ.get("MOTCUA_TRUSTED_PROXY_COUNT", "0"))
# Behind the trusted proxy (which overwrites X-Forwarded-Proto, see docs/nginx.conf), HTTPS
# is the browser's scheme: CSRF origin checks and secure redirects need to know it.
if MOTCUA_TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Payments (motcua.payments): the provider by name (payments.registry); the merchant's code,
# secret and gateway addresses only from the environment. The sandbox gateway served under
# /sandbox-gateway/ answers 404 unless MOTCUA_SANDBOX_GATEWAY is on (scripts/run.sh turns it on).
MOTCUA_SANDBOX_GATEWAY = env_bool("MOTCUA_SANDBOX_GATEWAY")
MOTCUA_PAYMENT_PROVIDER = os.environ.get(
    "MOTCUA_PAYMENT_PROVIDER", "sandbox" if MOTCUA_SANDBOX_GATEWAY else "vnpay"
)
MOTCUA_VNPAY_TMN_CODE = os.environ.get("MOTCUA_VNPAY_TMN_CODE", "")
MOTCUA_VNPAY_HASH_SECRET = os.environ.get("MOTCUA_VNPAY_HASH_SECRET", "")
MOTCUA_VNPAY_PAYMENT_URL = os.environ.get("MOTCUA_VNPAY_PAYMENT_URL", "")
MOTCUA_VNPAY_API_URL = os.environ.get("MOTCUA_VNPAY_API_URL", "")
# A payment still pending this long is asked about (reconciliation task).
MOTCUA_PAYMENT_RECONCILE_MINUTES = 15
# Electronic results (motcua.documents): the leader's approval of a level-4 dossier signs its
# result (PAdES, pyHanko) with the unit's key from the provider named here. "pkcs12": the
# file MOTCUA_SIGNING_PKCS12 for every unit, else MOTCUA_SIGNING_DIR/<unit identifier>.p12
# (`manage.py make_dev_signing_cert` makes a development CA and one per unit there), opened
# with MOTCUA_SIGNING_PASSPHRASE. Verification trusts the CA certificates in
# MOTCUA_SIGNING_CA (PEM; default MOTCUA_SIGNING_DIR/ca.pem).
MOTCUA_SIGNING_PROVIDER = os.environ.get("MOTCUA_SIGNING_PROVIDER", "pkcs12")
MOTCUA_SIGNING_DIR = Path(os.environ.get("MOTCUA_SIGNING_DIR", VAR_DIR / "signing"))
MOTCUA_SIGNING_PKCS12 = os.environ.get("MOTCUA_SIGNING_PKCS12", "")
MOTCUA_SIGNING_PASSPHRASE = os.environ.get("MOTCUA_SIGNING_PASSPHRASE", "")
MOTCUA_SIGNING_CA = os.environ.get("MOTCUA_SIGNING_CA", "")
# The visible stamp's font: full Vietnamese coverage, 1000 units per em (fonts-noto-core).
MOTCUA_SIGNING_FONT = os.environ.get(
    "MOTCUA_SIGNING_FONT", "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
)
