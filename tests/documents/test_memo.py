"""The practitioner memo: the whole plan, every source cited, in Markdown, DOCX and HTML."""

import io

import pytest
from docx import Document

from recours.documents import (
    build_memo,
    render_memo_docx,
    render_memo_html,
    render_memo_markdown,
)
from recours.documents.handout import LIBERTY_OR_STATUS_HARMS
from recours.documents.memo import Labels


def test_the_memo_has_every_section_of_the_plan(case):
    plan, _ = case
    markdown = render_memo_markdown(build_memo(plan))
    for heading in (
        "# Response plan", "## Alerts", "## Assessment", "### Dimensions", "### Legal tests",
        "### Vulnerabilities", "## Options", "### Options that are closed, and why",
        "## Recommended sequence", "## Evidence plan", "## Deadlines",
        "## Facts that would change an answer", "## Sources",
    ):  # fmt: skip
        assert heading in markdown


def test_every_option_is_in_the_memo_open_ones_with_reasons_closed_ones_with_why(case):
    plan, _ = case
    markdown = render_memo_markdown(build_memo(plan))
    labels = Labels(None, "en", plan)
    for option in plan["options"]:
        assert labels.remedy(option["remedy"]) in markdown, option["remedy"]
    closed_table = markdown.split("### Options that are closed, and why")[1]
    for option in plan["options"]:
        if option["eligibility"] == "not_eligible":
            assert labels.remedy(option["remedy"]) in closed_table


def test_every_source_cited_in_the_plan_is_listed_with_its_address_and_date(case):
    plan, _ = case
    markdown = render_memo_markdown(build_memo(plan))
    sources = markdown.split("## Sources")[1]
    for source in plan["sources"]:
        assert f"| {source['id']} |" in sources
        assert source["url"] in sources and str(source["checked_on"]) in sources
    cited = {s for option in plan["options"] for s in option.get("sources") or []}
    assert cited <= {source["id"] for source in plan["sources"]}


def test_reasons_keep_their_rule_and_source(sawp):
    plan, _ = sawp
    markdown = render_memo_markdown(build_memo(plan))
    assert (
        "Holds an employer-specific work permit. "
        "[rule owp_v.employer_specific_permit; sources irpr-207-1]" in markdown
    )


def test_harms_that_threaten_liberty_or_status_are_never_dropped_and_are_marked(massage):
    plan, _ = massage
    markdown = render_memo_markdown(build_memo(plan))
    for option in plan["options"]:
        for harm in option.get("harms") or []:
            if harm["harm"] in LIBERTY_OR_STATUS_HARMS:
                assert harm["why"] in markdown
    assert "(liberty or status)" in markdown
    assert "(possible: work.still_working_there)" in markdown


def test_the_french_memo_is_in_french(sawp):
    plan, _ = sawp
    markdown = render_memo_markdown(build_memo(plan, lang="fr"))
    assert markdown.startswith("# Plan d'intervention")
    assert "## Ordre recommandé" in markdown and "Response plan" not in markdown
    assert "1er mai 2028" in markdown


def test_the_memo_is_refused_in_a_language_it_is_not_written_in(sawp):
    with pytest.raises(ValueError, match="'es'"):
        build_memo(sawp[0], lang="es")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_docx_memo_opens_with_headings_tables_and_language(sawp, lang):
    plan, _ = sawp
    blocks = build_memo(plan, lang=lang)
    document = Document(io.BytesIO(render_memo_docx(blocks, lang)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == blocks[0]["text"]
    assert len(headings) == sum(1 for b in blocks if b["type"] == "heading")
    assert len(document.tables) == sum(1 for b in blocks if b["type"] == "table")
    assert document.core_properties.language == lang
    assert f'w:val="{lang}-CA"' in document.styles["Normal"].element.xml
    sources = document.tables[-1]
    assert {row.cells[0].text for row in sources.rows[1:]} == {s["id"] for s in plan["sources"]}


def test_the_html_memo_is_one_accessible_page(sawp):
    html = render_memo_html(build_memo(sawp[0], lang="fr"), "fr")
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html
    assert "<title>Plan d&#x27;intervention</title>" in html
    assert '<th scope="col">' in html
    assert "http" not in html.split("<main>")[0]  # nothing loaded from elsewhere
