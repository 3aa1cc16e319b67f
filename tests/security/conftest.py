"""Throwaway models with encrypted fields for the security tests.

They take the ``crypto`` app label, which has no migrations, so the test database creates their
tables; the crypto primitives are thus tested without depending on the workspace's models.
"""

import pytest
from django.db import models

from recours.crypto.fields import EncryptedJSONField, EncryptedTextField
from recours.crypto.models import EncryptedModel, KeyOwner


class Dossier(KeyOwner):
    label = models.CharField(max_length=40, blank=True)
    name = EncryptedTextField(blank=True, default="")
    facts = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        app_label = "crypto"

    def __str__(self):
        return self.label


class Page(EncryptedModel):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE)
    text = EncryptedTextField(blank=True, default="")

    class Meta:
        app_label = "crypto"

    def __str__(self):
        return f"page of {self.dossier_id}"

    def data_key(self):
        return self.dossier.data_key()


@pytest.fixture
def dossier_model():
    return Dossier


@pytest.fixture
def page_model():
    return Page


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    """Argon2id still, but cheap: the security tests hash hundreds of passwords."""
    settings.PASSWORD_HASHERS = ["recours.accounts.testing.FastArgon2PasswordHasher"]
