"""A case's documents: the handout and the memo, reached through the case's access rules."""

import io
import zipfile

import pytest
from django.urls import reverse

from cases.conftest import make_case
from recours.accounts.testing import sign_in
from recours.audit.models import Action, AuditEntry


def get(client, name, case, **query):
    return client.get(reverse(name, args=[case.pk]), query)


def exports(case):
    return AuditEntry.objects.filter(action=Action.EXPORT, case_id=str(case.pk)).count()


def test_the_documents_page_ticks_the_options_the_plan_ranks_first(client, actors):
    sign_in(client, actors.member)
    response = get(client, "cases:documents", actors.case)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert 'aria-current="page">Documents' in html
    assert 'value="owp_v" id="option-owp_v" checked' in html
    assert 'name="first_name"' in html


def test_the_handout_on_screen_is_an_uncached_recorded_export(client, actors):
    sign_in(client, actors.member, recent_auth=False)
    before = exports(actors.case)
    response = get(client, "cases:handout", actors.case, lang="fr", option="owp_v")
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="fr"' in html and "Options à inclure" not in html  # controls in English
    assert exports(actors.case) == before + 1


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("cases:handout", {"format": "pdf"}),
        ("cases:memo", {"format": "pdf"}),
        ("cases:memo", {"format": "docx"}),
    ],
)
def test_a_download_asks_for_a_recent_re_authentication(client, actors, name, query):
    sign_in(client, actors.member, recent_auth=False)
    before = exports(actors.case)
    response = get(client, name, actors.case, **query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    assert exports(actors.case) == before


def test_the_handout_pdf_downloads_after_a_recent_sign_in(client, actors):
    sign_in(client, actors.member)
    response = get(client, "cases:handout", actors.case, format="pdf", variant="large")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")


def test_the_memo_downloads_as_docx_in_french_with_the_case_reference(client, actors):
    sign_in(client, actors.owner)
    response = get(client, "cases:memo", actors.case, format="docx", lang="fr")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="memo-fr.docx"'
    document = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert actors.case.reference in document and "Plan d" in document


def test_the_first_name_shows_only_when_ticked_and_never_on_the_safe_version(client, actors):
    sign_in(client, actors.owner)
    plain = get(client, "cases:handout", actors.case).content.decode()
    named = get(client, "cases:handout", actors.case, first_name="1").content.decode()
    safe = get(client, "cases:handout", actors.case, first_name="1", variant="safe")
    safe = safe.content.decode()
    assert "Rosa" not in plain and "Example" not in plain
    assert "Prepared for: Rosa" in named and "Example" not in named
    assert "Rosa" not in safe.split("</form>", 1)[1] and "Home clinic" not in safe


def test_a_partner_under_consent_to_the_plan_gets_the_handout_but_never_the_name(client, actors):
    sign_in(client, actors.partner_member)
    response = get(client, "cases:handout", actors.case, first_name="1")
    assert response.status_code == 200
    assert "Rosa" not in response.content.decode()
    assert get(client, "cases:memo", actors.case).status_code == 200


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("cases:documents", {}),
        ("cases:handout", {"format": "pdf"}),
        ("cases:memo", {"format": "docx"}),
    ],
)
def test_it_refuses_the_documents_of_another_organisation_with_404(client, actors, name, query):
    sign_in(client, actors.owner)
    before = exports(actors.foreign)
    assert get(client, name, actors.foreign, **query).status_code == 404
    assert exports(actors.foreign) == before


def test_a_case_without_a_province_explains_that_the_plan_needs_one(client, actors):
    case = make_case(actors.home, actors.owner, situation={})
    sign_in(client, actors.owner)
    assert "province or territory" in get(client, "cases:documents", case).content.decode()
    response = get(client, "cases:handout", case)
    assert response.status_code == 409
    assert "province or territory" in response.content.decode()
