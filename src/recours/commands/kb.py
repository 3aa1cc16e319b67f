"""``recours kb check`` and ``recours kb report``: validate and review the knowledge base."""

import datetime
import json
import sys
from pathlib import Path


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "kb",
        help="check the knowledge base or write a review report of its rules",
        description="Validate the knowledge base, or write a lawyer-readable report of its rules.",
    )
    actions = parser.add_subparsers(dest="kb_command", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate every file, cross-check ids, run the rule test cases",
        description=(
            "Validate the knowledge base against its schema, cross-check every id, run the rule "
            "test cases in cases/*.yaml and report coverage, as of today unless --as-of is "
            "given. Exits 1 on any error, any remedy without an availability in a "
            "jurisdiction, or any rule without a source."
        ),
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument(
        "--path", type=Path, default=None, help="knowledge folder (default: bundled)"
    )
    check.add_argument(
        "--as-of", type=datetime.date.fromisoformat, default=None, metavar="DATE",
        help=(
            "check as of this date (YYYY-MM-DD): which variants, rules and deadlines are in "
            "force. Default: the day the command is run, so the result can change from one "
            "day to the next as dated rules start or end; give --as-of to reproduce a check"
        ),
    )  # fmt: skip
    check.set_defaults(handler=handle_check)
    report = actions.add_parser(
        "report",
        help="write a review document of every rule",
        description=(
            "Write a review document of every rule: its conditions in words (situation fields "
            "by their vocabulary label, the field path in brackets), its sources with the date "
            "they were checked, its verification level and the dates it is in force."
        ),
    )
    report.add_argument("--format", choices=["html", "markdown"], default="markdown")
    report.add_argument("--lang", choices=["en", "fr"], default="en")
    report.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    report.add_argument("--path", type=Path, default=None, help="knowledge folder")
    report.set_defaults(handler=handle_report)
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def handle_check(args):
    from recours.engine.check import check_knowledge

    result = check_knowledge(args.path, as_of=args.as_of or datetime.date.today())
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(describe(result))
    failed = (
        result["errors"]
        or result["missing"]
        or result["rules_without_source"]
        or result["failing_cases"]
    )
    return 1 if failed else 0


def describe(result):
    lines = [f"knowledge base {result['knowledge_version']}: {result['path']}"]
    counts = result["counts"]
    lines.append(", ".join(f"{count} {kind}" for kind, count in counts.items()))
    lines.append(f"loaded in {result['kb_load_ms']:.0f} ms")
    for title, key in (
        ("errors", "errors"),
        ("missing", "missing"),
        ("rules without a source", "rules_without_source_ids"),
        ("failing cases", "failing_cases"),
    ):
        items = result[key]
        lines.append(f"\n{title}: {len(items)}")
        lines.extend(f"  - {item}" for item in items)
    lines.append(f"\nrules without a passing test case: {result['rules_without_test']}")
    lines.extend(f"  - {rule}" for rule in result["rules_without_test_ids"])
    lines.append(f"unverified facts: {result['unverified_facts']}")
    lines.append(f"cases: {result['cases_passed']} passed of {result['cases_run']}")
    return "\n".join(lines)


def handle_report(args):
    from recours.engine.knowledge import KnowledgeError, load_knowledge
    from recours.engine.report import render_report

    try:
        kb = load_knowledge(args.path)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    text = render_report(kb, fmt=args.format, lang=args.lang)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
