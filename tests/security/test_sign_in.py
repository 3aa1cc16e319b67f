import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from recours.accounts.sessions import AUTH_AT, LAST_ACTIVITY
from recours.accounts.testing import sign_in
from recours.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"
SIGN_IN = "/en/accounts/sign-in/"
CODE = "/en/accounts/sign-in/code/"
ENROL = "/en/accounts/sign-in/set-up/"
CONFIRM = "/en/accounts/confirm/"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def user():
    return get_user_model().objects.create_user("rosa", password=PASSWORD)


@pytest.fixture
def device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def code_for(device):
    device.refresh_from_db()
    device.last_t = -1  # let a test use the current step again
    device.save()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def signed_in(client):
    return "_auth_user_id" in client.session


def page_text(response):
    """The page without its per-request CSRF token, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_passwords_are_hashed_with_argon2(user):
    import recours.site.settings as site_settings

    # The site's own setting (these tests swap in a cheaper Argon2id to run fast).
    assert site_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert user.password.startswith("argon2$argon2id$")


def test_a_password_alone_does_not_sign_in(client, user, device):
    response = client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CODE
    assert not signed_in(client)
    assert client.get(CONFIRM).status_code == 302


def test_password_then_code_signs_in_and_is_audited(client, user, device):
    client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    response = client.post(CODE, {"code": code_for(device)})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(CONFIRM).status_code == 200
    assert AuditEntry.objects.filter(action=Action.SIGN_IN, actor_id=user.pk).exists()


def test_a_wrong_code_does_not_sign_in_and_is_audited(client, user, device):
    client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200 and not signed_in(client)
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_FAILED, object_id=user.pk).exists()


def test_the_code_step_cannot_be_reached_without_the_password(client, user, device):
    response = client.post(CODE, {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == SIGN_IN
    assert not signed_in(client)


def test_first_sign_in_enrols_an_authenticator_and_hands_out_recovery_codes(client, user):
    client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    page = client.get(ENROL)
    assert page.status_code == 200
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.content.decode()).group(1)
    assert "otpauth://totp/" in page.content.decode()
    assert not signed_in(client)
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") in page.content.decode().replace(" ", "")
    done = client.post(ENROL, {"code": code_for(pending)})
    assert done.status_code == 200 and signed_in(client)
    codes = re.findall(r"<li><code>([0-9a-f]{12})</code></li>", done.content.decode())
    assert len(codes) == 10
    from django_otp.plugins.otp_static.models import StaticToken

    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # the database holds no usable code
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_ENROL, actor_id=user.pk).exists()

    # A recovery code signs in once, and only once.
    for expected in (True, False):
        other = Client()
        other.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
        other.post(CODE, {"code": codes[0]})
        assert signed_in(other) is expected


def test_a_failed_sign_in_reads_the_same_for_a_real_and_an_unknown_account(client, user):
    wrong_password = client.post(SIGN_IN, {"username": "rosa", "password": "nope nope nope"})
    unknown = Client().post(SIGN_IN, {"username": "nobody", "password": "nope nope nope"})
    assert wrong_password.status_code == unknown.status_code == 200
    assert page_text(wrong_password).replace("rosa", "nobody") == page_text(unknown)


def test_lockout_refuses_even_the_right_password_and_reads_like_any_failure(client, user, device):
    for _ in range(5):
        failed = client.post(SIGN_IN, {"username": "rosa", "password": "wrong wrong wrong"})
    locked = client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    assert locked.status_code == failed.status_code == 200
    assert page_text(locked) == page_text(failed)
    assert not signed_in(client) and "recours_pending_sign_in" not in client.session

    # An unknown user name is "locked" the same way, so lockout reveals nothing either.
    stranger = Client()
    for _ in range(5):
        stranger.post(SIGN_IN, {"username": "nobody", "password": "wrong wrong wrong"})
    unknown_locked = stranger.post(SIGN_IN, {"username": "nobody", "password": PASSWORD})
    assert page_text(unknown_locked).replace("nobody", "rosa") == page_text(locked)
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() >= 10
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_LOCKED).exists()


def test_failed_sign_ins_never_store_what_was_typed(client, user):
    client.post(SIGN_IN, {"username": "my-secret-password", "password": "x"})
    for entry in AuditEntry.objects.all():
        assert "my-secret-password" not in str(entry.chained_fields())


def test_a_session_without_a_verified_second_factor_is_ended(client, user):
    client.force_login(user)
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert not signed_in(client)


def test_an_idle_session_is_signed_out_and_audited(client, user, settings):
    sign_in(client, user)
    session = client.session
    session[LAST_ACTIVITY] = time.time() - (settings.RECOURS_IDLE_TIMEOUT_MINUTES * 60 + 5)
    session.save()
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action=Action.IDLE_TIMEOUT, actor_id=user.pk).exists()


def test_a_session_in_use_stays_signed_in(client, user, settings):
    sign_in(client, user)
    session = client.session
    session[LAST_ACTIVITY] = time.time() - (settings.RECOURS_IDLE_TIMEOUT_MINUTES * 60 - 60)
    session.save()
    assert client.get(CONFIRM).status_code == 200
    assert signed_in(client)
    assert client.session[LAST_ACTIVITY] > time.time() - 5


def test_sign_out_needs_a_post_and_ends_the_session(client, user):
    sign_in(client, user)
    assert client.get("/en/accounts/sign-out/").status_code == 405
    assert client.post("/en/accounts/sign-out/").status_code == 302
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action=Action.SIGN_OUT, actor_id=user.pk).exists()


def test_next_never_leads_off_site(client, user, device):
    client.post(SIGN_IN + "?next=https://evil.example/", {"username": "rosa", "password": PASSWORD})
    response = client.post(CODE, {"code": code_for(device)})
    assert response["Location"] == "/en/cases/"  # LOGIN_REDIRECT_URL, on this site


def test_next_brings_the_user_back_after_both_steps(client, user, device):
    client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD, "next": CONFIRM})
    response = client.post(CODE, {"code": code_for(device)})
    assert response["Location"] == CONFIRM


def test_reauthentication_needs_password_and_code_and_refreshes_the_time(client, user):
    device = sign_in(client, user, recent_auth=False)
    bad = client.post(CONFIRM, {"password": "wrong wrong", "code": code_for(device)})
    assert bad.status_code == 200 and client.session[AUTH_AT] == 0
    good = client.post(CONFIRM + "?next=/en/", {"password": PASSWORD, "code": code_for(device)})
    assert good.status_code == 302 and good["Location"] == "/en/"
    assert client.session[AUTH_AT] > time.time() - 5
    assert AuditEntry.objects.filter(action=Action.REAUTH, actor_id=user.pk).exists()


def test_require_recent_auth_sends_a_stale_session_to_confirm(rf, user, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from recours.accounts.decorators import require_recent_auth

    @require_recent_auth
    def export(request):
        return HttpResponse("exported")

    request = rf.get("/en/cases/1/export/")
    request.user = user
    request.session = SessionStore()
    request.session[AUTH_AT] = time.time() - (settings.RECOURS_REAUTH_MINUTES * 60 + 1)
    stale = export(request)
    assert stale.status_code == 302
    assert stale["Location"] == "/en/accounts/confirm/?next=%2Fen%2Fcases%2F1%2Fexport%2F"
    request.session[AUTH_AT] = time.time()
    assert export(request).content == b"exported"


def test_sign_out_tells_the_browser_to_clear_cache_and_storage(client, user):
    sign_in(client, user)
    response = client.post("/en/accounts/sign-out/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signing_in_issues_a_new_session_id(client, user, device):
    client.get(SIGN_IN)
    client.post(SIGN_IN, {"username": "rosa", "password": "wrong wrong wrong"})
    before = client.session.session_key
    client.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    client.post(CODE, {"code": code_for(device)})
    assert signed_in(client) and client.session.session_key != before


def test_a_code_cannot_be_used_twice(user, device):
    code = code_for(device)
    first, second = Client(), Client()
    first.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    first.post(CODE, {"code": code})
    second.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    second.post(CODE, {"code": code})
    assert signed_in(first) and not signed_in(second)


def test_sign_in_refuses_a_post_without_the_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SIGN_IN, {"username": "rosa", "password": PASSWORD})
    assert response.status_code == 403


def test_password_policy_wants_12_characters_and_accepts_long_passphrases(user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short1!", user)
    with pytest.raises(ValidationError):
        validate_password("password1234", user)  # a common password
    long_phrase = "correct horse battery staple " * 4  # 116 characters, spaces, no rules
    validate_password(long_phrase, user)
    user.set_password(long_phrase)
    user.save()
    assert Client().post(SIGN_IN, {"username": "rosa", "password": long_phrase}).status_code == 302


def test_changing_the_password_needs_the_old_one_and_ends_other_sessions(user):
    here, elsewhere = Client(), Client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    url = "/en/accounts/password/"
    new = "another long passphrase 77"
    refused = here.post(url, {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert refused.status_code == 200
    changed = here.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert changed.status_code == 302
    assert here.get(CONFIRM).status_code == 200  # this session goes on
    assert elsewhere.get(CONFIRM).status_code == 302  # the other one is signed out
    assert AuditEntry.objects.filter(action=Action.PASSWORD_CHANGE, actor_id=user.pk).exists()
