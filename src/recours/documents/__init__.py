"""Documents made from a plan: the client handout and the practitioner memo.

Pure functions turn a plan (``recours.plan/1``) into a document model (``build_handout``,
``build_memo``); renderers turn a model into HTML, PDF, Markdown or DOCX. Nothing here reads the
database: the case workspace passes a plan in, so does the command line.
"""

from recours.documents.handout import VARIANTS, build_handout
from recours.documents.memo import build_memo
from recours.documents.render import (
    render_handout_html,
    render_handout_pdf,
    render_memo_docx,
    render_memo_html,
    render_memo_markdown,
    render_memo_pdf,
)

HANDOUT_LANGUAGES = ("en", "fr", "es")
MEMO_LANGUAGES = ("en", "fr")

__all__ = [
    "HANDOUT_LANGUAGES",
    "MEMO_LANGUAGES",
    "VARIANTS",
    "build_handout",
    "build_memo",
    "render_handout_html",
    "render_handout_pdf",
    "render_memo_docx",
    "render_memo_html",
    "render_memo_markdown",
    "render_memo_pdf",
]
