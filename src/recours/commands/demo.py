"""``recours demo``: migrate, load the fictional demo data (once), then serve."""

from recours.commands.serve import add_server_arguments, serve


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "demo",
        help="set up the database, load demo data and serve the site",
        description=(
            "Apply migrations, load the fictional demo data (existing data is kept) and serve "
            "the site on http://HOST:PORT."
        ),
    )
    parser.add_argument(
        "--load-only", action="store_true", help="load the demo data, then exit without serving"
    )
    add_server_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args):
    from django.core.management import call_command

    from recours.commands.django import setup_django

    setup_django()
    call_command("migrate", interactive=False, verbosity=0)
    from recours.demo.loader import load_demo

    report = load_demo()
    print(report.describe())
    if args.load_only:
        return 0
    print(f"\nRecours is serving on http://{args.host}:{args.port}/ (Ctrl-C to stop)\n", flush=True)
    serve(args.host, args.port, args.workers)
    return 0
