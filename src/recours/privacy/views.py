import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

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
