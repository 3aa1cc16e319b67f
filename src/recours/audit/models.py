"""The audit trail: append-only, hash-chained, holding ids and action names, never values."""

import hashlib
import hmac
import json
from datetime import UTC

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    SHARE = "share", _("shared")
    SHARE_OVERRIDE = "share_override", _("shared without consent (override)")
    SHARE_END = "share_end", _("ended a share")
    CONSENT_RECORD = "consent_record", _("recorded consent")
    CONSENT_REVOKE = "consent_revoke", _("recorded withdrawal of consent")
    ADMIN_ACCESS = "admin_access", _("opened as administrator")
    SIGN_IN = "sign_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("failed to sign in")
    SIGN_IN_LOCKED = "sign_in_locked", _("sign-in paused after failures")
    SIGN_OUT = "sign_out", _("signed out")
    IDLE_TIMEOUT = "idle_timeout", _("signed out after inactivity")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("set up two-step sign-in")
    TWO_FACTOR_FAILED = "two_factor_failed", _("entered a wrong sign-in code")
    RECOVERY_CODE_USED = "recovery_code_used", _("used a recovery code")
    REAUTH = "reauth", _("confirmed identity")
    PASSWORD_CHANGE = "password_change", _("changed their password")
    ACCESS_REFUSED = "access_refused", _("was refused access")
    PURGE = "purge", _("purged under the retention policy")
    KEY_ROTATE = "key_rotate", _("re-wrapped encryption keys")
    BACKUP = "backup", _("made a backup")
    RESTORE = "restore", _("restored a backup")


class AuditEntry(models.Model):
    """One event. ``entry_hash`` = HMAC(previous_hash, fields), keyed outside the database.

    The table refuses UPDATE and DELETE through database triggers (migration 0002); the keyed
    chain makes any rewrite by someone without the HMAC key detectable by ``recours audit verify``.
    """

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(
        max_length=40
    )  # an Action value; no choices, so no migration per action
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.CharField(max_length=64, blank=True, db_index=True)
    route = models.CharField(max_length=200, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or '-'} {self.action}"

    def chained_fields(self) -> dict:
        return {
            "at": self.at.astimezone(UTC).isoformat(timespec="milliseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "case_id": self.case_id,
            "route": self.route,
        }

    def compute_hash(self, previous_hash: str) -> str:
        from recours.crypto.keys import hmac_key

        body = json.dumps(self.chained_fields(), sort_keys=True, separators=(",", ":"))
        message = b"recours-audit\x00" + previous_hash.encode() + b"\x00" + body.encode()
        return hmac.new(hmac_key(), message, hashlib.sha256).hexdigest()

    def action_label(self):
        return Action(self.action).label if self.action in Action.values else self.action
