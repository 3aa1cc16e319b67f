import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from recours import sharing
from recours.accounts.models import Membership, Organisation, Role
from recours.accounts.testing import sign_in
from recours.audit.models import Action, AuditEntry
from recours.cases.access import reach
from recours.cases.models import Case, CaseMember
from recours.sharing.models import Consent, Share

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 1)


def member(username, organisation, role=Role.ADVOCATE):
    user = get_user_model().objects.create_user(username, password="a long passphrase 123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world():
    owner_org = Organisation.objects.create(name="Owner clinic", slug="owner")
    partner = Organisation.objects.create(name="Partner shelter", slug="partner")
    third = Organisation.objects.create(name="Third party", slug="third")
    lawyer = member("lawyer", owner_org, Role.LAWYER)
    case = Case.objects.create(
        organisation=owner_org, reference="T-1", created_by=lawyer, client_name="Ines"
    )
    CaseMember.objects.create(case=case, user=lawyer)
    return {
        "case": case,
        "lawyer": lawyer,
        "partner": partner,
        "partner_user": member("partner-advocate", partner),
        "third_user": member("third-advocate", third),
    }


def consent_for(world, sections=("plan", "evidence"), **kwargs):
    return sharing.record_consent(
        world["lawyer"],
        world["case"],
        kind=Consent.Kind.SHARING,
        recipient=world["partner"],
        sections=sections,
        purpose="Shelter placement",
        given_on=TODAY,
        **kwargs,
    )


def test_a_share_without_consent_is_refused(world):
    with pytest.raises(sharing.ShareRefused):
        sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan"])
    assert not Share.objects.exists()
    assert sharing.consented_sections(world["partner_user"], world["case"]) is None


def test_a_share_wider_than_the_consent_is_refused(world):
    consent_for(world, sections=("plan",))
    with pytest.raises(sharing.ShareRefused):
        sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan", "identity"])


def test_a_consent_for_another_organisation_does_not_cover(world):
    consent_for(world)
    third = Organisation.objects.get(slug="third")
    with pytest.raises(sharing.ShareRefused):
        sharing.share_case(world["lawyer"], world["case"], third, ["plan"])


def test_the_recipient_sees_only_consented_sections_and_others_see_nothing(world):
    consent_for(world)
    share = sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan"])
    assert sharing.consented_sections(world["partner_user"], world["case"]) == {"plan"}
    assert sharing.consented_sections(world["third_user"], world["case"]) is None
    access = reach(world["partner_user"], world["case"])
    assert access.via == "consent" and access.can_see("plan") and not access.can_see("identity")
    assert AuditEntry.objects.filter(action=Action.SHARE, object_id=str(share.pk)).exists()


def test_withdrawing_consent_ends_access_at_once(world):
    consent = consent_for(world)
    sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan"])
    sharing.revoke_consent(world["lawyer"], consent)
    assert sharing.consented_sections(world["partner_user"], world["case"]) is None
    assert reach(world["partner_user"], world["case"]) is None
    assert Share.objects.get().ended_at is not None
    assert AuditEntry.objects.filter(action=Action.CONSENT_REVOKE).exists()


def test_an_expired_consent_ends_access_without_anyone_acting(world):
    consent = consent_for(world, expires_at=timezone.now() + datetime.timedelta(hours=1))
    sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan"])
    assert sharing.consented_sections(world["partner_user"], world["case"]) == {"plan"}
    Consent.objects.filter(pk=consent.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert sharing.consented_sections(world["partner_user"], world["case"]) is None


def test_an_override_needs_the_permission_and_a_written_reason_and_is_audited(world):
    lawyer = world["lawyer"]
    with pytest.raises(sharing.ShareRefused):
        sharing.share_case(
            lawyer, world["case"], world["partner"], ["plan"], override_reason="x" * 30
        )
    lawyer.user_permissions.add(Permission.objects.get(codename="override_consent"))
    lawyer = get_user_model().objects.get(pk=lawyer.pk)  # permissions are cached per instance
    with pytest.raises(sharing.ShareRefused):
        sharing.share_case(lawyer, world["case"], world["partner"], ["plan"], override_reason="")
    reason = "Court order 2026-123 requires the plan to be produced."
    share = sharing.share_case(
        lawyer, world["case"], world["partner"], ["plan"], override_reason=reason
    )
    assert share.is_override and share.consent is None
    assert Share.objects.get(pk=share.pk).override_reason == reason
    assert AuditEntry.objects.filter(action=Action.SHARE_OVERRIDE, object_id=str(share.pk)).exists()


def test_statistics_need_their_own_consent(world):
    consent_for(world)
    assert not sharing.has_statistics_consent(world["case"])
    stats = sharing.record_consent(
        world["lawyer"], world["case"], kind=Consent.Kind.STATISTICS, given_on=TODAY
    )
    assert sharing.has_statistics_consent(world["case"])
    sharing.revoke_consent(world["lawyer"], stats)
    assert not sharing.has_statistics_consent(world["case"])


def test_the_purpose_is_stored_encrypted(world):
    from django.db import connection

    consent = consent_for(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT purpose FROM sharing_consent WHERE id = %s", [consent.pk])
        assert "Shelter" not in cursor.fetchone()[0]


def test_the_sharing_page_records_consent_and_shares_after_reauthentication(world):
    client = Client()
    case = world["case"]
    sign_in(client, world["lawyer"], recent_auth=False)
    page = f"/en/cases/{case.pk}/sharing/"
    assert client.get(page).status_code == 200
    response = client.post(
        page + "consents/",
        {
            "kind": "sharing",
            "recipient": world["partner"].pk,
            "sections": ["plan"],
            "purpose": "Shelter placement",
            "given_on": "2026-05-01",
        },
    )
    assert response.status_code == 302 and Consent.objects.count() == 1
    stale = client.post(
        page + "shares/", {"recipient": world["partner"].pk, "sections": ["plan"], "next": page}
    )
    assert stale.status_code == 302 and stale["Location"].startswith("/en/accounts/confirm/")
    assert not Share.objects.exists()
    sign_in(client, world["lawyer"])
    shared = client.post(page + "shares/", {"recipient": world["partner"].pk, "sections": ["plan"]})
    assert shared.status_code == 302 and Share.objects.count() == 1
    refused = client.post(
        page + "shares/", {"recipient": world["partner"].pk, "sections": ["identity"]}
    )
    assert refused.status_code == 400 and Share.objects.count() == 1


@pytest.mark.parametrize("who", ["partner_user", "third_user"])
def test_people_outside_the_team_cannot_reach_the_sharing_page(world, who):
    consent_for(world)
    sharing.share_case(world["lawyer"], world["case"], world["partner"], ["plan"])
    client = Client()
    sign_in(client, world[who])
    page = f"/en/cases/{world['case'].pk}/sharing/"
    assert client.get(page).status_code == 404
    assert (
        client.post(
            page + "consents/", {"kind": "statistics", "purpose": "x", "given_on": "2026-05-01"}
        ).status_code
        == 404
    )
    assert Consent.objects.count() == 1
