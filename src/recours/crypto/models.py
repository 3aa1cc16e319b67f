"""Abstract models giving an encrypted model its row identity and its case's data key."""

import uuid

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from recours.crypto import keys


class EncryptedModel(models.Model):
    """A model with encrypted fields. Subclasses define ``data_key()`` (usually the case's)."""

    crypto_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        abstract = True

    def data_key(self) -> bytes:
        raise NotImplementedError(f"{type(self).__name__} must define data_key()")


class DataKeyIdField(models.CharField):
    """The key-store id of the row's data key, created on first save (before other fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, instance, add):
        if not getattr(instance, self.attname):
            setattr(instance, self.attname, keys.create_data_key())
        return getattr(instance, self.attname)


class KeyOwner(EncryptedModel):
    """The owner of a data key (a case). Deleting the row destroys the key after commit."""

    data_key_id = DataKeyIdField()

    class Meta:
        abstract = True

    def data_key(self) -> bytes:
        if not self.data_key_id:
            self.data_key_id = keys.create_data_key()
        return keys.get_data_key(self.data_key_id)


@receiver(post_delete, dispatch_uid="recours.crypto.destroy_key_on_delete")
def _destroy_key_on_delete(sender, instance, **kwargs):
    if isinstance(instance, KeyOwner) and instance.data_key_id:
        key_id = instance.data_key_id
        transaction.on_commit(lambda: keys.destroy_data_key(key_id))
