from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "recours.crypto"
    label = "crypto"
    verbose_name = "Recours encryption"
