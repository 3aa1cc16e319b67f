"""Consent-gated sharing. The workspace asks ``consented_sections``; views use the services."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recours import audit


def _action():
    from recours.audit.models import Action  # models load after this package is imported

    return Action


class ShareRefused(Exception):
    """A share that no current consent covers, and no valid override allows."""


def consented_sections(user, case):
    """The sections of ``case`` that ``user``'s other organisation(s) may see now, or None.

    ``None`` means no current share reaches this user. Members of the case's own organisation
    never get access through here (the team rules apply to them).
    """
    from recours.accounts.models import organisation_ids_of
    from recours.sharing.models import Share

    organisations = organisation_ids_of(user) - {case.organisation_id}
    if not organisations:
        return None
    now = timezone.now()
    shares = Share.objects.filter(
        case=case, recipient_id__in=organisations, ended_at__isnull=True
    ).select_related("consent")
    visible = None
    for share in shares:
        sections = share.visible_sections(now)
        if sections is not None:
            visible = (visible or set()) | sections
    return visible


def has_statistics_consent(case) -> bool:
    """Statistics may count a case only with its own, current consent."""
    from recours.sharing.models import Consent

    now = timezone.now()
    return any(
        consent.is_current(now)
        for consent in Consent.objects.filter(case=case, kind=Consent.Kind.STATISTICS)
    )


def record_consent(
    user,
    case,
    *,
    kind,
    given_on,
    sections=(),
    recipient=None,
    purpose="",
    expires_at=None,
    request=None,
):
    from recours.sharing.models import Consent

    consent = Consent.objects.create(
        case=case,
        kind=kind,
        recipient=recipient,
        sections=sorted(set(sections)),
        purpose=purpose,
        given_on=given_on,
        expires_at=expires_at,
        recorded_by=user,
    )
    audit.record(user, _action().CONSENT_RECORD, obj=consent, case=case, request=request)
    return consent


@transaction.atomic
def revoke_consent(user, consent, request=None):
    """Withdrawal ends every share resting on this consent, at once."""
    now = timezone.now()
    consent.revoked_at = now
    consent.revoked_by = user
    consent.save(update_fields=["revoked_at", "revoked_by"])
    for share in consent.shares.filter(ended_at__isnull=True):
        end_share(user, share, request=request, now=now)
    audit.record(user, _action().CONSENT_REVOKE, obj=consent, case=consent.case, request=request)


def covering_consent(case, recipient, sections):
    from recours.sharing.models import Consent

    now = timezone.now()
    for consent in Consent.objects.filter(
        case=case, kind=Consent.Kind.SHARING, recipient=recipient
    ):
        if consent.covers(recipient.pk, sections, now):
            return consent
    return None


@transaction.atomic
def share_case(user, case, recipient, sections, *, override_reason="", request=None):
    """Share sections of a case with another organisation, or raise ShareRefused.

    Without a current consent covering the recipient and every section, the share needs the
    ``sharing.override_consent`` permission and a written reason; it is then audited as an
    override.
    """
    from recours.sharing.models import Share

    sections = sorted(set(sections))
    if not sections:
        raise ShareRefused(_("Choose at least one section to share."))
    if recipient.pk == case.organisation_id:
        raise ShareRefused(_("The case already belongs to this organisation."))
    consent = covering_consent(case, recipient, sections)
    reason = override_reason.strip()
    if consent is None:
        if not user.has_perm("sharing.override_consent"):
            raise ShareRefused(_("No current consent covers this organisation and these sections."))
        if len(reason) < 20:
            raise ShareRefused(_("Sharing without consent needs a written reason."))
    share = Share.objects.create(
        case=case,
        recipient=recipient,
        sections=sections,
        consent=consent,
        is_override=consent is None,
        override_reason=reason if consent is None else "",
        created_by=user,
    )
    action = _action().SHARE if consent is not None else _action().SHARE_OVERRIDE
    audit.record(user, action, obj=share, case=case, request=request)
    return share


def end_share(user, share, request=None, now=None):
    share.ended_at = now or timezone.now()
    share.ended_by = user
    share.save(update_fields=["ended_at", "ended_by"])
    audit.record(user, _action().SHARE_END, obj=share, case=share.case, request=request)
