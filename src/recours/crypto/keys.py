"""Key-encryption keys (the keyring), the data-key store, and keyed hashes.

Where keys live, and why:

* The **keyring** holds key-encryption keys (KEKs). It comes from ``RECOURS_KEK`` or the file
  named by ``RECOURS_KEK_FILE`` (``id:base64key`` entries separated by commas or new lines, the
  first one active), never from the database. In development, without either, a key file is made
  in ``RECOURS_KEYS_DIR`` (default ``RECOURS_DATA_DIR/keys``). Production refuses to start a
  crypto operation without an operator-supplied KEK. A KMS fits behind ``Keyring.wrap/unwrap``.
* The **key store** is a small SQLite file in ``RECOURS_KEYS_DIR`` holding each case's data key,
  wrapped by a KEK, plus tombstones of destroyed keys. It is deliberately *not* in the main
  database: a database dump or backup holds only ciphertext, and destroying a data key here
  (with SQLite's secure_delete) makes every copy of that case unreadable. ``recours restore``
  re-applies the tombstones it finds, so restoring an old archive cannot bring a key back.
* The **HMAC key** (``RECOURS_HMAC_KEY`` / ``_FILE``) keys lookups and the audit chain.
"""

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from recours.crypto.sealing import Tampered, open_bytes, seal_bytes
from recours.site.env import env_secret

KEY_BYTES = 32


class KeyMissing(Exception):
    """No data key under this id: the key store is not the one that encrypted this data."""


class KeyDestroyed(KeyMissing):
    """The data key was destroyed on purpose (case deleted or purged)."""


