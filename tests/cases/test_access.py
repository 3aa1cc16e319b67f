"""The access matrix: every case URL, enumerated from the URL configuration, for every actor."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from recours.accounts.testing import sign_in
from recours.audit.models import Action, AuditEntry

OBJECT_KWARGS = {
    "item_id": "evidence",
    "task_id": "task",
    "outcome_id": "outcome",
    "member_id": "member",
    "file_id": "file",
    "consent_id": "consent",
    "share_id": "share",
}


def case_patterns():
    """Every named URL of the site that takes a case id (a new view cannot escape this list)."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and "case_id" in pattern.pattern.converters:
                found.append((f"{namespace}:{pattern.name}", set(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return sorted(found)


CASE_URLS = case_patterns()
# Views a team member reaches only as a lawyer or an organisation admin (erasure of the case).
LAWYER_OR_ADMIN_ONLY = {"privacy:delete"}


def url_for(name, params, case, objects):
    kwargs = {"case_id": case.pk}
    for key in params - {"case_id"}:
        kwargs[key] = "start" if key == "topic_id" else getattr(objects, OBJECT_KWARGS[key]).pk
    return reverse(name, kwargs=kwargs)


def fetch(client, url, name):
    """GET, and also POST for views that change something (empty data: nothing valid)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def test_the_matrix_covers_the_workspace():
    names = {name for name, _ in CASE_URLS}
    assert {"cases:detail", "cases:plan", "cases:evidence", "cases:calendar_ics"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize(("name", "params"), CASE_URLS, ids=[n for n, _ in CASE_URLS])
@pytest.mark.parametrize("who", ["owner", "member"])
def test_the_case_team_reaches_every_url(client, actors, name, params, who):
    sign_in(client, getattr(actors, who))
    url = url_for(name, params, actors.case, actors.objects[actors.case.pk])
    response = fetch(client, url, name)
    allowed = (200, 302, 400)
    if name in LAWYER_OR_ADMIN_ONLY and getattr(actors, who) != actors.owner:
        allowed = (403,)  # the team member sees the case but may not do this
    assert response.status_code in allowed, (url, response.status_code)


@pytest.mark.parametrize(("name", "params"), CASE_URLS, ids=[n for n, _ in CASE_URLS])
@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_it_refuses_a_case_outside_the_team_with_404(client, actors, name, params, who):
    sign_in(client, getattr(actors, who))
    url = url_for(name, params, actors.case, actors.objects[actors.case.pk])
    assert fetch(client, url, name).status_code == 404


@pytest.mark.parametrize(("name", "params"), CASE_URLS, ids=[n for n, _ in CASE_URLS])
def test_it_refuses_the_ids_of_another_organisation_on_every_endpoint(client, actors, name, params):
    sign_in(client, actors.owner)
    foreign_objects = actors.objects[actors.foreign.pk]
    url = url_for(name, params, actors.foreign, foreign_objects)
    assert fetch(client, url, name).status_code == 404
    if params - {"case_id", "topic_id"}:
        # Own case in the URL, another organisation's object id: still out of reach.
        mixed = url_for(name, params, actors.case, foreign_objects)
        assert fetch(client, mixed, name).status_code == 404


@pytest.mark.parametrize(("name", "params"), CASE_URLS, ids=[n for n, _ in CASE_URLS])
def test_an_organisation_admin_reaches_the_case_and_it_is_recorded(client, actors, name, params):
    sign_in(client, actors.admin)
    url = url_for(name, params, actors.case, actors.objects[actors.case.pk])
    response = fetch(client, url, name)
    assert response.status_code in (200, 302, 400)
    assert AuditEntry.objects.filter(
        actor_id=actors.admin.pk, action=Action.ADMIN_ACCESS, case_id=str(actors.case.pk)
    ).exists()


def test_a_refused_access_is_recorded_without_revealing_the_case(client, actors):
    sign_in(client, actors.stranger)
    response = client.get(reverse("cases:detail", args=[actors.case.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        actor_id=actors.stranger.pk, action=Action.ACCESS_REFUSED, case_id=str(actors.case.pk)
    ).exists()
    assert not AuditEntry.objects.filter(
        actor_id=actors.stranger.pk, action=Action.READ, case_id=str(actors.case.pk)
    ).exists()


def test_a_supervisor_reads_but_cannot_change(client, actors):
    sign_in(client, actors.supervisor)
    assert client.get(reverse("cases:tasks", args=[actors.case.pk])).status_code == 200
    response = client.post(reverse("cases:tasks", args=[actors.case.pk]), {"title": "x"})
    assert response.status_code == 403
    assert actors.case.tasks.count() == 1


def test_every_read_of_a_case_page_is_recorded(client, actors):
    sign_in(client, actors.member)
    before = AuditEntry.objects.filter(action=Action.READ, case_id=str(actors.case.pk)).count()
    client.get(reverse("cases:detail", args=[actors.case.pk]))
    after = AuditEntry.objects.filter(action=Action.READ, case_id=str(actors.case.pk)).count()
    assert after == before + 1


def test_the_case_list_shows_only_the_team_cases(client, actors):
    sign_in(client, actors.outsider)
    response = client.get(reverse("cases:list"))
    assert actors.case.reference not in response.content.decode()
    sign_in(client, actors.member)
    assert actors.case.reference in client.get(reverse("cases:list")).content.decode()


def test_another_organisation_sees_only_the_consented_sections(client, actors):
    sign_in(client, actors.partner_member)
    case = actors.case
    assert client.get(reverse("cases:plan", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:evidence", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:intake", args=[case.pk])).status_code == 404
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Rosa Example" not in page  # identity was not consented
    response = client.post(reverse("cases:plan_priorities", args=[case.pk]), {"goals": []})
    assert response.status_code in (403, 404)


def test_revoking_the_consent_ends_the_access_at_once(client, actors):
    from django.utils import timezone

    sign_in(client, actors.partner_member)
    consent = actors.objects[actors.case.pk].consent
    consent.revoked_at = timezone.now()
    consent.save()
    assert client.get(reverse("cases:plan", args=[actors.case.pk])).status_code == 404
