"""``recours manage ...``: Django's management commands, unchanged."""

import os


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, ...)",
        description="Pass the remaining arguments to Django's management utility.",
        add_help=False,
    )
    parser.set_defaults(handler=lambda args: run_manage([]))


def run_manage(arguments):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recours.site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["recours manage", *arguments])
    return 0
