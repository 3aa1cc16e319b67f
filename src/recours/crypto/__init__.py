"""Envelope encryption of case data (see docs/security-api.md and docs/threat-model.md).

A random 256-bit data key per case encrypts that case's fields and files with AES-256-GCM. Data
keys are stored wrapped by a key-encryption key (KEK) that never enters the database, in a key
store kept apart from the database, so destroying one data key makes the case unreadable in every
copy of the database, backups included.
"""

from recours.crypto.keys import (
    KeyDestroyed,
    KeyMissing,
    create_data_key,
    destroy_data_key,
    get_data_key,
    keyed_hash,
)
from recours.crypto.sealing import Tampered, open_bytes, seal_bytes

__all__ = [
    "KeyDestroyed",
    "KeyMissing",
    "Tampered",
    "create_data_key",
    "destroy_data_key",
    "get_data_key",
    "keyed_hash",
    "open_bytes",
    "seal_bytes",
]
