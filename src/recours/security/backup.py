"""Encrypted, integrity-checked backups of the database, the key store and the uploads.

Archive format (``RCB1``): a JSON header (format, KEK id, salt, chunk size), then the tar of
the contents cut into 1 MiB chunks, each sealed with AES-256-GCM under a key derived (HKDF)
from the active KEK. Each chunk's nonce carries its index and a last-chunk flag, and every
chunk authenticates the header, so a changed, dropped, reordered or truncated chunk fails.
Inside, ``manifest.json`` lists a SHA-256 for every member.

Restore refuses any archive that fails these checks, then re-applies the tombstones of the
current key store, so keys destroyed since the backup stay destroyed and their cases are
removed again (see docs/threat-model.md, "Deletion").
"""

import hashlib
import io
import json
import os
import sqlite3
import struct
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from recours.crypto import keys

MAGIC = b"RCB1"
CHUNK = 1024 * 1024
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


class BackupRefused(Exception):
    """The archive is not intact, or cannot be opened with this site's keys."""


def _backup_key(kek_id: str, salt: bytes) -> bytes:
    ring = keys.keyring()
    if kek_id not in ring.keys:
        raise BackupRefused(f"the archive was made under KEK {kek_id!r}, not in the keyring")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"recours-backup").derive(
        ring.keys[kek_id]
    )


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def seal_archive(payload: bytes) -> bytes:
    ring = keys.keyring()
    salt = os.urandom(16)
    header = json.dumps(
        {"format": 1, "kek": ring.active_id, "salt": salt.hex(), "chunk": CHUNK}
    ).encode()
    key = AESGCM(_backup_key(ring.active_id, salt))
    prefix = os.urandom(7)
    out = [MAGIC, struct.pack(">I", len(header)), header, prefix]
    chunks = [payload[i : i + CHUNK] for i in range(0, len(payload), CHUNK)] or [b""]
    for index, chunk in enumerate(chunks):
        sealed = key.encrypt(_nonce(prefix, index, index == len(chunks) - 1), chunk, header)
        out += [struct.pack(">I", len(sealed)), sealed]
    return b"".join(out)


def open_archive(data: bytes) -> bytes:
    try:
        if data[:4] != MAGIC:
            raise BackupRefused("not a Recours backup")
        (size,) = struct.unpack(">I", data[4:8])
        header = data[8 : 8 + size]
        meta = json.loads(header)
        key = AESGCM(_backup_key(meta["kek"], bytes.fromhex(meta["salt"])))
        position = 8 + size
        prefix = data[position : position + 7]
        position += 7
        parts, index, finished = [], 0, False
        while position < len(data):
            if finished:
                raise BackupRefused("data after the last chunk")
            (length,) = struct.unpack(">I", data[position : position + 4])
            sealed = data[position + 4 : position + 4 + length]
            position += 4 + length
            try:
                parts.append(key.decrypt(_nonce(prefix, index, False), sealed, header))
            except InvalidTag:
                parts.append(key.decrypt(_nonce(prefix, index, True), sealed, header))
                finished = True
            index += 1
        if not finished:
            raise BackupRefused("the archive is truncated")
        return b"".join(parts)
    except BackupRefused:
        raise
    except (InvalidTag, ValueError, KeyError, struct.error) as error:
        raise BackupRefused(f"the archive is damaged or altered ({type(error).__name__})") from None


def _add(tar, name, data: bytes, manifest):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))
    manifest[name] = hashlib.sha256(data).hexdigest()


def _database_bytes() -> tuple[str, bytes]:
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            raise RuntimeError("a SQLite backup cannot run inside a transaction")
        connection.ensure_connection()
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "db.sqlite3"
            destination = sqlite3.connect(target)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
            return "database.sqlite3", target.read_bytes()
    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=DUMP_EXCLUDE,
        stdout=out,
        verbosity=0,
    )
    return "database.json", out.getvalue().encode()


def make_backup() -> bytes:
    """The whole site state, encrypted; uploads are copied as stored (already encrypted)."""
    manifest: dict = {}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        name, data = _database_bytes()
        _add(tar, name, data, manifest)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "keystore.sqlite3"
            keys.keystore().backup_to(copy)
            _add(tar, "keystore.sqlite3", copy.read_bytes(), manifest)
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                _add(
                    tar,
                    "uploads/" + path.relative_to(media).as_posix(),
                    path.read_bytes(),
                    manifest,
                )
        meta = {
            "created_at": datetime.now(UTC).isoformat(),
            "database": connection.vendor,
            "files": manifest,
        }
        _add(tar, "manifest.json", json.dumps(meta, indent=1).encode(), {})
    return seal_archive(buffer.getvalue())


def _read_members(payload: bytes) -> tuple[dict, dict]:
    members = {}
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r") as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in member.name.split("/"):
                raise BackupRefused(f"unexpected member {member.name!r}")
            members[member.name] = tar.extractfile(member).read()
    meta = json.loads(members.pop("manifest.json", b"{}") or b"{}")
    files = meta.get("files", {})
    if set(files) != set(members):
        raise BackupRefused("the manifest does not match the archive's contents")
    for name, digest in files.items():
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise BackupRefused(f"{name} does not match its checksum")
    return meta, members


def _restore_database(meta, members):
    if meta.get("database") != connection.vendor:
        raise BackupRefused(
            f"archive holds a {meta.get('database')} database, not {connection.vendor}"
        )
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            source_path = Path(folder) / "db.sqlite3"
            source_path.write_bytes(members["database.sqlite3"])
            source = sqlite3.connect(source_path)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        return
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "database.json"
        dump.write_bytes(members["database.json"])
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)


def _restore_keystore(members):
    """Replace the key store, keeping every tombstone the current one holds."""
    current = keys.keystore()
    tombstones = current.tombstones() if current.path.exists() else set()
    keys.reset_caches()
    fresh = keys.keystore()
    tmp = fresh.path.with_suffix(".restoring")
    tmp.write_bytes(members["keystore.sqlite3"])
    tmp.chmod(0o600)
    for suffix in ("-journal", "-wal", "-shm"):
        Path(str(fresh.path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, fresh.path)
    keys.reset_caches()
    keys.keystore().apply_tombstones(tombstones)
    return keys.keystore().tombstones()


def _restore_uploads(members):
    media = Path(settings.MEDIA_ROOT)
    vault = media / "vault"
    if vault.exists():
        import shutil

        shutil.rmtree(vault)
    for name, data in members.items():
        if name.startswith("uploads/"):
            target = media / name.removeprefix("uploads/")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.write_bytes(data)
            target.chmod(0o600)


def restore_backup(data: bytes) -> dict:
    """Check everything first; only an intact archive touches the site."""
    meta, members = _read_members(open_archive(data))
    _restore_database(meta, members)
    tombstones = _restore_keystore(members)
    _restore_uploads(members)
    removed = _remove_cases_with_destroyed_keys(tombstones)
    return {"created_at": meta.get("created_at"), "files": len(members), "removed": removed}


def _remove_cases_with_destroyed_keys(tombstones) -> int:
    """Cases deleted after the backup was made come back as unreadable rows: remove them."""
    from recours.crypto.files import delete_upload_folder

    case_model = apps.get_model(settings.RECOURS_CASE_MODEL)
    doomed = case_model.objects.filter(data_key_id__in=tombstones)
    count = 0
    with transaction.atomic():
        for case in doomed:
            delete_upload_folder(case.data_key_id)
            case.delete()
            count += 1
    return count
