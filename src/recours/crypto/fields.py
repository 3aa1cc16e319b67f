"""Model fields that store only ciphertext and decrypt on first read.

``pre_save`` encrypts with ``instance.data_key()``; values read from the database stay sealed in
the instance until the attribute is read. Associated data binds each ciphertext to its model,
field and row (``instance.crypto_id``), so a value copied to another row or field fails to open.
Plaintext can never reach the database through these fields: ``QuerySet.update`` with a plain
value and lookups on them raise, since encrypted values cannot be searched (use keyed hashes).
"""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from recours.crypto.sealing import from_text, open_bytes, seal_bytes, to_text

PREFIX = "rcx1:"
# Set on objects read from a dump: loaddata's raw save reads attributes directly, and must
# write the ciphertext back as it was, without needing (or using) the key.
KEEP_SEALED = "_recours_keep_sealed"


class Sealed(str):
    """A ciphertext as stored, not yet opened."""


class EncryptedAttribute(DeferredAttribute):
    """A data descriptor, so every read passes here and a sealed value is opened once."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed) and not instance.__dict__.get(KEEP_SEALED):
            value = self.field.decrypt(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class _EncryptedMixin:
    descriptor_class = EncryptedAttribute

    def get_internal_type(self):
        return "TextField"

    def aad(self, instance) -> bytes:
        return f"{instance._meta.label_lower}.{self.name}:{instance.crypto_id}".encode()

    def encode(self, value) -> bytes:
        return str(value).encode()

    def decode(self, data: bytes):
        return data.decode()

    def encrypt(self, instance, value) -> Sealed:
        sealed = seal_bytes(instance.data_key(), self.encode(value), self.aad(instance))
        return Sealed(PREFIX + to_text(sealed))

    def decrypt(self, instance, token: str):
        data = open_bytes(instance.data_key(), from_text(token[len(PREFIX) :]), self.aad(instance))
        return self.decode(data)

    def pre_save(self, instance, add):
        value = instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value  # unchanged since it was read: keep the stored ciphertext
        return self.encrypt(instance, value)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(value)

    def get_prep_value(self, value):
        if value is None or isinstance(value, Sealed):
            return None if value is None else str(value)
        raise ValueError(
            f"{self.name}: plaintext cannot be written or searched; "
            "save the instance (values are encrypted in pre_save) or use a keyed hash"
        )

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return Sealed(value)  # a ciphertext coming back from a serialized dump
        return value

    def value_to_string(self, obj):
        """Serialize the ciphertext, never the plaintext (dumpdata, backups)."""
        value = obj.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        return self.encrypt(obj, value)


class EncryptedTextField(_EncryptedMixin, models.TextField):
    """Free text, names, contact details: stored as AES-256-GCM ciphertext."""

    def to_python(self, value):
        value = _EncryptedMixin.to_python(self, value)
        return value if value is None or isinstance(value, Sealed) else str(value)

    def formfield(self, **kwargs):
        return super().formfield(**kwargs)


class EncryptedJSONField(_EncryptedMixin, models.TextField):
    """Structured data (situation facts, answers) as encrypted JSON."""

    def encode(self, value) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True).encode()

    def decode(self, data: bytes):
        return json.loads(data)

    def formfield(self, **kwargs):
        return forms.JSONField(**{"required": not self.blank, **kwargs})
