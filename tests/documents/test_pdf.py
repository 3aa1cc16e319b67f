"""PDFs are rendered, read back and photographed: text selectable, tagged, fonts embedded."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from documents.support import folded, problems_against_plan
from recours.documents import (
    build_handout,
    build_memo,
    render_handout_pdf,
    render_memo_pdf,
)

PDFTOPPM = shutil.which("pdftoppm")


def pdf_text(path):
    return folded(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def accessibility_problems(path):
    """What keeps a PDF from being tagged, titled, language-marked and self-contained."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (untagged)")
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not marked as tagged")
    if "/Lang" not in root:
        problems.append("no document language")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no title")
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for descendant in descendants:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"font {descendant.get_object().get('/BaseFont')} not embedded")
    return problems


def snapshot(pdf_path, artifacts, name, pages=2):
    """First pages as PNG in test-artifacts/documents/ for a person to look at."""
    if not PDFTOPPM:
        pytest.skip("poppler-utils is not installed: screenshots SKIPPED")
    prefix = artifacts / name
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf_path), str(prefix)],
        check=True,
    )
    shots = sorted(artifacts.glob(f"{name}-*.png"))
    assert shots and all(shot.stat().st_size > 2000 for shot in shots)


@pytest.mark.parametrize(
    ("lang", "variant"),
    [("en", "standard"), ("fr", "large"), ("es", "safe"), ("fr", "safe")],
)
def test_handout_pdf_has_its_options_and_harms_as_selectable_text(
    case, lang, variant, tmp_path, artifacts
):
    plan, situation = case
    model = build_handout(plan, lang=lang, situation=situation, variant=variant, client_name="Mei")
    path = tmp_path / "handout.pdf"
    path.write_bytes(render_handout_pdf(model))
    text = pdf_text(path)
    selected = [option["remedy"] for option in model["options"]]
    assert problems_against_plan(text, plan, selected, lang, variant) == []
    assert accessibility_problems(path) == []
    assert PdfReader(path).trailer["/Root"]["/Lang"] == lang
    assert ("Mei" in text) == (variant != "safe")
    if variant == "safe":
        assert PdfReader(path).metadata.title == model["title"]
    snapshot(path, artifacts, f"handout-{plan['jurisdiction']}-{lang}-{variant}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_memo_pdf_cites_every_source_of_the_plan(case, lang, tmp_path, artifacts):
    plan, _ = case
    path = tmp_path / "memo.pdf"
    path.write_bytes(render_memo_pdf(build_memo(plan, lang=lang), lang))
    text = pdf_text(path).replace(" ", "")
    missing = [s["id"] for s in plan["sources"] if s["id"].replace(" ", "") not in text]
    assert missing == []
    assert accessibility_problems(path) == []
    snapshot(path, artifacts, f"memo-{plan['jurisdiction']}-{lang}", pages=1)
