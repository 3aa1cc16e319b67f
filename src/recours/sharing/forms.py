from django import forms
from django.utils.translation import gettext_lazy as _

from recours.accounts.models import Organisation
from recours.sharing.models import Consent

SECTION_LABELS = {
    "identity": _("Name and contact details"),
    "situation": _("Situation and the person's account"),
    "plan": _("Plan"),
    "evidence": _("Evidence"),
    "tasks": _("Tasks and deadlines"),
    "outcomes": _("Outcomes"),
    "notes": _("Team notes"),
}


def section_choices():
    from recours.cases.access import SHARABLE_SECTIONS

    return [(section, SECTION_LABELS.get(section, section)) for section in SHARABLE_SECTIONS]


class _RecipientField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent to"), choices=Consent.Kind.choices)
    recipient = _RecipientField(
        label=_("Recipient organisation"), queryset=Organisation.objects.none(), required=False
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections the person agreed to share"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.CharField(
        label=_("Purpose, in the person's words if possible"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    given_on = forms.DateField(
        label=_("Date consent was given"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Consent ends on"),
        required=False,
        help_text=_("Leave empty only if the person agreed to no end date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.exclude(pk=case.organisation_id)
        self.fields["sections"].choices = section_choices()

    def clean(self):
        data = super().clean()
        if data.get("kind") == Consent.Kind.SHARING:
            if not data.get("recipient"):
                self.add_error("recipient", _("Name the organisation the person agreed to."))
            if not data.get("sections"):
                self.add_error("sections", _("Choose at least one section."))
        given, ends = data.get("given_on"), data.get("expires_on")
        if given and ends and ends <= given:
            self.add_error("expires_on", _("The end date must come after the date given."))
        return data


class ShareForm(forms.Form):
    recipient = _RecipientField(label=_("Share with"), queryset=Organisation.objects.none())
    sections = forms.MultipleChoiceField(
        label=_("Sections to share"), widget=forms.CheckboxSelectMultiple
    )
    override_reason = forms.CharField(
        label=_("Reason for sharing without consent (override only)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for someone allowed to override. The reason is recorded and audited."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.exclude(pk=case.organisation_id)
        self.fields["sections"].choices = section_choices()
