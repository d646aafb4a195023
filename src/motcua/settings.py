"""Django settings. Nothing here is read from the environment directly: `config.py` parses it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from motcua.config import load_config
from motcua.domain.uploads import MAX_BYTES as UPLOAD_MAX_BYTES
from motcua.domain.vntime import VN_TIME_ZONE

CONFIG = load_config(os.environ)
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = CONFIG.secret_key
MOTCUA_AUDIT_KEY = CONFIG.audit_key  # audit/chain.py: keys the chain; never in the database
MOTCUA_AUDIT_PARTITIONS = CONFIG.audit_partitions  # audit/partitions.py
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(CONFIG.csrf_trusted_origins)
CSRF_FAILURE_VIEW = "motcua.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI at /api/docs from ninja's own static files, not a CDN
    "django_tasks",
    "huey.contrib.djhuey",
    "motcua.core",
    "motcua.accounts",
    "motcua.units",
    "motcua.catalog",
    "motcua.calendars",
    "motcua.documents",
    "motcua.audit",
    "motcua.dossiers",
    "motcua.payments",
    "motcua.reports",
    "motcua.citizens",
    "motcua.results",
    "motcua.feedback",
    "motcua.notifications",
    "motcua.portal",
    "motcua.bundles",
    "motcua.alerts",
    "motcua.control",
    "motcua.ops",
    "motcua.postal",
    "motcua.prints",
    "motcua.eforms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.errors.ApiJsonErrorsMiddleware",
    "motcua.core.middleware.ContentSecurityPolicyMiddleware",
    "motcua.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.core.middleware.RejectUnstorableTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.core.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.audit.middleware.AuditOriginMiddleware",
    "motcua.core.errors.BadInputMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

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
                "motcua.core.context_processors.today",
            ],
            "builtins": ["motcua.core.templatetags.vn"],
        },
    },
]

DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "motcua.citizens.backends.StaffModelBackend",  # citizens sign in at /cong-dan/dang-nhap/
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "motcua.accounts.passwords.FullNameSimilarityValidator"},
    {"NAME": "motcua.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first. Django's `vi` formats lack NUMBER_GROUPING: without it 1652 prints as "1652".
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = VN_TIME_ZONE
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy in and out (Django's `vi` has no input formats: 07/12/2026 would be 12 July).
FORMAT_MODULE_PATH = ["motcua.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
# In development whitenoise serves straight from the apps; production runs `collectstatic`.
WHITENOISE_USE_FINDERS = CONFIG.env == "development"
WHITENOISE_AUTOREFRESH = CONFIG.debug

_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if CONFIG.env == "production"
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
_default_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if CONFIG.s3 is not None:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CONFIG.s3.bucket,
            "endpoint_url": CONFIG.s3.endpoint_url,
            "region_name": CONFIG.s3.region,
            "access_key": CONFIG.s3.access_key,
            "secret_key": CONFIG.s3.secret_key,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # boto3 ≥ 1.36 integrity headers break MinIO/Ceph unless only sent when required.
    os.environ.setdefault("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")
    os.environ.setdefault("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")
STORAGES = {"default": _default_storage, "staticfiles": {"BACKEND": _static_backend}}

# Jobs: Huey behind the django_tasks API. Exactly one consumer runs periodic tasks (`-n` elsewhere).
_huey: dict[str, Any] = {"name": "motcua", "immediate": CONFIG.task_queue == "immediate"}
if CONFIG.task_queue == "sqlite":
    _huey |= {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "tasks.sqlite3")}
elif CONFIG.task_queue == "postgres":
    _db = CONFIG.database
    _huey |= {
        "huey_class": "huey.PostgresHuey",
        "host": _db["HOST"],
        "port": _db["PORT"] or None,
        "dbname": _db["NAME"],
        "user": _db["USER"],
        "password": _db["PASSWORD"],
    }
elif CONFIG.task_queue == "redis":
    _huey |= {"huey_class": "huey.RedisHuey", "url": CONFIG.task_queue_url}
else:
    _huey |= {"huey_class": "huey.MemoryHuey"}
HUEY = _huey
MOTCUA_PAYMENT = CONFIG.payment  # payments/gateway.py
MOTCUA_VNEID = CONFIG.vneid  # citizens/sign_in.vneid_provider
MOTCUA_PUBLIC_URL = CONFIG.public_url  # links in messages, QR codes
MOTCUA_TRUSTED_PROXIES = CONFIG.trusted_proxies  # core/ratelimit.client_address
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}
# Cổng DVCQG sync (portal app; docs/portal-sync.md). Tests replace it with their simulator's.
MOTCUA_ENV = CONFIG.env
MOTCUA_PORTAL = CONFIG.portal
# II.06a, the QĐ 766 inputs and the dashboard count from the summary table kept by
# reports/maintain.py; "rows" counts from the dossier rows (the oracle; docs/reports.md).
MOTCUA_REPORT_SOURCE = "summary"
# Rate-limit counters on SQLite: a side file, not the main database (core/ratelimit.py).
MOTCUA_RATE_LIMIT_DB = DATA_DIR / "ratelimit.sqlite3"
# Without an environment variable yet (docs/configuration.md): the size limit of one uploaded
# file (citizens/uploads.py) and the SMS/Zalo adapter (notifications/channels.py).
MOTCUA_UPLOAD_MAX_BYTES = UPLOAD_MAX_BYTES
MOTCUA_SMS_BACKEND = "recording"

EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[CONFIG.email_backend]
EMAIL_FILE_PATH = DATA_DIR / "outbox-email"
DEFAULT_FROM_EMAIL = CONFIG.default_from_email

# Electronic results (results/): the units' signing certificates and the verification trust roots.
SIGNING_DIR = CONFIG.signing_dir
SIGNING_PASSWORD = CONFIG.signing_password
SIGNING_TRUST_ROOTS = CONFIG.signing_trust_roots
SIGNING_TSA = CONFIG.signing_tsa  # results/signing.timestamper

# Headers, sessions and request sizes (docs/configuration.md, docs/deployment.md).
SESSION_COOKIE_SECURE = CONFIG.https
CSRF_COOKIE_SECURE = CONFIG.https
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if CONFIG.https:  # always in production (config.py refuses MOTCUA_HTTPS=false there)
    SECURE_SSL_REDIRECT = True  # plain HTTP gets a redirect to https://, never a page
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health probe may use plain HTTP
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = CONFIG.web.hsts_preload
if CONFIG.web.behind_tls_proxy:  # only a proxy that overwrites the header may be believed
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script or style, nothing from another origin (core/middleware.py sends it).
# form-action is left open: VNeID sign-in and online payment redirect to their operators' pages.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
MOTCUA_STAFF_IDLE_SECONDS = CONFIG.web.staff_idle_minutes * 60  # sliding, staff only
MOTCUA_REQUEST_MAX_BYTES = CONFIG.web.request_max_bytes  # larger bodies: 413 before reading
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (Django's default)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
