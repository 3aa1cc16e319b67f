"""``recours plan FILE``: read a situation (JSON or YAML, ``-`` for stdin) and print its plan."""

import datetime
import json
import sys

import yaml


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "plan",
        help="print the plan of options and harms for a situation",
        description=(
            "Read a situation (recours.situation/1, JSON or YAML; '-' reads standard input) and "
            "print its plan. Bad input exits with status 2 and names the field and the allowed "
            "values."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="situation file, or - for standard input")
    parser.add_argument("--format", choices=["json", "markdown"], default="json")
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    parser.add_argument(
        "--as-of",
        type=datetime.date.fromisoformat,
        default=None,
        help="make the plan as of this date (YYYY-MM-DD) instead of the situation's as_of",
    )
    parser.add_argument("--knowledge", default=None, help="knowledge folder (default: bundled)")
    parser.set_defaults(handler=handle)


def read_document(text):
    """JSON or YAML, the same shape either way; YAML dates arrive as dates, which is accepted."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def handle(args):
    from recours.engine import KnowledgeError, SituationError, load_knowledge, make_plan
    from recours.engine.render import plan_markdown

    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
        data = read_document(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        print(f"recours plan: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as error:
        print(f"recours plan: {error}", file=sys.stderr)
        return 1
    try:
        plan = make_plan(data, kb, lang=args.lang, as_of=args.as_of)
    except SituationError as error:
        print("recours plan: the situation is refused:", file=sys.stderr)
        for path, message in error.problems:
            print(f"  {path or '(document)'}: {message}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(plan_markdown(plan))
    return 0
