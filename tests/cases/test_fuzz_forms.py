"""Hypothesis throws arbitrary input at the workspace's forms (new case, intake topics, the
situation editor, tasks, outcomes, priorities): never a server error, and a rejected submission
changes nothing that was stored."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import form_data as fuzz_form_data
from tests.fuzzing import fuzz_settings, text

from recours.accounts.models import Membership, Organisation, Role
from recours.accounts.testing import sign_in
from recours.cases.intake import load_interview
from recours.cases.models import Case, CaseMember, Outcome, Task

pytestmark = pytest.mark.django_db
FUZZ = fuzz_settings(25)
# Values a form may meet: junk text, numbers, dates (valid, impossible, far future), codes.
field_value = st.one_of(
    text,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(str),
    st.sampled_from(["", "2026-02-30", "9999-12-31", "ON", "unknown", "true", "yes", "-1"]),
    st.lists(text, max_size=3),
)


def form_data(fields):
    return fuzz_form_data(fields, field_value)


@pytest.fixture
def world():
    clinic = Organisation.objects.create(name="Clinic", slug="clinic")
    lawyer = get_user_model().objects.create_user("lawyer", password="a long passphrase 123")
    Membership.objects.create(user=lawyer, organisation=clinic, role=Role.LAWYER)
    case = Case.objects.create(
        organisation=clinic,
        reference="F-1",
        created_by=lawyer,
        client_name="Ines",
        situation={"jurisdiction": "ON", "immigration": {"status": "work_permit"}},
    )
    CaseMember.objects.create(case=case, user=lawyer)
    client = Client()
    sign_in(client, lawyer)
    return {"client": client, "case": case}


def _situation_fields():
    return [f"f-{path}" for path in load_interview().fields]


@FUZZ
@given(data=form_data(["client_name", "contact", "organisation"]))
def test_a_new_case_from_junk_is_refused_or_made_whole(world, data):
    count = Case.objects.count()
    response = world["client"].post("/en/cases/new/", data)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Case.objects.count() == count


@FUZZ
@given(data=st.data())
def test_the_situation_editor_never_fails_and_keeps_the_facts_on_a_rejection(world, data):
    case = world["case"]
    before = Case.objects.get(pk=case.pk).situation
    posted = data.draw(
        form_data(data.draw(st.lists(st.sampled_from(_situation_fields()), max_size=8)))
    )
    response = world["client"].post(f"/en/cases/{case.pk}/situation/", posted)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Case.objects.get(pk=case.pk).situation == before


@FUZZ
@given(data=st.data())
def test_intake_topics_never_fail_and_keep_the_facts_on_a_rejection(world, data):
    case = world["case"]
    topic = data.draw(st.sampled_from(load_interview().topics))
    names = [f"q-{q.id}" for q in topic.questions] + [f"{q.id}" for q in topic.questions]
    posted = data.draw(form_data([*names, "go"]))
    before = Case.objects.get(pk=case.pk).situation
    response = world["client"].post(f"/en/cases/{case.pk}/intake/{topic.id}/", posted)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Case.objects.get(pk=case.pk).situation == before


@FUZZ
@given(data=form_data(["title", "due_on", "assignee"]))
def test_the_task_form_rejects_junk_without_error_or_storage(world, data):
    count = Task.objects.count()
    response = world["client"].post(f"/en/cases/{world['case'].pk}/tasks/", data)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Task.objects.count() == count


@FUZZ
@given(data=form_data(["remedy", "filed_on", "decided_on", "result", "harms_happened", "notes"]))
def test_the_outcome_form_rejects_junk_without_error_or_storage(world, data):
    count = Outcome.objects.count()
    response = world["client"].post(f"/en/cases/{world['case'].pk}/outcomes/", data)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Outcome.objects.count() == count


@FUZZ
@given(data=form_data(["goals", "limits", "goal_order"]))
def test_the_priorities_form_never_fails_and_keeps_only_known_ids(world, data):
    case = world["case"]
    response = world["client"].post(f"/en/cases/{case.pk}/plan/priorities/", data)
    assert response.status_code in (200, 302, 400)
    interview = load_interview()
    situation = Case.objects.get(pk=case.pk).situation or {}
    assert set(situation.get("goals") or []) <= set(interview.fields["goals"].choices)
    assert set(situation.get("limits") or []) <= set(interview.fields["limits"].choices)
