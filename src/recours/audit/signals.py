"""Sign-ins, sign-outs and failures go to the audit trail (never the attempted password)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from recours import audit
from recours.audit.models import Action


@receiver(user_logged_in, dispatch_uid="recours.audit.sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit.record(user, Action.SIGN_IN, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="recours.audit.sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, Action.SIGN_OUT, obj=user, request=request)


def _account_named(credentials):
    """The account an attempt named, if any: recorded so its owner's history shows attacks.

    The attempt's own text is never stored (people type passwords into the user-name box).
    """
    username = (credentials or {}).get("username")
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed, dispatch_uid="recours.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    account = _account_named(credentials)
    entry_actor = account if account is not None else None
    audit.record(None, Action.SIGN_IN_FAILED, obj=entry_actor, request=None)


@receiver(user_locked_out, dispatch_uid="recours.audit.sign_in_locked")
def _locked_out(sender, request, username, ip_address, **kwargs):
    account = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(None, Action.SIGN_IN_LOCKED, obj=account, request=None)
