"""AES-256-GCM sealing of small values, with associated data binding a value to its place."""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class Tampered(Exception):
    """A ciphertext failed authentication: altered, moved to another place, or wrong key."""


def seal_bytes(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt with a fresh random nonce; the result is nonce followed by ciphertext and tag.

    A random 96-bit nonce is safe for far more than the number of values one case key seals.
    """
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_bytes(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise Tampered("ciphertext too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise Tampered("authentication failed") from None


def to_text(sealed: bytes) -> str:
    return base64.urlsafe_b64encode(sealed).decode("ascii")


def from_text(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise Tampered("not a ciphertext") from None
