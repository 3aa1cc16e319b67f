"""Every way to reach a case goes through this module.

A view never fetches a Case (or an object of a case) itself: it calls ``case_for`` or
``case_object``, which check the team, the organisation admin's reach and any recorded consent,
write the access to the audit trail, and answer 404 when the case is out of reach, so that
nobody can learn whether a case id exists in another organisation.

Who reaches a case:
- its **team** (CaseMember), with the rights of their organisation role: a supervisor reads
  only, an interpreter reads and works the intake;
- an **organisation admin** of the case's organisation, reading and acting, always recorded in
  the audit as an admin access (they are not on the team);
- a member of **another organisation** holding a current consent, reading only the consented
  sections (``recours.sharing.consented_sections``).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from recours import audit
from recours.accounts.models import Membership, Role
from recours.audit.models import Action
from recours.cases.models import Case, CaseMember

# Sections of a case, as named in consent records (recours.sharing) and checked per view.
# "summary" (reference, status, team) is seen by anyone who reaches the case; "timeline" is
# never shared outside the organisation.
SHARABLE_SECTIONS = (
    "identity",  # the person's name and contact details
    "situation",  # situation facts, intake answers, the person's account
    "plan",  # the plan, compare, print
    "evidence",
    "tasks",
    "outcomes",
    "notes",  # the team's notes
)
SECTIONS = ("summary", *SHARABLE_SECTIONS, "timeline")
WRITE_ROLES = {Role.ORG_ADMIN, Role.LAWYER, Role.ADVOCATE}
INTAKE_ROLES = WRITE_ROLES | {Role.INTERPRETER}


@dataclass
class CaseAccess:
    case: Case
    via: str  # "team" | "admin" | "consent"
    role: str | None  # the user's role in the case's organisation
    sections: frozenset = field(default_factory=frozenset)

    def can_edit(self, section="summary"):
        if self.via == "consent" or self.case.is_closed and section != "summary":
            return False
        allowed = INTAKE_ROLES if section == "situation" else WRITE_ROLES
        return self.role in allowed

    def can_see(self, section):
        return self.via != "consent" or section == "summary" or section in self.sections


def _role_in(user, organisation_id):
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def _consented(user, case):
    try:
        from recours.sharing import consented_sections
    except ImportError:  # sharing not installed: no consent can exist
        return frozenset()
    return frozenset(consented_sections(user, case) or ())


def reach(user, case):
    """How ``user`` reaches ``case``, or None. Records nothing: callers use ``case_for``."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = _role_in(user, case.organisation_id)
    if role is not None:
        if CaseMember.objects.filter(case=case, user=user).exists():
            return CaseAccess(case, "team", role, frozenset(SECTIONS))
        if role == Role.ORG_ADMIN:
            return CaseAccess(case, "admin", role, frozenset(SECTIONS))
        return None
    sections = _consented(user, case)
    if sections:
        return CaseAccess(case, "consent", None, sections)
    return None


def case_for(request, case_id, section="summary", write=False):
    """The case for this request, checked and recorded; Http404 when out of reach.

    ``write`` asks for the right to change ``section``: someone who can see the case but not
    change it (a supervisor, a consent recipient, a closed case) gets PermissionDenied.
    """
    case = Case.objects.select_related("organisation").filter(pk=case_id).first()
    access = reach(request.user, case) if case is not None else None
    if access is None or not access.can_see(section):
        # An insider probing case ids must leave a trace, though the answer reveals nothing.
        audit.record(request.user, Action.ACCESS_REFUSED, obj=case, case=case, request=request)
        raise Http404
    if write and not access.can_edit(section):
        raise PermissionDenied
    if access.via == "admin":
        audit.record(request.user, Action.ADMIN_ACCESS, obj=case, case=case, request=request)
    audit.record(
        request.user, Action.UPDATE if write else Action.READ, obj=case, case=case, request=request
    )
    return access


def case_object(request, case_id, model, object_id, section, write=False, **lookups):
    """An object of a case (task, evidence, outcome...), reached only through its case."""
    access = case_for(request, case_id, section=section, write=write)
    obj = model.objects.filter(pk=object_id, case=access.case, **lookups).first()
    if obj is None:
        raise Http404
    return access, obj


def visible_cases(user, include_organisation=False):
    """Cases to list for ``user``: their teams' cases; an admin may ask for the organisation's.

    Listing shows only reference, status and dates beside the name; opening a case goes
    through ``case_for`` and is recorded.
    """
    on_team = CaseMember.objects.filter(case=OuterRef("pk"), user=user)
    condition = Q(Exists(on_team))
    if include_organisation:
        admin_of = Membership.objects.filter(user=user, role=Role.ORG_ADMIN).values(
            "organisation_id"
        )
        condition |= Q(organisation_id__in=admin_of)
    return Case.objects.filter(condition)


def is_admin_somewhere(user):
    return Membership.objects.filter(user=user, role=Role.ORG_ADMIN).exists()


def organisations_for_new_case(user):
    """Organisations where the user may open a case (any role that can write)."""
    return Membership.objects.filter(user=user, role__in=WRITE_ROLES).select_related("organisation")
