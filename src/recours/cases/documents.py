"""A case's documents: the client handout and the practitioner memo (``recours.documents``).

Each document request reaches its case through ``recours.cases.access`` (404 out of reach), is
recorded in the audit as an export, and is never cached. A download (PDF, DOCX, Markdown) also
asks for a recent re-authentication: a stolen, still-open session must not carry the file away.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from recours import audit
from recours.accounts.decorators import require_recent_auth
from recours.audit.models import Action
from recours.cases import access
from recours.cases.planning import knowledge, plan_for_case, situation_document
from recours.cases.views import base_context, lang
from recours.documents import plain
from recours.documents.handout import ranked_options
from recours.documents.memo import MEMO_LANGUAGES
from recours.documents.views import handout_view, memo_view

SECTION = "plan"  # documents are made from the plan; a consent to share the plan covers them


def plan_language(document_lang):
    """The engine speaks English and French; a Spanish handout is made from the English plan."""
    return document_lang if document_lang in MEMO_LANGUAGES else "en"


def first_name(case_access):
    """The client's first name, only for those who may see the person's identity."""
    if not case_access.can_see("identity"):
        return None
    parts = (case_access.case.client_name or "").split()
    return parts[0] if parts else None


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _document_response(request, make):
    """Ask for a recent re-authentication before a download; on-screen views need none."""
    if request.GET.get("format", "html") == "html":
        return _no_store(make(request))
    return _no_store(require_recent_auth(make)(request))


def _exported_plan(request, case_access):
    """The plan in the requested language, recorded as an export; or, where there is no plan,
    the documents page saying why (409)."""
    case = case_access.case
    result = plan_for_case(case, plan_language(request.GET.get("lang") or lang()))
    if result.plan is None:
        return None, documents_page(request, case_access, result, status=409)
    audit.record(request.user, Action.EXPORT, obj=case, case=case, request=request)
    return result.plan, None


@login_required
@require_GET
def documents(request, case_id):
    """The choices: which options, which version, which language, which format."""
    case_access = access.case_for(request, case_id, SECTION)
    result = plan_for_case(case_access.case, lang())
    return documents_page(request, case_access, result)


def documents_page(request, case_access, result, status=200):
    language = lang()
    context = base_context(case_access, "documents")
    plan = result.plan
    if plan is not None:
        ranked = set(ranked_options(plan))
        ui_lang = language if language in plain.LANGUAGES else "en"
        context["options"] = [
            {
                "remedy": option["remedy"],
                "label": plain.remedy_text(option["remedy"], ui_lang)["title"],
                "selected": option["remedy"] in ranked,
                "eligibility": option["eligibility"],
            }
            for option in plan["options"]
            if option["eligibility"] != "not_eligible"
        ]
    context.update(
        {
            "result": result,
            "document_lang": language if language in MEMO_LANGUAGES else "en",
            "can_name": first_name(case_access) is not None,
        }
    )
    return _no_store(render(request, "cases/documents.html", context, status=status))


@login_required
@require_GET
def handout(request, case_id):
    """``recours.documents.views.handout_view`` for this case; ``first_name=1`` puts the
    client's first name on the standard and large-print versions (never the safe one)."""
    case_access = access.case_for(request, case_id, SECTION)
    case = case_access.case

    def make(request):
        plan, refusal = _exported_plan(request, case_access)
        if refusal is not None:
            return refusal
        named = request.GET.get("first_name") == "1" and request.GET.get("variant") != "safe"
        return handout_view(
            request,
            plan,
            situation=situation_document(case),
            client_name=first_name(case_access) if named else None,
            organisation={"name": case.organisation.name},
            offer_first_name=first_name(case_access) is not None,
            back_url=reverse("cases:documents", args=[case.pk]),
        )

    return _document_response(request, make)


@login_required
@require_GET
def memo(request, case_id):
    """``recours.documents.views.memo_view`` for this case, filed under the case reference."""
    case_access = access.case_for(request, case_id, SECTION)
    case = case_access.case

    def make(request):
        plan, refusal = _exported_plan(request, case_access)
        if refusal is not None:
            return refusal
        return memo_view(request, plan, kb=knowledge(), client_reference=case.reference)

    return _document_response(request, make)
