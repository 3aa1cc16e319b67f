"""From a demo case, in a real browser: the handout on screen in French, the handout as PDF and
the memo as DOCX, and the documents page without a serious accessibility violation."""

import zipfile

import pytest

from browser.conftest import ARTIFACTS
from browser.test_workspace import axe_violations, sign_in
from recours.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_case():
    """The first demo case's id, with the demo accounts loaded."""
    load_demo()
    from recours.cases.models import Case

    return Case.objects.get(reference="DEMO-0001").pk


def test_a_practitioner_makes_the_handout_and_the_memo_from_a_demo_case(
    page, demo_case, screenshot
):
    sign_in(page)
    assert page.url.endswith("/en/cases/")  # signed in, they land on their cases
    page.goto(f"/en/cases/{demo_case}/")
    page.get_by_role("navigation", name="Case sections").get_by_role(
        "link", name="Documents"
    ).click()
    assert page.get_by_role("heading", name="Documents", level=1).is_visible()
    ticked = page.locator("#handout-form input[name=option]:checked").count()
    assert ticked >= 1  # the options the plan ranks first
    screenshot("documents-page")

    page.get_by_label("Language of the handout").select_option("fr")
    page.get_by_role("button", name="Show the handout on screen").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Vos choix et leurs risques").is_visible()
    assert page.locator("section.option").count() == ticked
    screenshot("documents-handout-fr")
    assert axe_violations(page) == []
    page.go_back()

    downloads = ARTIFACTS / "documents"
    downloads.mkdir(parents=True, exist_ok=True)
    with page.expect_download() as handout:
        page.get_by_role("button", name="Download the handout as PDF").click()
    pdf = downloads / "browser-handout.pdf"
    handout.value.save_as(pdf)
    assert handout.value.suggested_filename.endswith(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")

    with page.expect_download() as memo:
        page.get_by_role("button", name="Download the memo as Word (DOCX)").click()
    docx = downloads / "browser-memo.docx"
    memo.value.save_as(docx)
    assert memo.value.suggested_filename == "memo-en.docx"
    body = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "DEMO-0001" in body


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_documents_page_has_no_serious_accessibility_violation(
    page, demo_case, screenshot, lang
):
    sign_in(page)
    response = page.goto(f"/{lang}/cases/{demo_case}/documents/")
    assert response.status == 200
    screenshot(f"documents-page-{lang}")
    assert axe_violations(page) == []
