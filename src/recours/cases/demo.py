"""Load the fictional demo cases (src/recours/demo/cases.yaml), once: existing ones are kept."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from recours.accounts.models import Organisation
from recours.cases.models import Case, CaseMember, Event, EvidenceItem, Outcome, Task
from recours.crypto import keyed_hash


def load_cases(report, fixture):
    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    for spec in fixture["cases"]:
        if Case.objects.filter(reference=spec["reference"]).exists():
            report.count("cases", False)
            continue
        organisation = Organisation.objects.get(slug=spec["organisation"])
        lead = users[spec["lead"]]
        status = spec.get("status", Case.Status.OPEN)
        case = Case(
            organisation=organisation,
            reference=spec["reference"],
            status=status,
            created_by=lead,
            client_name=spec["client_name"],
            contact=spec.get("contact", ""),
            own_account=" ".join(spec.get("own_account", "").split()),
            situation=spec["situation"],
            name_lookup=keyed_hash(spec["client_name"], f"client-name:{organisation.pk}"),
        )
        if status == Case.Status.CLOSED:
            case.closed_at = timezone.now()
            case.closure_reason = spec.get("closure_reason", Case.Closure.RESOLVED)
        case.save()
        CaseMember.objects.create(case=case, user=lead, role=CaseMember.Role.LEAD)
        for username in spec.get("team", []):
            CaseMember.objects.create(case=case, user=users[username])
        Event.objects.create(case=case, actor=lead, kind="created")
        for task in spec.get("tasks", []):
            Task.objects.create(
                case=case,
                title=task["title"],
                due_on=today + timedelta(days=task["due_in_days"]),
                assignee=users.get(task.get("assignee")),
                created_by=lead,
            )
        for item in spec.get("evidence", []):
            EvidenceItem.objects.create(
                case=case,
                item=item["item"],
                custom_label=item.get("label", ""),
                gathered=item.get("gathered", False),
                notes=item.get("notes", ""),
            )
        for outcome in spec.get("outcomes", []):
            Outcome.objects.create(case=case, **outcome)
        if status == Case.Status.CLOSED:
            Event.objects.create(case=case, actor=lead, kind="closed", detail=case.closure_reason)
        report.count("cases", True)
