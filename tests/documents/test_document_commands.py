"""``recours handout`` and ``recours memo`` from a file, with no database."""

import io

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from documents.support import EXAMPLES, HERE, engine_available, folded
from recours.cli import main
from recours.documents import plain

PLAN_FILE = HERE / "plans" / "massage-worker-bc.plan.yaml"
needs_engine = pytest.mark.skipif(not engine_available(), reason="engine not merged: SKIPPED")


def test_the_handout_command_writes_the_chosen_options_from_a_plan_file(tmp_path, capsys):
    out = tmp_path / "handout.html"
    status = main(
        [
            "handout", str(PLAN_FILE), "--options", "police_report_trafficking,vtip_trp",
            "--lang", "fr", "--variant", "large", "--format", "html", "-o", str(out),
        ]
    )  # fmt: skip
    assert status == 0 and f"wrote {out}" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    first = plain.remedy_text("police_report_trafficking", "fr")["title"]
    second = plain.remedy_text("vtip_trp", "fr")["title"]
    assert html.index(first) < html.index(second)
    assert 'class="large"' in html


def test_the_handout_command_names_an_option_the_plan_does_not_have(tmp_path, capsys):
    status = main(
        [
            "handout",
            str(PLAN_FILE),
            "--options",
            "teleport",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert status == 2
    assert "'teleport'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_file_that_is_neither_situation_nor_plan_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"schema": "something/1"}), encoding="utf-8")
    assert main(["memo", str(bad), "--format", "markdown", "-o", str(tmp_path / "m.md")]) == 2
    assert "recours.situation/1" in capsys.readouterr().err


@needs_engine
def test_the_handout_command_plans_a_situation_and_writes_a_pdf(tmp_path):
    out = tmp_path / "handout.pdf"
    situation = EXAMPLES / "sawp-worker-ontario.yaml"
    assert main(["handout", str(situation), "--lang", "es", "--format", "pdf", "-o", str(out)]) == 0
    text = folded(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert folded(plain.phrase("unreviewed", "es")) in text
    assert "1-833-900-1010" in text


@needs_engine
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_memo_command_writes_markdown_docx_and_pdf_from_a_situation(tmp_path, lang):
    situation = EXAMPLES / "refugee-claimant-quebec.yaml"
    for output, name in (("markdown", "m.md"), ("docx", "m.docx"), ("pdf", "m.pdf")):
        args = [
            "memo",
            str(situation),
            "--lang",
            lang,
            "--format",
            output,
            "-o",
            str(tmp_path / name),
        ]
        assert main(args) == 0
    markdown = (tmp_path / "m.md").read_text(encoding="utf-8")
    title = {"en": "# Response plan", "fr": "# Plan d'intervention"}[lang]
    assert markdown.startswith(title)
    document = Document(io.BytesIO((tmp_path / "m.docx").read_bytes()))
    assert document.paragraphs[0].text == title[2:]
    assert PdfReader(tmp_path / "m.pdf").pages
