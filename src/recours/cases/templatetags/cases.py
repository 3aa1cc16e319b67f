"""Template helpers of the workspace."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

EVENT_LABELS = {
    "created": _("Case opened"),
    "details_changed": _("Name, contact or notes changed"),
    "team_added": _("Someone was added to the team"),
    "team_removed": _("Someone was removed from the team"),
    "intake_saved": _("Intake answers saved"),
    "situation_edited": _("Situation edited"),
    "priorities_changed": _("Goals or limits changed"),
    "evidence_added": _("Evidence item added"),
    "evidence_updated": _("Evidence updated"),
    "evidence_file_added": _("File added to the evidence"),
    "task_added": _("Task added"),
    "tasks_from_plan": _("Tasks added from the plan's deadlines"),
    "task_done": _("Task done"),
    "task_reopened": _("Task reopened"),
    "outcome_recorded": _("Outcome recorded"),
    "outcome_updated": _("Outcome updated"),
    "closed": _("Case closed"),
    "reopened": _("Case reopened"),
}


@register.filter
def event_label(event):
    return EVENT_LABELS.get(event.kind, event.kind)
