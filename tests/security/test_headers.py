import pytest
from django.test import Client
from tests.fresh_process import run_python

from recours.accounts.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/", "/fr/", "/en/accounts/sign-in/"])
def test_every_page_carries_the_hardening_headers(path):
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_carry_no_inline_script():
    body = Client().get("/en/accounts/sign-in/").content.decode()
    assert "<script>" not in body and " onclick=" not in body and 'style="' not in body


def test_signed_in_pages_are_never_cached():
    from django.contrib.auth import get_user_model

    client = Client()
    sign_in(client, get_user_model().objects.create_user("u"))
    assert client.get("/en/accounts/confirm/")["Cache-Control"] == "no-store"


PRODUCTION = {
    "RECOURS_PRODUCTION": "true",
    "RECOURS_SECRET_KEY": "k" * 40,
    "RECOURS_ALLOWED_HOSTS": "recours.example",
}


def test_production_mode_sends_hsts_and_secure_host_only_cookies(tmp_path):
    script = (
        "import recours.site.settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_NAME, s.SECURE_SSL_REDIRECT)"
    )
    result = run_python(script, tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "__Host-recours_session", "True"]


def test_production_refuses_to_encrypt_without_an_operator_supplied_kek(tmp_path):
    script = "import django; django.setup(); from recours.crypto import keys; keys.keyring()"
    result = run_python(
        script, tmp_path, **PRODUCTION, DJANGO_SETTINGS_MODULE="recours.site.settings"
    )
    assert result.returncode != 0 and "RECOURS_KEK" in result.stderr
    assert not (tmp_path / "keys" / "kek").exists()
