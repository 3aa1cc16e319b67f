"""``recours retention purge``: purge closed cases past the retention period."""


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "retention",
        help="apply the retention policy",
        description=(
            "Purge cases closed more than RECOURS_RETENTION_YEARS years ago (default 7): the "
            "case and all its records are deleted and its key destroyed. Run daily from cron "
            "or a systemd timer."
        ),
    )
    actions = parser.add_subparsers(dest="retention_action", metavar="ACTION", required=True)
    purge = actions.add_parser("purge", help="purge closed cases past the retention period")
    purge.add_argument("--dry-run", action="store_true", help="list, delete nothing")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours.privacy.retention import purge

    references = purge(dry_run=args.dry_run)
    verb = "would purge" if args.dry_run else "purged"
    print(f"{verb} {len(references)} closed cases" + "".join(f"\n  {r}" for r in references))
    return 0