def keys_dir() -> Path:
    path = Path(settings.RECOURS_KEYS_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _private_file(path: Path, make_content) -> str:
    """Read a development secret, creating it readable by the owner only."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(make_content())
    return path.read_text(encoding="utf-8")


def new_kek_entry() -> str:
    key_id = datetime.now(UTC).strftime("k%Y%m%d%H%M%S") + secrets.token_hex(2)
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(256)).decode()}"


def parse_keyring(text: str) -> "Keyring":
    keys = {}
    order = []
    for raw in text.replace(",", "\n").splitlines():
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        key_id, _, encoded = entry.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise ImproperlyConfigured(f"RECOURS_KEK: key {key_id!r} is not base64") from None
        if not key_id or len(key) != KEY_BYTES:
            raise ImproperlyConfigured("RECOURS_KEK entries must be id:base64 of 32 bytes")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("RECOURS_KEK holds no key")
    return Keyring(keys=keys, active_id=order[0])


def development_kek_file() -> Path:
    return keys_dir() / "kek"


@dataclass(frozen=True)
class Keyring:
    """Key-encryption keys by id; ``active_id`` wraps new keys, the others only unwrap.

    To use a KMS instead, replace ``wrap``/``unwrap`` with calls to its encrypt/decrypt API;
    the key store only ever sees ``(kek_id, wrapped)``.
    """

    keys: dict
    active_id: str

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[str, bytes]:
        return self.active_id, seal_bytes(self.keys[self.active_id], data_key, aad)

    def unwrap(self, kek_id: str, wrapped: bytes, aad: bytes) -> bytes:
        if kek_id not in self.keys:
            raise KeyMissing(f"key-encryption key {kek_id!r} is not in the keyring")
        return open_bytes(self.keys[kek_id], wrapped, aad)


@cache
def keyring() -> Keyring:
    text = env_secret("RECOURS_KEK", None)
    if text is None:
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                "RECOURS_KEK (or RECOURS_KEK_FILE) is required in production"
            )
        text = _private_file(development_kek_file(), lambda: new_kek_entry() + "\n")
    return parse_keyring(text)


@cache
def hmac_key() -> bytes:
    text = env_secret("RECOURS_HMAC_KEY", None)
    if text is None:
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                "RECOURS_HMAC_KEY (or RECOURS_HMAC_KEY_FILE) is required in production"
            )
        text = _private_file(keys_dir() / "hmac.key", lambda: secrets.token_urlsafe(48))
    if len(text.strip()) < 32:
        raise ImproperlyConfigured("RECOURS_HMAC_KEY must be at least 32 characters")
    return text.strip().encode()


def normalise(value: str) -> str:
    """One spelling per value, so 'Marie  Dupont' and 'marie dupont' hash alike."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value, namespaced by purpose: a lookup that stores no plaintext.

    Without the HMAC key (kept outside the database) the hash cannot be tested against guesses.
    """
    message = purpose.encode() + b"\x00" + normalise(value).encode()
    return hmac.new(hmac_key(), message, hashlib.sha256).hexdigest()


class KeyStore:
    """Wrapped data keys and tombstones in a SQLite file outside the main database."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS data_keys (
            key_id TEXT PRIMARY KEY, kek_id TEXT NOT NULL, wrapped BLOB NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tombstones (
            key_id TEXT PRIMARY KEY, destroyed_at TEXT NOT NULL);
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA secure_delete=ON")  # destroyed keys are overwritten
            connection.executescript(self.SCHEMA)
            os.chmod(self.path, 0o600)
            self._local.connection = connection
        return connection

    def close(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    @staticmethod
    def _aad(key_id: str) -> bytes:
        return f"recours-data-key:{key_id}".encode()

    def create(self) -> str:
        key_id = secrets.token_hex(16)
        kek_id, wrapped = keyring().wrap(AESGCM.generate_key(256), self._aad(key_id))
        self._connection().execute(
            "INSERT INTO data_keys VALUES (?, ?, ?, ?)",
            (key_id, kek_id, wrapped, datetime.now(UTC).isoformat()),
        )
        return key_id

    def get(self, key_id: str) -> bytes:
        connection = self._connection()
        row = connection.execute(
            "SELECT kek_id, wrapped FROM data_keys WHERE key_id = ?", (key_id,)
        ).fetchone()
        if row is None:
            if connection.execute(
                "SELECT 1 FROM tombstones WHERE key_id = ?", (key_id,)
            ).fetchone():
                raise KeyDestroyed(key_id)
            raise KeyMissing(key_id)
        return keyring().unwrap(row[0], row[1], self._aad(key_id))

    def destroy(self, key_id: str) -> None:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("DELETE FROM data_keys WHERE key_id = ?", (key_id,))
            connection.execute(
                "INSERT OR IGNORE INTO tombstones VALUES (?, ?)",
                (key_id, datetime.now(UTC).isoformat()),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def tombstones(self) -> set[str]:
        return {row[0] for row in self._connection().execute("SELECT key_id FROM tombstones")}

    def apply_tombstones(self, key_ids) -> int:
        """Destroy every key listed; returns how many were still present."""
        present = 0
        for key_id in key_ids:
            found = (
                self._connection()
                .execute("SELECT 1 FROM data_keys WHERE key_id = ?", (key_id,))
                .fetchone()
            )
            present += 1 if found else 0
            self.destroy(key_id)
        return present

    def rewrap_all(self) -> tuple[int, dict]:
        """Re-wrap every data key under the active KEK; returns (count, counts by old KEK id)."""
        ring = keyring()
        connection = self._connection()
        before: dict = {}
        connection.execute("BEGIN IMMEDIATE")
        try:
            rows = connection.execute("SELECT key_id, kek_id, wrapped FROM data_keys").fetchall()
            for key_id, kek_id, wrapped in rows:
                before[kek_id] = before.get(kek_id, 0) + 1
                data_key = ring.unwrap(kek_id, wrapped, self._aad(key_id))
                new_id, new_wrapped = ring.wrap(data_key, self._aad(key_id))
                connection.execute(
                    "UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE key_id = ?",
                    (new_id, new_wrapped, key_id),
                )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return len(rows), before

    def kek_ids_in_use(self) -> dict:
        rows = self._connection().execute("SELECT kek_id, count(*) FROM data_keys GROUP BY kek_id")
        return dict(rows.fetchall())

    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API."""
        destination = sqlite3.connect(target)
        try:
            self._connection().backup(destination)
        finally:
            destination.close()


@cache
def keystore() -> KeyStore:
    return KeyStore(keys_dir() / "keystore.sqlite3")


def reset_caches():
    """Forget the keyring, HMAC key and key store (after settings or files change)."""
    if keystore.cache_info().currsize:
        keystore().close()
    keystore.cache_clear()
    keyring.cache_clear()
    hmac_key.cache_clear()


def create_data_key() -> str:
    return keystore().create()


def get_data_key(key_id: str) -> bytes:
    if not key_id:
        raise KeyMissing("empty key id")
    return keystore().get(key_id)


def destroy_data_key(key_id: str) -> None:
    """Destroy a case's data key and its upload folder: its data becomes unreadable everywhere."""
    from recours.crypto.files import delete_upload_folder

    keystore().destroy(key_id)
    delete_upload_folder(key_id)


__all__ = [
    "KeyDestroyed",
    "KeyMissing",
    "Keyring",
    "KeyStore",
    "Tampered",
    "create_data_key",
    "destroy_data_key",
    "get_data_key",
    "keyed_hash",
    "keyring",
    "keystore",
]
