"""Cases and everything worked on them.

Anything a person said or that could identify them is encrypted with the case's own data key
(names, contact details, their account, notes, situation facts, intake answers, evidence notes,
files and file names, task titles, the plan shown). What stays in clear is what the pages must
sort and filter on and reveals nothing about the person: a reference, dates, status codes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recours.crypto.fields import EncryptedJSONField, EncryptedTextField
from recours.crypto.models import EncryptedModel, KeyOwner


class CaseKeyMixin(EncryptedModel):
    """Objects of a case encrypt with the case's data key."""

    class Meta:
        abstract = True

    def data_key(self):
        return self.case.data_key()


class Case(KeyOwner):
    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Closure(models.TextChoices):
        RESOLVED = "resolved", _("Goals reached")
        CLIENT_WITHDREW = "client_withdrew", _("The person ended the work")
        REFERRED = "referred", _("Referred elsewhere")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INTAKE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=Closure.choices, blank=True)
    intake_topic = models.CharField(max_length=40, blank=True)  # where to resume the interview

    client_name = EncryptedTextField(_("name the person uses"))
    contact = EncryptedTextField(_("safe way to contact"), blank=True, default="")
    own_account = EncryptedTextField(_("the person’s account"), blank=True, default="")
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    situation = EncryptedJSONField(default=dict)
    intake_answers = EncryptedJSONField(default=dict)
    name_lookup = models.CharField(max_length=64, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organisation", "-updated_at"])]

    def __str__(self):
        return self.reference

    def data_key(self):
        """Unwrapped once per instance: a page reads many fields of the same case."""
        cached = getattr(self, "_data_key", None)
        if cached is None or self._data_key_for != self.data_key_id:
            cached = self._data_key = super().data_key()
            self._data_key_for = self.data_key_id
        return cached

    def touch(self):
        self.updated_at = timezone.now()
        Case.objects.filter(pk=self.pk).update(updated_at=self.updated_at)

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED


class CaseMember(models.Model):
    """A person on the case's team; only the team sees the case."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Team member")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership")]
        indexes = [models.Index(fields=["user", "case"])]

    def __str__(self):
        return f"{self.user} on {self.case}"


class CachedPlan(CaseKeyMixin):
    """The plan section last rendered for a case and language, keyed by a hash of its inputs.

    The plan itself is not kept: computing it again is cheaper than storing and reading it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cached_plans")
    lang = models.CharField(max_length=8)
    inputs_hash = models.CharField(max_length=64)
    # The plan section as rendered for that hash (as secret as the case: encrypted).
    body_key = models.CharField(max_length=80, blank=True, default="")
    body = EncryptedTextField(null=True, blank=True)  # null: AddField cannot seal a default

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "lang"], name="one_plan_per_lang")]


class EvidenceItem(CaseKeyMixin):
    """One item of the evidence checklist: from the plan (``item`` id) or added by hand."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    item = models.CharField(max_length=80)  # knowledge-base evidence id, or "custom"
    custom_label = EncryptedTextField(blank=True, default="")
    gathered = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class EvidenceFile(CaseKeyMixin):
    evidence = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="files")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_files")
    name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=200)  # opaque name in the encrypted file store
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)


class Task(CaseKeyMixin):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    remedy = models.CharField(max_length=60, blank=True)  # set when made from a plan deadline
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done", "due_on", "id"]


class Outcome(CaseKeyMixin):
    """What happened with one option pursued; codes in clear so statistics can count them."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted or won")
        PARTLY = "partly", _("Partly granted")
        REFUSED = "refused", _("Refused or lost")
        SETTLED = "settled", _("Settled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    remedy = models.CharField(_("option"), max_length=60)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=Result.choices, default=Result.PENDING
    )
    harms_happened = models.JSONField(default=list, blank=True)  # harm vocabulary ids
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class Event(models.Model):
    """The case timeline: what happened on the case, by whom. Codes only, never content."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    detail = models.CharField(max_length=80, blank=True)  # an id: topic, remedy, evidence item
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.case} {self.kind}"
