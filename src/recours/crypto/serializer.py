"""Django's JSON serializer, but encrypted fields are written as their ciphertext.

Installed as the ``json`` format (settings.SERIALIZATION_MODULES), so ``dumpdata``, backups and
any other dump never contain case plaintext; ``loaddata`` reads the ciphertext back unchanged.
"""

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import Serializer as JSONSerializer

from recours.crypto.fields import KEEP_SEALED, _EncryptedMixin


class Serializer(JSONSerializer):
    def _value_from_field(self, obj, field):
        if isinstance(field, _EncryptedMixin):
            return field.value_to_string(obj)
        return super()._value_from_field(obj, field)


class Deserializer(JSONDeserializer):
    """Objects come back holding their ciphertext, which loaddata writes back unchanged."""

    def __iter__(self):
        for deserialized in super().__iter__():
            deserialized.object.__dict__[KEEP_SEALED] = True
            yield deserialized
