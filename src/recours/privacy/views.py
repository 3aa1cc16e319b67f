import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from recours import audit
from recours.accounts.decorators import require_recent_auth
from recours.privacy.export import person_export


@login_required
@require_recent_auth
def export(request, case_id):
    """The person's data, after fresh re-authentication, recorded as an export."""
    from recours.audit.models import Action
    from recours.cases.access import SHARABLE_SECTIONS, case_for

    access = case_for(request, case_id, section="identity")
    if access.via == "consent" or not all(access.can_see(s) for s in SHARABLE_SECTIONS):
        raise Http404
    case = access.case
    data = person_export(case)
    audit.record(request.user, Action.EXPORT, obj=case, case=case, request=request)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        name = slugify(str(case)) or "case"
        response["Content-Disposition"] = f'attachment; filename="recours-{name}.json"'
        return response
    return render(request, "privacy/export.html", {"case": case, "data": data})


@login_required
@require_recent_auth
@require_http_methods(["GET", "POST"])
def delete(request, case_id):
    """Erase a case on the person's request: its data key is destroyed with it (a restored older
    backup honours the key's tombstone). The team must type the case reference."""
    from recours.audit.models import Action
    from recours.cases.access import case_for

    # A closed case stays deletable (erasure is often asked after closure): the role decides.
    access = case_for(request, case_id, section="identity")
    if access.via == "consent":
        raise Http404
    if access.role not in ("lawyer", "org_admin"):
        raise PermissionDenied
    case = access.case
    mismatch = False
    if request.method == "POST":
        if request.POST.get("reference", "").strip() == case.reference:
            reference = case.reference
            with transaction.atomic():
                audit.record(request.user, Action.DELETE, obj=case, case=case, request=request)
                case.delete()
            messages.success(
                request, _("Case %(reference)s is deleted.") % {"reference": reference}
            )
            return redirect("cases:list")
        mismatch = True
    return render(
        request,
        "privacy/delete.html",
        {"case": case, "mismatch": mismatch},
        status=400 if mismatch else 200,
    )
