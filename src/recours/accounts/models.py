"""Organisations and the roles their members hold."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A clinic, law office or support agency: the unit that owns cases."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    LAWYER = "lawyer", _("Lawyer")
    ADVOCATE = "advocate", _("Advocate or caseworker")
    INTERPRETER = "interpreter", _("Interpreter")
    SUPERVISOR = "supervisor", _("Supervisor (read only)")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def is_admin(self):
        return self.role == Role.ORG_ADMIN

    @property
    def is_read_only(self):
        return self.role == Role.SUPERVISOR


def memberships_of(user):
    """The user's memberships, organisation loaded; empty for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def organisation_ids_of(user) -> set[int]:
    return set(memberships_of(user).values_list("organisation_id", flat=True))
