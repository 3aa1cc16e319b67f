"""No page asks another origin for anything, and none breaks the Content Security Policy.

A signed-in crawl follows every same-site link from the case list (GET only, never sign-out),
so pages added later are covered without editing this test.
"""

import base64
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp

from recours.demo.loader import load_demo, read_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = read_fixture("accounts.yaml")
MAX_PAGES = 40
SKIP = ("/sign-out/", ".ics", "/files/", "/i18n/", "format=json")


def sign_in_through_the_page(page, username):
    key = next(a["totp_key"] for a in FIXTURE["accounts"] if a["username"] == username)
    page.goto("/en/accounts/sign-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(FIXTURE["password"])
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=code]").fill(f"{totp(base64.b32decode(key)):06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url


def test_no_page_requests_another_origin_or_violates_the_csp(page, live_server, foreign_requests):
    load_demo()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/en/accounts/sign-in/")
    sign_in_through_the_page(page, "demo-lawyer")
    own = urlsplit(live_server.url).netloc
    from recours.cases.models import Case

    first = Case.objects.order_by("pk").first().pk
    queue = ["/en/cases/", "/fr/cases/", "/en/", "/en/accounts/password/"]
    queue += [f"/en/cases/{first}/sharing/", f"/fr/cases/{first}/export/"]
    seen = set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc == own and not any(s in href for s in SKIP):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert len(seen) >= 10, seen
    assert foreign_requests == []
    assert violations == []
