"""``recours memo``: the practitioner memo from a situation (or plan) file, without a database."""

import sys
from pathlib import Path


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "memo",
        help="write the practitioner memo for a situation or plan file",
        description=(
            "Plan the situation in FILE (or read the plan in it) and write the full response "
            "plan memo, every conclusion with its rule and source."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="situation or plan, YAML or JSON")
    parser.add_argument("--lang", choices=("en", "fr"), default="en")
    parser.add_argument("--format", choices=("markdown", "pdf", "docx", "html"), required=True)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours.documents import (
        build_memo,
        render_memo_docx,
        render_memo_html,
        render_memo_markdown,
        render_memo_pdf,
    )
    from recours.documents.source import SourceError, read_document_source

    try:
        source = read_document_source(args.file, lang=args.lang)
    except (SourceError, OSError) as error:
        print(f"recours memo: {error}", file=sys.stderr)
        return 2
    blocks = build_memo(source.plan, lang=args.lang, kb=source.kb)
    output = Path(args.output)
    if args.format == "pdf":
        output.write_bytes(render_memo_pdf(blocks, args.lang))
    elif args.format == "docx":
        output.write_bytes(render_memo_docx(blocks, args.lang))
    elif args.format == "html":
        output.write_text(render_memo_html(blocks, args.lang), encoding="utf-8")
    else:
        output.write_text(render_memo_markdown(blocks), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
