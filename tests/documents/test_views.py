"""The document views, as the case workspace will call them with a case's plan."""

import pytest
from django.test import RequestFactory
from django.urls import include, path, resolve, reverse
from django.utils import translation

from recours.documents.views import document_urlpatterns, handout_view, memo_view

factory = RequestFactory()


def test_the_handout_print_view_has_the_selection_form_in_the_practitioners_language(sawp):
    plan, situation = sawp
    with translation.override("fr"):
        response = handout_view(factory.get("/", {"lang": "es"}), plan, situation=situation)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Options à inclure" in html and '<html lang="es"' in html
    assert 'value="owp_v" checked' in html and 'value="peace_bond"' not in html


def test_the_handout_pdf_downloads_for_the_selected_options(massage):
    plan, situation = massage
    request = factory.get("/", {"option": ["vtip_trp"], "format": "pdf", "variant": "safe"})
    response = handout_view(request, plan, situation=situation)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "query", [{"lang": "de"}, {"variant": "tiny"}, {"format": "docx"}, {"option": "nothing"}]
)
def test_the_handout_view_refuses_what_it_does_not_offer(sawp, query):
    assert handout_view(factory.get("/", query), sawp[0]).status_code == 400


@pytest.mark.parametrize(
    ("output", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("markdown", "text/markdown; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_the_memo_view_serves_each_format_uncached(sawp, output, content_type):
    response = memo_view(factory.get("/", {"format": output, "lang": "fr"}), sawp[0])
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Cache-Control"] == "no-store"


def test_the_memo_view_refuses_spanish(sawp):
    assert memo_view(factory.get("/", {"lang": "es"}), sawp[0]).status_code == 400


def test_document_urls_ask_the_workspace_for_the_plan_of_the_case(sawp, settings):
    seen = []

    def get_source(request, case_id):
        seen.append(case_id)
        return {"plan": sawp[0], "situation": sawp[1], "client_reference": f"case {case_id}"}

    module = type("urls", (), {})()
    module.urlpatterns = [
        path(
            "cases/<int:case_id>/documents/",
            include((document_urlpatterns(get_source), "documents")),
        )
    ]
    settings.ROOT_URLCONF = module
    url = reverse("documents:memo", kwargs={"case_id": 7})
    match = resolve(url)
    response = match.func(factory.get(url, {"format": "markdown"}), **match.kwargs)
    assert seen == [7] and b"File: case 7" in response.content
