"""Lay out handout and memo models as HTML, PDF (WeasyPrint), Markdown and DOCX (python-docx).

Templates render with their own Django template engine, so documents can be made from the
command line without the site's URLs or database. PDFs are PDF/UA-1 (tagged, with the document
language and title), fonts embedded; nothing is fetched from the network while rendering.
"""

import io
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils import translation

from recours.documents.handout import build_handout
from recours.documents.memo import build_memo

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CSS_PATH = TEMPLATES_DIR / "documents" / "document.css"


@cache
def _engine():
    return Engine(
        dirs=[str(TEMPLATES_DIR)],
        libraries={"i18n": "django.templatetags.i18n"},
        builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    )


def _css():
    return CSS_PATH.read_text(encoding="utf-8")


def _render(template, context, ui_lang=None):
    """``ui_lang``: the language of the template's own strings; None keeps the active one
    (the handout's controls speak the practitioner's language, not the client's)."""
    template = _engine().get_template(template)
    context = Context({**context, "css": _css()})
    if ui_lang is None:
        return template.render(context)
    with translation.override(ui_lang):
        return template.render(context)


def render_handout_html(model, controls=None):
    """``model`` from ``build_handout``; ``controls`` adds the practitioner's selection form."""
    return _render("documents/handout.html", {"h": model, "controls": controls})


def render_memo_html(blocks, lang, controls=False):
    title = next((b["text"] for b in blocks if b["type"] == "heading"), "")
    return _render(
        "documents/memo.html",
        {"blocks": blocks, "lang": lang, "title": title, "controls": controls},
        lang,
    )


def _refuse_network(url, *args, **kwargs):
    """Only inline ``data:`` resources may be loaded: a document must not call anywhere."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"documents load no external resource ({url[:40]}...)")


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_network).write_pdf(pdf_variant="pdf/ua-1")


def render_handout_pdf(model):
    return html_to_pdf(render_handout_html(model))


def render_memo_pdf(blocks, lang):
    return html_to_pdf(render_memo_html(blocks, lang))


def _md_cell(value):
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_memo_markdown(blocks):
    lines = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            lines += ["#" * block["level"] + " " + block["text"], ""]
        elif kind == "paragraph":
            text = block["text"]
            lines += [f"> {text}" if block.get("style") in ("note", "warning") else text, ""]
        elif kind == "list":
            for number, item in enumerate(block["items"], start=1):
                lines.append(f"{number}. {item}" if block["ordered"] else f"- {item}")
            lines.append("")
        elif kind == "table":
            lines.append("| " + " | ".join(_md_cell(c) for c in block["header"]) + " |")
            lines.append("|" + "---|" * len(block["header"]))
            for row in block["rows"]:
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_memo_docx(blocks, lang):
    """An editable Word file: real headings, lists and tables (with repeating header rows),
    the document language set so screen readers and spell checkers pick the right one."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    title = next((b["text"] for b in blocks if b["type"] == "heading"), "")
    document.core_properties.title = title
    document.core_properties.language = lang
    normal = document.styles["Normal"]
    run_properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), {"en": "en-CA", "fr": "fr-CA"}[lang])
    run_properties.append(language)
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            document.add_heading(
                block["text"], level=min(block["level"] - 1, 9) if block["level"] > 1 else 0
            )
        elif kind == "paragraph":
            paragraph = document.add_paragraph(block["text"])
            if block.get("style") in ("note", "warning"):
                paragraph.runs[0].italic = block["style"] == "note"
                paragraph.runs[0].bold = block["style"] == "warning"
        elif kind == "list":
            style = "List Number" if block["ordered"] else "List Bullet"
            for item in block["items"]:
                document.add_paragraph(str(item), style=style)
        elif kind == "table":
            table = document.add_table(rows=1, cols=len(block["header"]))
            table.style = "Table Grid"
            header = table.rows[0]
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(repeat)
            for cell, text in zip(header.cells, block["header"], strict=True):
                cell.text = str(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in block["rows"]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = str(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = [
    "build_handout",
    "build_memo",
    "html_to_pdf",
    "render_handout_html",
    "render_handout_pdf",
    "render_memo_docx",
    "render_memo_html",
    "render_memo_markdown",
    "render_memo_pdf",
]
