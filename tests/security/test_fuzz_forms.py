"""Hypothesis throws arbitrary input at the sign-in, code, re-authentication, consent and share
forms: no server error, and nothing is stored from a rejected submission."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import form_data as fuzz_form_data
from tests.fuzzing import fuzz_settings, text

from recours.accounts.models import Membership, Organisation, Role
from recours.accounts.testing import sign_in
from recours.cases.models import Case, CaseMember
from recours.sharing.models import Consent, Share

pytestmark = pytest.mark.django_db
FUZZ = fuzz_settings(40)
field_value = st.one_of(text, st.integers().map(str), st.just(""), st.lists(text, max_size=3))


def form_data(fields):
    return fuzz_form_data(fields, field_value)


@pytest.fixture
def world():
    clinic = Organisation.objects.create(name="Clinic", slug="clinic")
    Organisation.objects.create(name="Partner", slug="partner")
    lawyer = get_user_model().objects.create_user("lawyer", password="a long passphrase 123")
    Membership.objects.create(user=lawyer, organisation=clinic, role=Role.LAWYER)
    case = Case.objects.create(
        organisation=clinic, reference="F-1", created_by=lawyer, client_name="Ines"
    )
    CaseMember.objects.create(case=case, user=lawyer)
    client = Client()
    sign_in(client, lawyer)
    return {"client": client, "case": case}


@FUZZ
@given(data=form_data(["username", "password", "next"]))
def test_sign_in_never_fails_and_never_signs_in_on_junk(data):
    client = Client()
    response = client.post("/en/accounts/sign-in/", data)
    assert response.status_code in (200, 302)
    assert "_auth_user_id" not in client.session
    assert "recours_pending_sign_in" not in client.session


@FUZZ
@given(data=form_data(["code"]))
def test_the_code_step_never_fails_on_junk(data):
    response = Client().post("/en/accounts/sign-in/code/", data)
    assert response.status_code == 302  # no pending sign-in: back to the start


@FUZZ
@given(data=form_data(["password", "code", "next"]))
def test_reauthentication_never_fails_and_never_refreshes_on_junk(world, data):
    client = world["client"]
    before = client.session["recours_auth_at"]
    response = client.post("/en/accounts/confirm/", data)
    assert response.status_code == 200
    assert client.session["recours_auth_at"] == before


@FUZZ
@given(data=form_data(["kind", "recipient", "sections", "purpose", "given_on", "expires_on"]))
def test_consent_form_rejects_junk_without_error_or_storage(world, data):
    count = Consent.objects.count()
    response = world["client"].post(f"/en/cases/{world['case'].pk}/sharing/consents/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Consent.objects.count() == count


@FUZZ
@given(data=form_data(["recipient", "sections", "override_reason", "next"]))
def test_share_form_never_shares_without_consent(world, data):
    response = world["client"].post(f"/en/cases/{world['case'].pk}/sharing/shares/", data)
    assert response.status_code == 400
    assert not Share.objects.exists()


@FUZZ
@given(data=form_data(["old_password", "new_password1", "new_password2"]))
def test_password_change_never_fails_and_keeps_the_password_on_junk(world, data):
    from django.contrib.auth import get_user_model

    response = world["client"].post("/en/accounts/password/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (
            get_user_model().objects.get(username="lawyer").check_password("a long passphrase 123")
        )
