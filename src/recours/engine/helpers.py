"""Named helpers for facts the condition language cannot express on its own.

Each takes the evaluation context and returns ``(value, missing)`` like a compiled condition.
"""

SECURE_STATUSES = frozenset({"citizen", "permanent_resident", "protected_person"})


def is_minor(ctx):
    """Under 18: ``person.minor`` when recorded (age may be withheld), else ``person.age``."""
    facts = ctx.facts
    minor = facts.get("person.minor")
    if minor is not None:
        return minor, ()
    age = facts.get("person.age")
    if age is None:
        return None, ("person.age",)
    return age < 18, ()


def precarious_status(ctx):
    """Any status short of citizenship, permanent residence or protected-person status can be
    lost, so exposing steps must wait for status-securing ones."""
    status = ctx.facts.get("immigration.status")
    if status is None:
        return None, ("immigration.status",)
    return status not in SECURE_STATUSES, ()


def exploitation_ongoing(ctx):
    """The standard reads a null ``ended_on`` as still ongoing once a start date is known."""
    facts = ctx.facts
    if facts.get("exploitation.ended_on") is not None:
        return False, ()
    if facts.get("exploitation.started_on") is not None:
        return True, ()
    return None, ("exploitation.ended_on",)


HELPERS = {
    "is_minor": is_minor,
    "precarious_status": precarious_status,
    "exploitation_ongoing": exploitation_ongoing,
}
