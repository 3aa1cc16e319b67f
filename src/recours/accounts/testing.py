"""Helpers for tests: sign a user in as the site would after both factors."""

import time

from django.contrib.auth.hashers import Argon2PasswordHasher
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from recours.accounts.sessions import AUTH_AT, LAST_ACTIVITY


def sign_in(client, user, *, recent_auth=True):
    """Sign ``user`` into the Django test ``client`` with a verified TOTP device.

    ``force_login`` alone is not enough: the two-factor middleware ends sessions without a
    verified device.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = time.time()
    session[LAST_ACTIVITY] = now
    session[AUTH_AT] = now if recent_auth else 0
    session.save()
    return device


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with tiny costs, for tests only: same format and code path, a thousandth of the
    time (the real settings take about 200 ms per hash on purpose)."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1
