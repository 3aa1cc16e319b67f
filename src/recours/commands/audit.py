"""``recours audit verify``: check that the audit trail is complete and unaltered."""


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "audit",
        help="check the audit trail",
        description="Check the audit trail's hash chain; exit 1 at the first altered entry.",
    )
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    actions.add_parser("verify", help="verify the hash chain (exit 1 on any alteration)")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours import audit

    checked, bad, reason = audit.verify()
    if bad is None:
        print(f"audit trail intact: {checked} entries verified")
        return 0
    print(f"audit trail ALTERED after {checked} good entries")
    print(f"first bad entry: id {bad.pk} ({bad}): {reason}")
    return 1
