import base64
import re

import pytest
from django.test import Client
from django_otp.oath import totp

from recours.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_a_newcomer_signs_in_with_what_make_demo_prints():
    report = load_demo()
    line = next(line for line in report.sign_ins if line.startswith("demo-lawyer "))
    username, password, rest = line.split(" / ")
    key = re.match(r"TOTP key ([A-Z2-7]+)", rest).group(1)
    client = Client()
    client.post("/en/accounts/sign-in/", {"username": username, "password": password})
    code = f"{totp(base64.b32decode(key)):06d}"
    response = client.post("/en/accounts/sign-in/code/", {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    # They land on their cases, with the main navigation.
    assert response["Location"] == "/en/cases/"
    cases = client.get(response["Location"]).content.decode()
    assert 'href="/en/cases/due/"' in cases and "Sign out" in cases


def test_every_role_has_a_demo_account_and_a_second_organisation_exists():
    from recours.accounts.models import Membership, Organisation, Role

    load_demo()
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Organisation.objects.count() >= 2
