"""``recours keys``: rotate key-encryption keys and inspect which are in use."""


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "keys",
        help="rotate and inspect encryption keys",
        description=(
            "Re-wrap every case's data key under the active key-encryption key (the first in "
            "RECOURS_KEK). Rotate: put a new key first in RECOURS_KEK, keep the old one after "
            "it, run `recours keys rotate`, then remove the old key."
        ),
    )
    actions = parser.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    rotate = actions.add_parser("rotate", help="re-wrap all data keys under the active KEK")
    rotate.add_argument(
        "--new-development-kek",
        action="store_true",
        help="development only: first add a fresh KEK to the generated key file",
    )
    actions.add_parser("new-kek", help="print a fresh KEK entry (id:base64) to add to RECOURS_KEK")
    actions.add_parser("status", help="show how many data keys each KEK wraps")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours.crypto import keys

    if args.keys_action == "new-kek":
        print(keys.new_kek_entry())
        return 0
    if args.keys_action == "status":
        print(f"active KEK: {keys.keyring().active_id}")
        for kek_id, count in sorted(keys.keystore().kek_ids_in_use().items()):
            print(f"  {kek_id}: {count} data keys")
        return 0
    if args.new_development_kek:
        if not _add_development_kek(keys):
            return 2
    count, before = keys.keystore().rewrap_all()
    from recours import audit
    from recours.audit.models import Action

    audit.record(None, Action.KEY_ROTATE)
    summary = ", ".join(f"{n} from {kek}" for kek, n in sorted(before.items())) or "none"
    print(f"re-wrapped {count} data keys under {keys.keyring().active_id} ({summary})")
    return 0


def _add_development_kek(keys):
    from django.conf import settings

    from recours.site.env import env_secret

    if settings.PRODUCTION or env_secret("RECOURS_KEK", None) is not None:
        print("--new-development-kek only works with the generated development key file")
        return False
    path = keys.development_kek_file()
    keys.keyring()  # make sure the file exists
    path.write_text(keys.new_kek_entry() + "\n" + path.read_text(encoding="utf-8"))
    keys.keyring.cache_clear()
    return True
