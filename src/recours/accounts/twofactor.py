"""TOTP devices and recovery codes through django-otp."""

import base64
import secrets

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from recours.crypto import keyed_hash


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user):
    """The device being enrolled; made once so reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def base32_secret(device) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def stored_recovery_code(code: str) -> str:
    """What the database keeps of a recovery code: a keyed hash, useless without the HMAC key.

    django-otp would store the codes themselves; with this, a copy of the database does not
    hand out codes (16 hex characters fit django-otp's token column).
    """
    return keyed_hash(code, "recovery-code")[:16]


def match_code(user, code: str):
    """The confirmed device that accepts the code, or None (django-otp throttles each device)."""
    for device in devices_for_user(user, confirmed=True):
        candidate = stored_recovery_code(code) if isinstance(device, StaticDevice) else code
        if device.verify_token(candidate):
            return device
    return None


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once and is shown only once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [secrets.token_hex(6) for _ in range(settings.RECOURS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=stored_recovery_code(code)) for code in codes
    )
    return codes
