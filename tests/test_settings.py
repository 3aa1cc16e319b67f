"""Settings are checked in a fresh interpreter, since Django reads them once per process."""

import os

import pytest
from tests.fresh_process import run_python

from recours.site.database import database_from_env, postgres_database


def _load_settings(tmp_path, **env):
    return run_python(
        "import recours.site.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)", tmp_path, **env
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _load_settings(tmp_path, RECOURS_PRODUCTION="true", RECOURS_ALLOWED_HOSTS="a.example")
    assert result.returncode != 0
    assert "RECOURS_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _load_settings(tmp_path, RECOURS_PRODUCTION="true", RECOURS_SECRET_KEY="k" * 40)
    assert result.returncode != 0
    assert "RECOURS_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both(tmp_path):
    result = _load_settings(
        tmp_path,
        RECOURS_PRODUCTION="true",
        RECOURS_SECRET_KEY="k" * 40,
        RECOURS_ALLOWED_HOSTS="recours.example",
    )
    assert result.returncode == 0, result.stderr
    assert "False ['recours.example']" in result.stdout


def test_a_badly_spelt_boolean_stops_the_site(tmp_path):
    result = _load_settings(tmp_path, RECOURS_DEBUG="yes")
    assert result.returncode != 0
    assert "RECOURS_DEBUG must be true or false" in result.stderr


def test_development_keeps_a_generated_secret_key_in_the_data_folder(tmp_path):
    assert _load_settings(tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    assert _load_settings(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_sqlite_is_the_default_in_wal_mode(tmp_path):
    database = database_from_env(None, tmp_path)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "recours.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_a_postgresql_url_is_parsed():
    database = postgres_database(
        "postgresql://rec%40user:p%2Fw@db.internal:5433/recours?sslmode=require"
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("rec@user", "p/w")
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        "5433",
        "recours",
    )
    assert database["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@h/"])
def test_a_bad_database_url_is_refused(url):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        postgres_database(url)


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_named_by_database_url(settings):
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
    if expected == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            # The test database lives in memory, where SQLite reports "memory" instead of WAL.
            assert cursor.fetchone()[0] in {"wal", "memory"}
