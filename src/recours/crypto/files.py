"""Encrypted uploads: random file names; the original name, type and content sealed together.

Files sit in ``MEDIA_ROOT/vault/<folder>/<random>``, where the folder is a keyed hash of the
case's data-key id, so destroying the key can also remove the folder while the path itself
tells an observer nothing about the case.
"""

import json
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from recours.crypto.keys import keyed_hash
from recours.crypto.sealing import open_bytes, seal_bytes

MAGIC = b"RCF1"


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def vault_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "vault"


def _folder(key_id: str) -> Path:
    return vault_root() / keyed_hash(key_id, "upload-folder")[:32]


def _path(owner, ref: str) -> Path:
    if not ref.isalnum():
        raise ValueError("not an upload reference")
    return _folder(owner.data_key_id) / ref


def save_upload(owner, uploaded) -> str:
    """Encrypt an uploaded file under ``owner``'s data key; returns its random reference."""
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    header = json.dumps(
        {"name": getattr(uploaded, "name", "") or "", "type": getattr(uploaded, "content_type", "")}
    ).encode()
    key = owner.data_key()  # creates the owner's key if it has none yet
    ref = secrets.token_hex(16)
    plaintext = len(header).to_bytes(4, "big") + header + data
    path = _path(owner, ref)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(MAGIC + seal_bytes(key, plaintext, ref.encode()))
    path.chmod(0o600)
    return ref


def open_upload(owner, ref: str) -> Upload:
    """Decrypt; raises ``Tampered`` if the file was altered or belongs to another case."""
    raw = _path(owner, ref).read_bytes()
    plaintext = open_bytes(owner.data_key(), raw[len(MAGIC) :], ref.encode())
    size = int.from_bytes(plaintext[:4], "big")
    header = json.loads(plaintext[4 : 4 + size])
    return Upload(name=header["name"], content_type=header["type"], data=plaintext[4 + size :])


def delete_upload(owner, ref: str) -> None:
    _path(owner, ref).unlink(missing_ok=True)


def delete_upload_folder(key_id: str) -> None:
    shutil.rmtree(_folder(key_id), ignore_errors=True)
