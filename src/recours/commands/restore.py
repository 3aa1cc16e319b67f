"""``recours restore FILE``: restore a backup, refusing one that is altered or damaged."""

from pathlib import Path


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "restore",
        help="restore an encrypted backup (replaces the current data)",
        description=(
            "Check the archive completely, then replace the database, key store and uploads "
            "with its contents. Keys destroyed since the backup stay destroyed. Stop the site "
            "first."
        ),
    )
    parser.add_argument("file", type=Path, help="the archive written by `recours backup`")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    from recours import audit
    from recours.audit.models import Action
    from recours.security.backup import BackupRefused, open_archive, restore_backup

    data = args.file.read_bytes()
    try:
        open_archive(data)  # refuse before asking anything
    except BackupRefused as refusal:
        print(f"restore refused: {refusal}")
        return 1
    if not args.yes and input("Replace all current data with this backup? [y/N] ").lower() != "y":
        print("nothing restored")
        return 1
    try:
        result = restore_backup(data)
    except BackupRefused as refusal:
        print(f"restore refused: {refusal}")
        return 1
    audit.record(None, Action.RESTORE)
    checked, bad, reason = audit.verify()
    print(
        f"restored backup of {result['created_at']}: {result['files']} files; "
        f"{result['removed']} cases removed whose keys were destroyed since"
    )
    if bad is not None:
        print(f"WARNING: the restored audit trail fails verification at entry {bad.pk}: {reason}")
        return 1
    print(f"audit trail intact: {checked} entries verified")
    return 0
