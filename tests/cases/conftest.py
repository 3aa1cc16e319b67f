"""Actors around one case: its owner, a team member, an outsider of the same organisation, a
member of another organisation, an organisation admin and a supervisor on the team."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from recours.accounts.models import Membership, Organisation, Role
from recours.cases.models import Case, CaseMember, EvidenceFile, EvidenceItem, Outcome, Task
from recours.crypto.files import save_upload
from recours.sharing.models import Consent, Share

SITUATION = {
    "jurisdiction": "ON",
    "person": {"age": 41, "needs_interpreter": True, "languages": ["es"]},
    "immigration": {
        "status": "work_permit",
        "work_permit_type": "employer_specific",
        "program": "sawp",
    },
    "exploitation": {"types": ["labour"], "indicators": ["cd.documents_confiscated"]},
    "work": {
        "sector": "agriculture",
        "sex_related_business": False,
        "wages_owed_cad": 6200,
        "wages_owed_since": "2026-05-01",
    },
    "goals": ["stay_in_canada", "work_legally"],
    "limits": ["no_police"],
}


def make_user(username, organisation, role):
    user = get_user_model().objects.create_user(username=username, password="x" * 16)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_case(organisation, owner, *, name="Rosa Example", reference=None, situation=None):
    case = Case(
        organisation=organisation,
        reference=reference or f"T-{Case.objects.count() + 1:05d}",
        created_by=owner,
        client_name=name,
        situation=dict(situation if situation is not None else SITUATION),
    )
    case.save()
    CaseMember.objects.create(case=case, user=owner, role=CaseMember.Role.LEAD)
    return case


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() follows the active language, which a French request leaves behind."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is slow on purpose; these tests are about access, not password storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def actors(db):
    home = Organisation.objects.create(name="Home clinic", slug="home")
    other = Organisation.objects.create(name="Other clinic", slug="other")
    partner = Organisation.objects.create(name="Partner clinic", slug="partner")
    owner = make_user("owner", home, Role.LAWYER)
    member = make_user("member", home, Role.ADVOCATE)
    outsider = make_user("outsider", home, Role.LAWYER)
    admin = make_user("admin", home, Role.ORG_ADMIN)
    supervisor = make_user("supervisor", home, Role.SUPERVISOR)
    stranger = make_user("stranger", other, Role.ORG_ADMIN)
    case = make_case(home, owner)
    CaseMember.objects.create(case=case, user=member)
    CaseMember.objects.create(case=case, user=supervisor)
    foreign_owner = make_user("foreign-owner", other, Role.LAWYER)
    foreign = make_case(other, foreign_owner, name="Someone Else")
    objects = {}
    for target in (case, foreign):
        item = EvidenceItem.objects.create(case=target, item="pay_records", notes="n")
        stored = EvidenceFile.objects.create(
            evidence=item,
            case=target,
            name="payslip.txt",
            content_type="text/plain",
            size=4,
            storage_name=save_upload(target, SimpleUploadedFile("payslip.txt", b"paid")),
        )
        consent = Consent.objects.create(
            case=target,
            kind=Consent.Kind.SHARING,
            recipient=partner,
            sections=["plan"],
            given_on=date.today(),
        )
        share = Share.objects.create(
            case=target, recipient=partner, sections=["plan"], consent=consent
        )
        objects[target.pk] = SimpleNamespace(
            consent=consent,
            share=share,
            evidence=item,
            file=stored,
            task=Task.objects.create(case=target, title="Call back"),
            outcome=Outcome.objects.create(case=target, remedy="owp_v"),
            member=CaseMember.objects.filter(case=target).first(),
        )
    partner_member = make_user("partner-member", partner, Role.LAWYER)
    return SimpleNamespace(
        partner=partner,
        partner_member=partner_member,
        home=home,
        other=other,
        owner=owner,
        member=member,
        outsider=outsider,
        admin=admin,
        supervisor=supervisor,
        stranger=stranger,
        case=case,
        foreign=foreign,
        objects=objects,
    )
