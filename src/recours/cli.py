"""The ``recours`` command: one entry point, one module per subcommand in ``recours.commands``.

Each command module exposes ``add_parser(subparsers)``, which registers its parser and sets
``handler``; the handler receives the parsed arguments and returns the exit status.
"""

import argparse
import importlib
import sys

from recours import __version__

COMMAND_MODULES = [
    "demo",
    "serve",
    "manage",
    "plan",
    "kb",
    "handout",
    "memo",
    "audit",
    "keys",
    "backup",
    "restore",
    "retention",
]


def build_parser():
    parser = argparse.ArgumentParser(
        prog="recours",
        description="Recours: legal options and their risks for trafficked and exploited people.",
    )
    parser.add_argument("--version", action="version", version=f"recours {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"recours.commands.{name}").add_parser(subparsers)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    # ``manage`` hands everything after it to Django untouched, including its own --help.
    if argv and argv[0] == "manage":
        from recours.commands.manage import run_manage

        return run_manage(argv[1:])
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return args.handler(args) or 0


if __name__ == "__main__":
    sys.exit(main())
