"""The workspace in a real browser: sign in with two steps, work a case end to end, in English and
in French, by keyboard, with axe-core finding no serious or critical accessibility violation."""

import base64
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp

from recours.demo.loader import load_demo, read_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PASSWORD = read_fixture("accounts.yaml")["password"]
TOTP_KEYS = {a["username"]: a["totp_key"] for a in read_fixture("accounts.yaml")["accounts"]}


@pytest.fixture
def demo():
    load_demo()
    from recours.cases.models import Case

    return {case.reference: case.pk for case in Case.objects.all()}


def sign_in(page, username="demo-lawyer", lang="en"):
    page.goto(f"/{lang}/accounts/sign-in/")
    page.get_by_label("User name" if lang == "en" else "Nom d’utilisateur").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.narrow-form button[type=submit]").click()
    code = f"{totp(base64.b32decode(TOTP_KEYS[username])):06d}"
    page.locator("input[name=code]").fill(code)
    page.locator("form.narrow-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url


def axe_violations(page):
    """Serious and critical axe-core violations of the page as it is now.

    axe is evaluated through the DevTools protocol, so it needs no inline script and the site's
    Content Security Policy stays as strict as it is for users.
    """
    page.evaluate(f"() => {{ {AXE}\n; window.axe = axe; }}")
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                              'wcag22aa', 'best-practice']}});
            return r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_main_pages_have_no_serious_accessibility_violation(page, demo, screenshot):
    sign_in(page)
    case = demo["DEMO-0001"]
    pages = {
        "case-list": "/en/cases/",
        "case-new": "/en/cases/new/",
        "due-list": "/en/cases/due/",
        "case-summary": f"/en/cases/{case}/",
        "intake-topic": f"/en/cases/{case}/intake/status/",
        "intake-sensitive": f"/en/cases/{case}/intake/control/",
        "intake-review": f"/en/cases/{case}/intake/review/",
        "situation": f"/en/cases/{case}/situation/",
        "plan": f"/en/cases/{case}/plan/",
        "plan-compare": f"/en/cases/{case}/plan/compare/?option=owp_v&option=peace_bond",
        "plan-print": f"/en/cases/{case}/plan/print/",
        "evidence": f"/en/cases/{case}/evidence/",
        "tasks": f"/en/cases/{case}/tasks/",
        "calendar": f"/en/cases/{case}/calendar/",
        "outcomes": f"/en/cases/{case}/outcomes/",
        "timeline": f"/en/cases/{case}/timeline/",
        "plan-fr": f"/fr/cases/{case}/plan/",
        "intake-fr": f"/fr/cases/{case}/intake/violence/",
    }
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        screenshot(f"workspace-{name}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, indent=1)


def test_a_case_from_creation_to_calendar_export(page, demo, screenshot, foreign_requests):
    sign_in(page)
    page.goto("/en/cases/")
    page.get_by_role("link", name="New case").click()
    page.get_by_label("Name the person wants us to use").fill("Ana Fictional")
    page.get_by_role("button", name="Open the case and start the intake").click()
    page.wait_for_url(re.compile(r"/intake/start/$"))
    assert page.get_by_text("Topic 1 of").is_visible()

    # Walk the interview: every topic can be skipped; answer a few facts on the way.
    answers = {
        "where": lambda: page.locator("#q-province_now").get_by_label("Ontario").check(),
        "status": lambda: (
            page.locator("#q-status_today").get_by_label("Has a work permit").check(),
            page.locator("#q-permit_type").get_by_label("Tied to one employer").check(),
        ),
        "work": lambda: (
            page.locator("#q-sector").get_by_label("Farm work").check(),
            page.locator("#q-sex_business").get_by_label("No", exact=True).check(),
        ),
        "control": lambda: page.locator("#q-documents_held").get_by_label("Yes").check(),
        "goals": lambda: page.locator("#q-goals").get_by_label("Work legally").check(),
    }
    for _ in range(20):
        topic = re.search(r"/intake/([a-z_]+)/$", page.url).group(1)
        if topic in answers:
            answers[topic]()
        if topic == "control":
            assert page.get_by_role("note").is_visible()  # the content note comes first
        button = page.get_by_role("button", name=re.compile("Save and (continue|finish)"))
        button.click()
        page.wait_for_load_state()
        if page.url.endswith("/intake/review/"):
            break
    assert page.url.endswith("/intake/review/")
    assert page.get_by_text("cd.documents_confiscated").first.is_visible()

    page.get_by_role("link", name="Plan", exact=True).click()
    owp = page.locator("#option-owp_v")
    assert "Eligible" in owp.locator(".eligibility").inner_text()
    screenshot("flow-plan-before")

    # A fact changes: the permit is open, not tied to one employer; the plan follows.
    page.get_by_role("link", name="Situation", exact=True).click()
    page.get_by_label("Kind of work permit").select_option("open")
    page.get_by_role("button", name="Save and update the plan").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    assert "Not eligible" in page.locator("#option-owp_v .eligibility").inner_text()
    screenshot("flow-plan-after")

    # Goals update the plan in place (htmx): no navigation, new order.
    url = page.url
    with page.expect_response(re.compile(r"/plan/priorities/$")):
        page.locator("#goal-recover_wages").check()
    assert page.url == url
    assert page.locator("#plan-body #option-employment_standards_claim").is_visible()

    page.get_by_role("link", name="Evidence", exact=True).click()
    page.get_by_role("button", name="Add to the checklist").scroll_into_view_if_needed()
    page.get_by_label("Other evidence").fill("Photos of the bunkhouse")
    page.get_by_role("button", name="Add to the checklist").click()
    item = page.locator(".evidence").filter(has_text="Photos of the bunkhouse")
    item.locator("input[type=file]").set_input_files(
        {"name": "bunkhouse.txt", "mimeType": "text/plain", "buffer": b"two rooms, twelve beds"}
    )
    item.get_by_role("button", name=re.compile("^Upload")).click()
    assert page.get_by_role("link", name="bunkhouse.txt").is_visible()

    page.get_by_role("link", name="Tasks and deadlines").click()
    page.get_by_role("textbox", name="Task").fill("Call Ana about the permit")
    page.get_by_label("Due on").fill("2027-01-15")
    page.get_by_role("button", name="Add the task").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Export the calendar")).first.click()
    body = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20270115" in body
    assert "Ana" not in body and "Fictional" not in body

    page.get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"/fr/cases/"))
    assert page.get_by_role("heading", name="Tâches et délais").is_visible()
    screenshot("flow-tasks-fr")
    page.get_by_role("link", name="Sortie rapide").click()
    page.wait_for_url(settings.QUICK_EXIT_URL + "*")
    assert foreign_requests and foreign_requests[0].startswith(settings.QUICK_EXIT_URL)


def test_the_interview_works_by_keyboard_alone(page, demo):
    sign_in(page, "demo-advocate")
    case = demo["DEMO-0004"]
    page.goto(f"/en/cases/{case}/intake/where/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.locator("#q-province_now input").first.focus()
    for _ in range(8):  # arrow keys move through a radio group: Alberta -> British Columbia...
        page.keyboard.press("ArrowDown")
    checked = page.locator("#q-province_now input:checked").get_attribute("value")
    assert checked not in (None, "AB")
    for _ in range(60):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent || ''").strip()
        if label == "Save and continue":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/intake/status/$"))
    from recours.cases.models import Case

    assert Case.objects.get(pk=case).situation["jurisdiction"] == checked


def test_a_supervisor_reads_the_plan_without_forms(page, demo):
    sign_in(page, "demo-supervisor")
    page.goto(f"/en/cases/{demo['DEMO-0001']}/plan/")
    assert page.locator("#option-owp_v").is_visible()
    assert page.locator("form.priorities__form").count() == 0
