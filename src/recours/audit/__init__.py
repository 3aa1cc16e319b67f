"""The audit trail API: ``record`` an event, ``case_history`` to show it, ``verify`` the chain."""

from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

GENESIS = "0" * 64


def _lock_tail():
    """Serialise writers so two entries never chain onto the same predecessor.

    SQLite transactions here are IMMEDIATE (one writer at a time); PostgreSQL needs a lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE audit_auditentry IN SHARE ROW EXCLUSIVE MODE")


def record(actor, action, obj=None, case=None, request=None):
    """Append one event. ``actor`` is a user or None; ``obj``/``case`` are model instances.

    Only ids and the action name are stored, never field values.
    """
    from recours.audit.models import AuditEntry

    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    route = ""
    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is not None:
        route = match.view_name or ""
    now = timezone.now().astimezone(UTC)
    entry = AuditEntry(
        # Milliseconds: what every database and Django's JSON dumps keep, so a restored trail
        # hashes exactly as it did when written.
        at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.get_username() if actor is not None else "",
        action=str(action),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        case_id=str(case.pk) if case is not None else "",
        route=route[:200],
    )
    with transaction.atomic():
        _lock_tail()
        previous = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.previous_hash = previous or GENESIS
        entry.entry_hash = entry.compute_hash(entry.previous_hash)
        entry.save(force_insert=True)
    return entry


def case_history(case, limit=200):
    """The case's entries, newest first, for its team's access-history panel."""
    from recours.audit.models import AuditEntry

    return AuditEntry.objects.filter(case_id=str(case.pk)).order_by("-id")[:limit]


def verify():
    """Walk the chain in order; returns (number checked, first bad entry or None, reason)."""
    from recours.audit.models import AuditEntry

    previous = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous:
            return checked, entry, "does not follow the entry before it (one was removed)"
        if entry.compute_hash(previous) != entry.entry_hash:
            return checked, entry, "its content or hash was altered"
        previous = entry.entry_hash
        checked += 1
    return checked, None, ""
