"""Consent and sharing pages of a case. The case is reached only through the workspace's access
function; recording consent and sharing need write access, sharing also fresh re-authentication.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recours import sharing
from recours.accounts.decorators import require_recent_auth
from recours.sharing.forms import SECTION_LABELS, ConsentForm, ShareForm
from recours.sharing.models import Consent, Share


def _access(request, case_id, write):
    from recours.cases.access import case_for

    access = case_for(request, case_id, section="summary")
    if access.via == "consent":
        raise Http404  # a recipient organisation never sees the owner's consents
    if write and not access.can_edit():
        raise PermissionDenied  # on the team, but read only (supervisor, interpreter, closed)
    return access


def _end_of_day(day):
    if day is None:
        return None
    moment = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(moment)


def _page(request, access, consent_form=None, share_form=None, status=200):
    case = access.case
    now = timezone.now()
    consents = Consent.objects.filter(case=case).select_related("recipient")
    shares = Share.objects.filter(case=case).select_related("recipient", "consent")
    return render(
        request,
        "sharing/case_sharing.html",
        {
            "case": case,
            "access": access,
            "tab": "sharing",
            "consents": [(c, c.is_current(now)) for c in consents],
            "shares": [(s, s.visible_sections(now)) for s in shares],
            "section_labels": SECTION_LABELS,
            "consent_form": consent_form or ConsentForm(case=case),
            "share_form": share_form or ShareForm(case=case),
            "can_edit": access.can_edit(),
            "can_override": request.user.has_perm("sharing.override_consent"),
        },
        status=status,
    )


@login_required
def case_sharing(request, case_id):
    return _page(request, _access(request, case_id, write=False))


@login_required
@require_POST
def consent_add(request, case_id):
    access = _access(request, case_id, write=True)
    form = ConsentForm(request.POST, case=access.case)
    if not form.is_valid():
        return _page(request, access, consent_form=form, status=400)
    data = form.cleaned_data
    is_sharing = data["kind"] == Consent.Kind.SHARING
    sharing.record_consent(
        request.user,
        access.case,
        kind=data["kind"],
        recipient=data["recipient"] if is_sharing else None,
        sections=data["sections"] if is_sharing else (),
        purpose=data["purpose"],
        given_on=data["given_on"],
        expires_at=_end_of_day(data["expires_on"]),
        request=request,
    )
    messages.success(request, _("Consent recorded."))
    return redirect("sharing:case", case_id=access.case.pk)


@login_required
@require_POST
def consent_revoke(request, case_id, consent_id):
    access = _access(request, case_id, write=True)
    consent = Consent.objects.filter(pk=consent_id, case=access.case).first()
    if consent is None:
        raise Http404
    if consent.revoked_at is None:
        sharing.revoke_consent(request.user, consent, request=request)
        messages.success(request, _("Withdrawal recorded. Access based on this consent has ended."))
    return redirect("sharing:case", case_id=access.case.pk)


@login_required
@require_recent_auth
@require_POST
def share_add(request, case_id):
    access = _access(request, case_id, write=True)
    form = ShareForm(request.POST, case=access.case)
    if not form.is_valid():
        return _page(request, access, share_form=form, status=400)
    try:
        sharing.share_case(
            request.user,
            access.case,
            form.cleaned_data["recipient"],
            form.cleaned_data["sections"],
            override_reason=form.cleaned_data["override_reason"],
            request=request,
        )
    except sharing.ShareRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, access, share_form=form, status=400)
    messages.success(request, _("Shared."))
    return redirect("sharing:case", case_id=access.case.pk)


@login_required
@require_POST
def share_end(request, case_id, share_id):
    access = _access(request, case_id, write=True)
    share = Share.objects.filter(pk=share_id, case=access.case, ended_at__isnull=True).first()
    if share is None:
        raise Http404
    sharing.end_share(request.user, share, request=request)
    messages.success(request, _("Sharing ended."))
    return redirect("sharing:case", case_id=access.case.pk)
