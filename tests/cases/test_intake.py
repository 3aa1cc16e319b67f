"""The guided interview: answers become facts; unknown stays unknown; nothing half-saved."""

import pytest
from django.db import connection
from django.urls import reverse

from recours.accounts.testing import sign_in
from recours.cases.models import Case


def topic_url(case, topic):
    return reverse("cases:intake_topic", args=[case.pk, topic])


@pytest.fixture
def signed_in(client, actors):
    sign_in(client, actors.owner)
    return client


def test_answers_of_a_topic_become_situation_facts(signed_in, actors):
    case = actors.case
    signed_in.post(
        topic_url(case, "status"),
        {"q-status_today": "out_of_status", "q-status_ended": "2026-09-30", "go": "next"},
    )
    case.refresh_from_db()
    assert case.situation["immigration"]["status"] == "out_of_status"
    assert case.situation["immigration"]["status_expired_on"] == "2026-09-30"
    assert case.intake_answers["status_today"] == "answered"


def test_dont_know_and_prefer_not_to_say_leave_the_fact_unknown(signed_in, actors):
    case = actors.case
    signed_in.post(
        topic_url(case, "about_you"),
        {"q-age": "", "q-age-unknown": "prefer_not", "q-minor": "dont_know", "go": "next"},
    )
    case.refresh_from_db()
    assert "age" not in case.situation.get("person", {})
    assert "minor" not in case.situation.get("person", {})
    assert case.intake_answers["age"] == "prefer_not"
    assert case.intake_answers["minor"] == "dont_know"


def test_a_yes_records_the_indicator_and_a_no_removes_it(signed_in, actors):
    case = actors.case
    signed_in.post(topic_url(case, "control"), {"q-threat_report": "yes", "go": "next"})
    case.refresh_from_db()
    assert "cd.threat_denounce_authorities" in case.situation["exploitation"]["indicators"]
    signed_in.post(topic_url(case, "control"), {"q-threat_report": "no", "go": "next"})
    case.refresh_from_db()
    assert "cd.threat_denounce_authorities" not in case.situation["exploitation"]["indicators"]


def test_an_invalid_answer_saves_nothing_of_the_topic(signed_in, actors):
    case = actors.case
    before = dict(case.situation)
    response = signed_in.post(
        topic_url(case, "status"),
        {"q-status_today": "visitor", "q-status_ended": "31/09/2026", "go": "next"},
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    case.refresh_from_db()
    assert case.situation == before


def test_the_interview_resumes_where_it_was_left(signed_in, actors):
    case = actors.case
    signed_in.post(topic_url(case, "work"), {"go": "stop"})
    response = signed_in.get(reverse("cases:intake", args=[case.pk]))
    assert response.url == topic_url(case, "work")


def test_the_practitioner_sees_which_indicator_an_answer_supports(signed_in, actors):
    case = actors.case
    page = signed_in.get(topic_url(case, "control")).content.decode()
    assert "cd.documents_confiscated" in page
    signed_in.post(topic_url(case, "control"), {"q-documents_held": "yes", "go": "next"})
    review = signed_in.get(reverse("cases:intake_review", args=[case.pk])).content.decode()
    assert "supports" in review and "cd.documents_confiscated" in review


def test_a_sensitive_topic_shows_its_content_note_first(signed_in, actors):
    page = signed_in.get(topic_url(actors.case, "violence")).content.decode()
    assert page.index("Before you continue") < page.index('id="q-hurt"')


def test_the_persons_account_is_stored_only_as_ciphertext(signed_in, actors):
    account = "They kept my passport in the office safe"
    signed_in.post(topic_url(actors.case, "own_words"), {"q-account": account, "go": "next"})
    actors.case.refresh_from_db()
    assert actors.case.own_account == account
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT own_account, situation FROM cases_case WHERE id = %s", [actors.case.pk]
        )
        raw = " ".join(cursor.fetchone())
    assert "passport" not in raw and "ON" not in raw.split("rcx1:")[0]


def test_the_practitioner_can_edit_the_situation_directly(signed_in, actors):
    case = actors.case
    data = {"f-jurisdiction": "QC", "f-immigration.status": "visitor", "f-person.age": "30"}
    response = signed_in.post(reverse("cases:situation", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.situation["jurisdiction"] == "QC"
    assert case.situation["person"] == {"age": 30}
    assert (
        "exploitation" not in case.situation or "indicators" not in case.situation["exploitation"]
    )


def test_finishing_the_interview_opens_the_case(signed_in, actors):
    case = actors.case
    Case.objects.filter(pk=case.pk).update(status=Case.Status.INTAKE)
    response = signed_in.post(topic_url(case, "own_words"), {"go": "next"})
    assert response.url == reverse("cases:intake_review", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
