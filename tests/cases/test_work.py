"""Evidence, tasks, calendar export, outcomes, timeline and closure."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.cases.conftest import make_case

from recours.accounts.testing import sign_in
from recours.cases.models import EvidenceFile, Outcome, Task


@pytest.fixture
def signed_in(client, actors):
    sign_in(client, actors.owner)
    return client


def test_an_uploaded_file_is_stored_encrypted_and_comes_back_whole(signed_in, actors, settings):
    item = actors.objects[actors.case.pk].evidence
    content = b"Payslip of Rosa Example: 12 hours a day"
    signed_in.post(
        reverse("cases:evidence_upload", args=[actors.case.pk, item.pk]),
        {"file": SimpleUploadedFile("rosa-payslip.txt", content)},
    )
    stored = EvidenceFile.objects.filter(evidence=item).latest("id")
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            assert b"Rosa" not in path.read_bytes() and "rosa" not in path.name
    response = signed_in.get(reverse("cases:evidence_file", args=[actors.case.pk, stored.pk]))
    assert response.content == content
    assert "rosa-payslip.txt" in response["Content-Disposition"]


def test_a_download_needs_a_recent_sign_in(client, actors):
    sign_in(client, actors.owner, recent_auth=False)
    stored = actors.objects[actors.case.pk].file
    response = client.get(reverse("cases:evidence_file", args=[actors.case.pk, stored.pk]))
    assert response.status_code == 302 and "confirm" in response.url


def test_evidence_is_marked_gathered_with_notes(signed_in, actors):
    item = actors.objects[actors.case.pk].evidence
    signed_in.post(
        reverse("cases:evidence_update", args=[actors.case.pk, item.pk]),
        {"gathered": "on", "notes": "copies in the safe"},
    )
    item.refresh_from_db()
    assert item.gathered and item.notes == "copies in the safe"


def test_the_calendar_export_carries_no_client_name(signed_in, actors):
    Task.objects.create(case=actors.case, title="Meet Rosa at the clinic", due_on=date(2027, 1, 5))
    response = signed_in.get(reverse("cases:calendar_ics", args=[actors.case.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART;VALUE=DATE:20270105" in body
    assert actors.case.reference in body
    assert "Rosa" not in body and "clinic" not in body


def test_a_task_is_assigned_only_to_the_team(signed_in, actors):
    url = reverse("cases:tasks", args=[actors.case.pk])
    response = signed_in.post(
        url, {"title": "Call", "due_on": "2027-01-10", "assignee": actors.outsider.pk}
    )
    assert response.status_code == 400
    signed_in.post(url, {"title": "Call", "due_on": "2027-01-10", "assignee": actors.member.pk})
    assert Task.objects.filter(case=actors.case, assignee=actors.member).exists()


def test_the_due_list_spans_the_cases_reached_and_no_other(signed_in, actors):
    second = make_case(actors.home, actors.owner, name="Second Person")
    Task.objects.create(case=second, title="File", due_on=date.today())
    Task.objects.create(case=actors.foreign, title="Foreign", due_on=date.today())
    page = signed_in.get(reverse("cases:due")).content.decode()
    assert second.reference in page and actors.foreign.reference not in page
    assert "Second Person" not in page


def test_an_outcome_records_dates_result_and_harm(signed_in, actors):
    url = reverse("cases:outcomes", args=[actors.case.pk])
    response = signed_in.post(
        url,
        {
            "remedy": "employment_standards_claim",
            "filed_on": "2026-10-01",
            "decided_on": "2026-09-01",
            "result": "pending",
        },
    )
    assert response.status_code == 400  # decided before filed
    signed_in.post(
        url,
        {
            "remedy": "owp_v",
            "filed_on": "2026-10-01",
            "decided_on": "2026-11-01",
            "result": "granted",
        },
    )
    assert Outcome.objects.filter(case=actors.case, remedy="owp_v", result="granted").exists()


def test_the_timeline_lists_what_happened_and_closure_is_recorded(signed_in, actors):
    url = reverse("cases:close", args=[actors.case.pk])
    signed_in.post(url, {"reason": "resolved"})
    actors.case.refresh_from_db()
    assert actors.case.is_closed
    page = signed_in.get(reverse("cases:timeline", args=[actors.case.pk])).content.decode()
    assert "Case closed" in page
    # A closed case can be read but not changed, until it is reopened.
    response = signed_in.post(reverse("cases:tasks", args=[actors.case.pk]), {"title": "x"})
    assert response.status_code == 403


def test_dates_and_amounts_follow_the_language(signed_in, actors):
    Task.objects.create(case=actors.case, title="File", due_on=date(2027, 1, 5))
    english = signed_in.get(f"/en/cases/{actors.case.pk}/tasks/").content.decode()
    french = signed_in.get(f"/fr/cases/{actors.case.pk}/tasks/").content.decode()
    assert "Jan. 5, 2027" in english and "5 janvier 2027" in french
    review = signed_in.get(f"/fr/cases/{actors.case.pk}/intake/review/").content.decode()
    assert "6\u00a0200" in review or "6 200" in review  # wages owed, French grouping
