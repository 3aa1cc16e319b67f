"""``recours backup FILE``: an encrypted, integrity-checked archive of the whole site."""

from pathlib import Path


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "backup",
        help="write an encrypted backup of the database, key store and uploads",
        description=(
            "Write an encrypted archive (AES-256-GCM under a key derived from the active "
            "key-encryption key). Keep RECOURS_KEK safe and separate: without it the archive "
            "cannot be read, and retiring an old KEK makes archives made under it unreadable."
        ),
    )
    parser.add_argument("file", type=Path, help="where to write the archive")
    parser.set_defaults(handler=handle)


def handle(args):
    from recours.commands.django import setup_django

    setup_django()
    import os

    from recours import audit
    from recours.audit.models import Action
    from recours.security.backup import make_backup

    audit.record(None, Action.BACKUP)
    data = make_backup()
    descriptor = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    print(f"backup written: {args.file} ({len(data)} bytes, encrypted)")
    return 0
