"""Consent records and shares: nothing leaves the organisation without a current consent.

Modelled on Primero's referral validation: a share cannot be saved without a consent that
covers its recipient and sections, unless someone holding ``override_consent`` writes a reason,
which is audited. Access is computed from these rows on every request, so a revocation or an
expiry ends the recipient's access at the next page load.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recours.accounts.models import Organisation
from recours.crypto.fields import EncryptedTextField
from recours.crypto.models import EncryptedModel


class Consent(EncryptedModel):
    class Kind(models.TextChoices):
        SHARING = "sharing", _("Sharing with another organisation")
        STATISTICS = "statistics", _("Use in anonymous statistics")

    case = models.ForeignKey(
        settings.RECOURS_CASE_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        Organisation,
        verbose_name=_("recipient organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
    )
    sections = models.JSONField(_("sections"), default=list, blank=True)
    purpose = EncryptedTextField(_("purpose"), blank=True, default="")
    given_on = models.DateField(_("date consent was given"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="statistics") | Q(recipient__isnull=False),
                name="sharing_consent_names_a_recipient",
            ),
        ]
        permissions = [("override_consent", "May share a case without a covering consent")]

    def __str__(self):
        return f"consent {self.pk} ({self.kind}) for case {self.case_id}"

    def data_key(self):
        return self.case.data_key()

    def is_current(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def covers(self, recipient_id, sections, now=None):
        return (
            self.kind == self.Kind.SHARING
            and self.recipient_id == recipient_id
            and set(sections) <= set(self.sections)
            and self.is_current(now)
        )


class Share(EncryptedModel):
    """One organisation's access to some sections of a case, under a consent or an override."""

    case = models.ForeignKey(
        settings.RECOURS_CASE_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="shares_received"
    )
    sections = models.JSONField(default=list)
    consent = models.ForeignKey(
        Consent, on_delete=models.RESTRICT, null=True, blank=True, related_name="shares"
    )
    is_override = models.BooleanField(default=False)
    override_reason = EncryptedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Exactly one basis: a consent, or an override (whose reason the service requires).
            models.CheckConstraint(
                condition=Q(consent__isnull=False, is_override=False)
                | Q(consent__isnull=True, is_override=True),
                name="sharing_share_has_one_basis",
            ),
        ]

    def __str__(self):
        return f"share {self.pk} of case {self.case_id} with {self.recipient_id}"

    def data_key(self):
        return self.case.data_key()

    def visible_sections(self, now=None) -> set | None:
        """The sections this share opens now, or None when it opens nothing."""
        if self.ended_at is not None:
            return None
        if self.is_override:
            return set(self.sections)
        if self.consent is None or not self.consent.is_current(now):
            return None
        return set(self.sections) & set(self.consent.sections)
