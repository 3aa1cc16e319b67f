from django.apps import AppConfig
from django.conf import settings


class CryptoConfig(AppConfig):
    name = "recours.crypto"
    label = "crypto"
    verbose_name = "Recours encryption"

    def ready(self):
        if settings.PRODUCTION:
            # Fail at start-up, not at the first case saved, when a key is missing or malformed.
            from recours.crypto import keys

            keys.keyring()
            keys.hmac_key()
