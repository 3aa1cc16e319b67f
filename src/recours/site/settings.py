"""Django settings for Recours, read from the environment (see docs/configuration.md)."""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from recours.site.database import database_from_env
from recours.site.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_bool("RECOURS_PRODUCTION", False)
DEBUG = env_bool("RECOURS_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("RECOURS_DEBUG cannot be true when RECOURS_PRODUCTION is true")

DATA_DIR = Path(env_str("RECOURS_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key():
    """A random key kept in the data folder, so a development site needs no set-up."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


if PRODUCTION:
    SECRET_KEY = env_secret("RECOURS_SECRET_KEY")
    ALLOWED_HOSTS = env_list("RECOURS_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("RECOURS_ALLOWED_HOSTS is required in production")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("RECOURS_SECRET_KEY must be at least 32 characters")
else:
    SECRET_KEY = env_secret("RECOURS_SECRET_KEY", None) or _development_secret_key()
    ALLOWED_HOSTS = env_list("RECOURS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "recours.core",
    "recours.crypto",
    "recours.accounts",
    "recours.audit",
    "recours.sharing",
    "recours.privacy",
    "recours.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "recours.accounts.middleware.two_factor_required",
    "recours.accounts.middleware.idle_timeout",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "recours.security.headers.security_headers",
    # Axes last, as its documentation asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "recours.site.urls"
WSGI_APPLICATION = "recours.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recours.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(env_str("DATABASE_URL", None), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("RECOURS_TIME_ZONE", "America/Toronto")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even when serving from finders
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "uploads"

# Where the quick-exit control sends a person: a neutral, widely used page.
QUICK_EXIT_URL = env_str("RECOURS_QUICK_EXIT_URL", "https://www.theweathernetwork.com/ca")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer ever leaves the site. Not "no-referrer": under it browsers send "Origin: null"
# with every form post, which Django's CSRF origin check must refuse.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("RECOURS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("RECOURS_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_COOKIE_NAME = "__Host-csrftoken"  # the prefix makes browsers insist on Secure, host-only

# --- Accounts and sign-in (docs/security.md, V2 and V3) -----------------------------------
# Argon2id first; the others only verify hashes made before a change of default.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out attempt before any check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "cases:list"
# django-axes: pause sign-in for a user name from an address after repeated failures. Locking on
# the pair (not the user name alone) stops a stranger from locking a colleague out at will.
AXES_FAILURE_LIMIT = env_int("RECOURS_SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("RECOURS_SIGN_IN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins go to the audit trail instead
AXES_LOCKOUT_CALLABLE = "recours.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = 1 if PRODUCTION else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PRODUCTION else ["REMOTE_ADDR"]
)
OTP_TOTP_ISSUER = "Recours"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOURS_RECOVERY_CODES = 10
# Sessions: an idle timeout, a hard cap, nothing that outlives the browser.
RECOURS_IDLE_TIMEOUT_MINUTES = env_int("RECOURS_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
RECOURS_REAUTH_MINUTES = env_int("RECOURS_REAUTH_MINUTES", 5, minimum=1)
SESSION_COOKIE_AGE = env_int("RECOURS_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "__Host-recours_session" if PRODUCTION else "recours_session"

# --- Encryption keys (docs/security-api.md) ---------------------------------------------------
# The key store and development key files live here, apart from the database and its backups.
RECOURS_KEYS_DIR = Path(env_str("RECOURS_KEYS_DIR", str(DATA_DIR / "keys"))).resolve()
RECOURS_RETENTION_YEARS = env_int("RECOURS_RETENTION_YEARS", 7, minimum=1)
RECOURS_CASE_MODEL = "cases.Case"
# dumpdata and backups write encrypted fields as ciphertext, never plaintext.
SERIALIZATION_MODULES = {"json": "recours.crypto.serializer"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RECOURS_LOG_LEVEL", "WARNING")},
}
