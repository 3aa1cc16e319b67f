"""The plan page: venues, harms, missing facts, goals in place, compare and print."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.cases.conftest import make_case

from recours.accounts.testing import sign_in
from recours.cases.models import CachedPlan
from recours.cases.questions import load_interview

pytest.importorskip("recours.engine")


@pytest.fixture
def signed_in(client, actors):
    sign_in(client, actors.owner)
    return client


def plan_page(client, case):
    return client.get(reverse("cases:plan", args=[case.pk])).content.decode()


def test_the_plan_shows_every_venue_with_eligibility_in_words(signed_in, actors):
    page = plan_page(signed_in, actors.case)
    for venue in ("Immigration", "Criminal", "Labour and employment", "Support"):
        assert f'<h3 class="venue">{venue}</h3>' in page
    assert "Eligible" in page and "Not eligible" in page
    assert 'id="option-owp_v"' in page and 'id="option-community_support"' in page


def test_a_missing_fact_links_to_the_question_that_asks_it(signed_in, actors):
    page = plan_page(signed_in, actors.case)
    links = re.findall(r'<a href="/en/cases/\d+/intake/([a-z_]+)/#q-([a-z_]+)">', page)
    assert links, "a plan with unknown facts links to the questions that ask them"
    interview = load_interview()
    for topic, question in links:
        assert question in {q.id for q in interview.topic(topic).questions}


def test_the_plan_changes_when_a_fact_changes(signed_in, actors):
    case = actors.case
    before = plan_page(signed_in, case)
    assert 'class="option option--eligible" id="option-owp_v"' in before
    situation = dict(case.situation)
    situation["immigration"] = {**situation["immigration"], "work_permit_type": "open"}
    case.situation = situation
    case.save()
    after = plan_page(signed_in, case)
    assert 'class="option option--eligible" id="option-owp_v"' not in after


def test_goals_and_limits_update_the_plan_in_place_without_changing_eligibility(signed_in, actors):
    case = actors.case
    url = reverse("cases:plan_priorities", args=[case.pk])
    response = signed_in.post(
        url, {"goals": ["recover_wages"], "limits": []}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert 'id="option-owp_v"' in fragment
    case.refresh_from_db()
    assert case.situation["goals"] == ["recover_wages"] and case.situation["limits"] == []
    eligible_before = fragment.count("option--eligible")
    response = signed_in.post(
        url, {"goals": ["recover_wages"], "limits": ["no_police"]}, HTTP_HX_REQUEST="true"
    )
    assert response.content.decode().count("option--eligible") == eligible_before


def test_two_options_compare_side_by_side(signed_in, actors):
    url = reverse("cases:plan_compare", args=[actors.case.pk])
    page = signed_in.get(url, {"option": ["owp_v", "employment_standards_claim"]}).content
    page = page.decode()
    assert page.count('<th scope="col">') == 3 and "Possible harm" in page


def test_the_print_view_opens_every_reason(signed_in, actors):
    page = signed_in.get(reverse("cases:plan_print", args=[actors.case.pk])).content.decode()
    assert "<details open>" in page and 'class="site-header"' not in page


def test_the_plan_section_is_kept_until_its_inputs_change(signed_in, actors):
    case = actors.case
    plan_page(signed_in, case)
    first = CachedPlan.objects.get(case=case, lang="en").inputs_hash
    plan_page(signed_in, case)
    assert CachedPlan.objects.get(case=case, lang="en").inputs_hash == first
    case.situation = {**case.situation, "goals": ["safety"]}
    case.save()
    plan_page(signed_in, case)
    assert CachedPlan.objects.get(case=case, lang="en").inputs_hash != first


def test_a_second_visit_serves_the_kept_section_without_rendering_it(
    signed_in, actors, monkeypatch
):
    def section(page):
        return page.split('<div id="plan-body"', 1)[1]

    first = section(plan_page(signed_in, actors.case))

    def fail(context):
        raise AssertionError("the kept section should have been served")

    monkeypatch.setattr("recours.cases.templatetags.plan_body.render_plan_body", fail)
    assert section(plan_page(signed_in, actors.case)) == first


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_kept_section_costs_one_query_and_a_miss_three(signed_in, actors):
    """A miss looks for a kept section, then for the stale row (its section left unread) and
    writes the new one; a hit reads the kept section in one query."""
    url = reverse("cases:plan", args=[actors.case.pk])

    def plan_queries():
        return [sql for sql in queries_of(signed_in, url) if "cases_cachedplan" in sql]

    first = plan_queries()
    assert len(first) == 3 and first[-1].startswith("INSERT")
    assert len(plan_queries()) == 1
    actors.case.situation = {**actors.case.situation, "goals": ["safety"]}
    actors.case.save()
    miss = plan_queries()
    assert len(miss) == 3 and miss[-1].startswith("UPDATE")
    assert '"body"' not in miss[1].split("FROM")[0], "the stale section is not read"


def test_the_plan_page_queries_do_not_grow_with_the_plan(signed_in, actors):
    small = make_case(actors.home, actors.owner, situation={"jurisdiction": "ON"})
    large = actors.case  # many facts, options with harms, missing facts and sources
    counts = [
        len(queries_of(signed_in, reverse("cases:plan", args=[case.pk]))) for case in (small, large)
    ]
    assert counts[0] == counts[1]


def test_the_plan_page_asks_for_a_province_first(signed_in, actors):
    case = actors.case
    case.situation = {}
    case.save()
    page = plan_page(signed_in, case)
    assert reverse("cases:intake_topic", args=[case.pk, "where"]) in page


def test_the_plan_is_in_french_on_the_french_page(signed_in, actors):
    page = signed_in.get(f"/fr/cases/{actors.case.pk}/plan/").content.decode()
    assert "Options par instance" in page and "Admissible" in page
