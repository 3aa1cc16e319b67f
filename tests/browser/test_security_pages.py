"""The sign-in, enrolment, confirmation, password, sharing and export pages in a real browser:
a first sign-in enrols an authenticator from the key shown as text, and axe-core finds no
serious or critical accessibility violation on any of these pages, in English or French."""

import base64
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp

from recours.accounts.models import Membership, Organisation, Role
from recours.demo.loader import load_demo, read_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
FIXTURE = read_fixture("accounts.yaml")
PASSWORD = "a long new passphrase 2026"


def serious_violations(page):
    page.evaluate(f"() => {{ {AXE}\n; window.axe = axe; }}")
    result = page.evaluate(
        """async () => (await window.axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_first_sign_in_enrols_from_the_text_key_and_every_page_is_accessible(page, screenshot):
    load_demo()
    newcomer = get_user_model().objects.create_user("new-advocate", password=PASSWORD)
    Membership.objects.create(
        user=newcomer, organisation=Organisation.objects.get(slug="horizon"), role=Role.ADVOCATE
    )
    checked = {}

    def check(name):
        screenshot(f"security-{name}")
        checked[name] = serious_violations(page)

    page.goto("/fr/accounts/sign-in/")
    check("sign-in-fr")
    page.goto("/en/accounts/sign-in/")
    page.locator("input[name=username]").fill("new-advocate")
    page.locator("input[name=password]").fill("wrong password here")
    page.locator("main form button[type=submit]").click()
    check("sign-in-failed")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/sign-in/set-up/")
    check("enrol")
    key = page.locator("dl.secret code").first.inner_text().replace(" ", "")
    padded = key + "=" * (-len(key) % 8)
    page.locator("input[name=code]").fill(f"{totp(base64.b32decode(padded)):06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("ul.recovery-codes")
    assert len(re.findall(r"[0-9a-f]{12}", page.locator("ul.recovery-codes").inner_text())) == 10
    check("recovery-codes")
    page.goto("/en/accounts/confirm/")
    check("confirm")
    page.goto("/fr/accounts/password/")
    check("password-fr")

    # An owner of demo cases for the sharing and export pages.
    page.context.clear_cookies()
    lawyer = next(a for a in FIXTURE["accounts"] if a["username"] == "demo-lawyer")
    page.goto("/en/accounts/sign-in/")
    page.locator("input[name=username]").fill("demo-lawyer")
    page.locator("input[name=password]").fill(FIXTURE["password"])
    page.locator("main form button[type=submit]").click()
    check("sign-in-code")
    page.locator("input[name=code]").fill(f"{totp(base64.b32decode(lawyer['totp_key'])):06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    from recours.cases.models import Case

    case = Case.objects.order_by("pk").first().pk
    page.goto(f"/en/cases/{case}/sharing/")
    check("sharing")
    page.goto(f"/fr/cases/{case}/sharing/")
    check("sharing-fr")
    page.goto(f"/en/cases/{case}/export/")
    check("export")
    assert {name: found for name, found in checked.items() if found} == {}
