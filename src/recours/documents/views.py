"""Views that show or download a case's documents, given its plan.

They read no case themselves: the case workspace looks the case up (checking access and
logging it), then calls ``handout_view`` or ``memo_view`` with the plan, or mounts
``document_urlpatterns(get_source)``. Responses are never cached: they hold case data.
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_GET

from recours.documents import plain
from recours.documents.handout import VARIANTS, HandoutError, build_handout, ranked_options
from recours.documents.memo import MEMO_LANGUAGES, build_memo
from recours.documents.render import (
    render_handout_html,
    render_handout_pdf,
    render_memo_docx,
    render_memo_html,
    render_memo_markdown,
    render_memo_pdf,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "markdown": "md", "html": "html"}


def _language(request, allowed):
    lang = request.GET.get("lang") or (get_language() or "en")[:2]
    return lang if lang in allowed else None


def _private(response, filename=None):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _handout_controls(plan, selected, lang, variant, first_name_choice=None, back_url=None):
    ui_lang = (get_language() or "en")[:2]
    ui_lang = ui_lang if ui_lang in MEMO_LANGUAGES else "en"
    options = [
        {
            "remedy": option["remedy"],
            "label": plain.remedy_text(option["remedy"], ui_lang)["title"],
            "selected": option["remedy"] in selected,
        }
        for option in plan["options"]
        if option["eligibility"] != "not_eligible" or option["remedy"] in selected
    ]
    return {
        "options": options,
        "variant": variant,
        "variants": [
            ("standard", pgettext("documents", "Standard")),
            ("large", pgettext("documents", "Large print")),
            ("safe", pgettext("documents", "Safe to carry (no name, neutral title)")),
        ],
        "lang": lang,
        "first_name_choice": first_name_choice,
        "back_url": back_url,
        "languages": [
            ("en", pgettext("documents", "English")),
            ("fr", pgettext("documents", "French")),
            ("es", pgettext("documents", "Spanish (translation not yet reviewed)")),
        ],
    }


@require_GET
def handout_view(
    request,
    plan,
    *,
    situation=None,
    client_name=None,
    organisation=None,
    offer_first_name=False,
    back_url=None,
):
    """``?option=ID&option=ID&variant=standard|large|safe&lang=en|fr|es&format=html|pdf``
    (``police=1`` lists services that work beside police even for a person without status).

    ``offer_first_name`` adds a ``first_name=1`` box to the on-screen form, so that the caller's
    choice to name the client survives a change of options; ``back_url`` links back to the case.
    """
    lang = _language(request, plain.LANGUAGES)
    variant = request.GET.get("variant", "standard")
    output = request.GET.get("format", "html")
    if lang is None or variant not in VARIANTS or output not in ("html", "pdf"):
        return HttpResponseBadRequest("lang, variant or format is not one this document offers")
    selected = request.GET.getlist("option") or ranked_options(plan)
    try:
        model = build_handout(
            plan,
            lang=lang,
            options=selected,
            variant=variant,
            situation=situation,
            client_name=client_name,
            organisation=organisation,
            include_police_linked=True if request.GET.get("police") == "1" else None,
        )
    except HandoutError as error:
        return HttpResponseBadRequest(str(error))
    if output == "pdf":
        name = "notes" if variant == "safe" else f"handout-{lang}-{variant}"
        return _private(
            HttpResponse(render_handout_pdf(model), content_type=CONTENT_TYPES["pdf"]),
            f"{name}.pdf",
        )
    first_name_choice = request.GET.get("first_name") == "1" if offer_first_name else None
    controls = _handout_controls(plan, selected, lang, variant, first_name_choice, back_url)
    return _private(HttpResponse(render_handout_html(model, controls)))


@require_GET
def memo_view(request, plan, *, kb=None, client_reference=None):
    """``?lang=en|fr&format=html|pdf|docx|markdown``."""
    lang = _language(request, MEMO_LANGUAGES)
    output = request.GET.get("format", "html")
    if lang is None or output not in CONTENT_TYPES:
        return HttpResponseBadRequest("lang or format is not one this document offers")
    blocks = build_memo(plan, lang=lang, kb=kb, client_reference=client_reference)
    if output == "html":
        return _private(HttpResponse(render_memo_html(blocks, lang, controls=True)))
    body = {
        "pdf": lambda: render_memo_pdf(blocks, lang),
        "docx": lambda: render_memo_docx(blocks, lang),
        "markdown": lambda: render_memo_markdown(blocks),
    }[output]()
    return _private(
        HttpResponse(body, content_type=CONTENT_TYPES[output]),
        f"memo-{lang}.{EXTENSIONS[output]}",
    )


def document_urlpatterns(get_source):
    """``handout/`` and ``memo/`` for one case. ``get_source(request, **url_kwargs)`` checks
    access, logs it and returns a mapping with ``plan`` and, optionally, ``situation``,
    ``kb``, ``client_name``, ``organisation`` and ``client_reference``."""

    def handout(request, **kwargs):
        source = get_source(request, **kwargs)
        return handout_view(
            request,
            source["plan"],
            situation=source.get("situation"),
            client_name=source.get("client_name"),
            organisation=source.get("organisation"),
        )

    def memo(request, **kwargs):
        source = get_source(request, **kwargs)
        return memo_view(
            request,
            source["plan"],
            kb=source.get("kb"),
            client_reference=source.get("client_reference"),
        )

    return [
        path("handout/", handout, name="handout"),
        path("memo/", memo, name="memo"),
    ]
