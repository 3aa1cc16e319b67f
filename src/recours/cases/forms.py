"""Forms of the workspace; the interview and situation forms are built from the question data."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from recours.cases.models import Case, Outcome, Task

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def team_choices(case_or_org_id):
    """Users of the organisation, for team and assignment choices (no other organisation)."""
    org_id = getattr(case_or_org_id, "organisation_id", case_or_org_id)
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=org_id)
        .order_by("first_name", "last_name", "username")
    )


class CaseCreateForm(forms.Form):
    client_name = forms.CharField(
        label=_("Name the person wants us to use"),
        max_length=200,
        help_text=_("A first name or a nickname is enough."),
    )
    contact = forms.CharField(
        label=_("Safe way to contact them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only what is safe: for example, a phone that the exploiter cannot see."),
    )
    organisation = forms.ChoiceField(label=_("Organisation"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (m.organisation_id, m.organisation.name) for m in organisations
        ]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].organisation_id


class CaseDetailsForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["client_name", "contact", "notes"]
        labels = {
            "client_name": _("Name the person wants us to use"),
            "contact": _("Safe way to contact them"),
            "notes": _("Team notes"),
        }
        widgets = {
            "client_name": forms.TextInput(),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class TeamAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Add to the team"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = case.members.values("user_id")
        self.fields["user"].queryset = team_choices(case).exclude(pk__in=on_team)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_on", "assignee"]
        widgets = {"title": forms.TextInput(), "due_on": DATE_INPUT}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = case.members.values("user_id")
        self.fields["assignee"].queryset = team_choices(case).filter(pk__in=on_team)


class OutcomeForm(forms.ModelForm):
    harms_happened = forms.MultipleChoiceField(
        label=_("Harm that happened"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Outcome
        fields = ["remedy", "filed_on", "decided_on", "result", "harms_happened", "notes"]
        widgets = {
            "filed_on": DATE_INPUT,
            "decided_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, remedies, harms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remedy"] = forms.ChoiceField(label=_("Option pursued"), choices=remedies)
        self.fields["harms_happened"].choices = harms

    def clean(self):
        data = super().clean()
        filed, decided = data.get("filed_on"), data.get("decided_on")
        if filed and decided and decided < filed:
            self.add_error("decided_on", _("The decision cannot come before the filing."))
        return data


class EvidenceUpdateForm(forms.Form):
    gathered = forms.BooleanField(label=_("Gathered"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("Add a file"))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Files are limited to 20 MB."))
        return upload


class EvidenceAddForm(forms.Form):
    label = forms.CharField(label=_("Other evidence"), max_length=200)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the case closing?"), choices=Case.Closure.choices)
