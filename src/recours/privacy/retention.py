"""Retention: closed cases are purged a set number of years after closure.

Purging deletes the case and everything attached to it, and destroys its data key (after the
transaction commits), so any backup made before the purge can no longer be read for this case.
The audit trail keeps a ``purge`` entry with the case id, never its content.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recours import audit


def years_before(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year - years, day=28)


def due_for_purge(now=None, years=None):
    case_model = apps.get_model(settings.RECOURS_CASE_MODEL)
    cutoff = years_before(now or timezone.now(), years or settings.RECOURS_RETENTION_YEARS)
    return case_model.objects.filter(closed_at__isnull=False, closed_at__lt=cutoff)


def purge(now=None, years=None, dry_run=False) -> list[str]:
    """Purge every case due; returns their references (or what would be purged)."""
    from recours.audit.models import Action

    purged = []
    for case in due_for_purge(now, years).order_by("closed_at"):
        purged.append(str(case))
        if dry_run:
            continue
        with transaction.atomic():
            audit.record(None, Action.PURGE, obj=case, case=case)
            case.delete()
    return purged
