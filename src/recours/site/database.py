"""Database settings: embedded SQLite by default, PostgreSQL when ``DATABASE_URL`` is set."""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def sqlite_database(data_dir):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / "recours.sqlite3"),
        # WAL lets readers continue while one writer commits; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def postgres_database(url):
    """Parse ``postgresql://user:password@host:port/name?sslmode=...``."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgresql://, not {parts.scheme or '(none)'}://"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. .../recours")
    options = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        options[unquote(key)] = unquote(value)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def database_from_env(url, data_dir):
    return postgres_database(url) if url else sqlite_database(data_dir)
