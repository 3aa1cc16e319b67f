"""``recours handout``: the client handout from a situation (or plan) file, without a database."""

import sys
from pathlib import Path

LANGUAGES = ("en", "fr", "es")
VARIANTS = ("standard", "large", "safe")


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "handout",
        help="write the client handout for a situation or plan file",
        description=(
            "Plan the situation in FILE (or read the plan in it) and write the client handout: "
            "each selected option, what it can give, its risks for this person in plain words, "
            "deadlines and where to get help."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="situation or plan, YAML or JSON")
    parser.add_argument(
        "--options",
        help="remedy ids to include, comma-separated (default: the options the plan ranks first)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--variant", choices=VARIANTS, default="standard")
    parser.add_argument("--format", choices=("html", "pdf"), required=True)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    parser.add_argument("--client-name", help="name to print (never on the safe variant)")
    parser.add_argument(
        "--include-police-linked",
        action="store_true",
        help="list services that work beside police even for a person who may lack status",
    )
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours.documents import build_handout, render_handout_html, render_handout_pdf
    from recours.documents.handout import HandoutError
    from recours.documents.source import SourceError, read_document_source

    try:
        source = read_document_source(args.file, lang=args.lang)
        model = build_handout(
            source.plan,
            lang=args.lang,
            options=[o.strip() for o in args.options.split(",") if o.strip()]
            if args.options
            else None,
            variant=args.variant,
            situation=source.situation,
            client_name=args.client_name,
            include_police_linked=True if args.include_police_linked else None,
        )
    except (SourceError, HandoutError, OSError) as error:
        print(f"recours handout: {error}", file=sys.stderr)
        return 2
    if args.format == "pdf":
        Path(args.output).write_bytes(render_handout_pdf(model))
    else:
        Path(args.output).write_text(render_handout_html(model), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
