"""Everything held about a person, in readable form, for the practitioner to hand over.

The builder walks the case and every model that points at it, so a model the workspace adds
later is exported without changes here. Internal machinery (key ids, row ids for encryption,
keyed hashes) is left out: it is not information about the person and means nothing to them.
"""

import json

from django.db import models

from recours import audit
from recours.crypto.fields import EncryptedJSONField

INTERNAL_FIELDS = {"id", "crypto_id", "data_key_id"}


def _is_internal(field):
    return (
        field.name in INTERNAL_FIELDS
        or field.name.endswith("_lookup")
        or field.name.endswith("_hash")
        or not field.concrete
    )


def _display(obj, field):
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        return "" if related is None else str(related)
    value = getattr(obj, field.attname)
    if isinstance(field, EncryptedJSONField | models.JSONField):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) if value else ""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _record(obj, skip=()):
    return [
        {"field": str(field.verbose_name), "value": _display(obj, field)}
        for field in obj._meta.get_fields()
        if not _is_internal(field) and field.name not in skip
    ]


def person_export(case) -> dict:
    """A dict of sections, each with its records, ready to render as HTML or JSON."""
    sections = [{"title": str(case._meta.verbose_name), "records": [_record(case)]}]
    for relation in case._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: case})
        records = [_record(obj, skip={relation.field.name}) for obj in rows]
        if records:
            sections.append({"title": str(model._meta.verbose_name_plural), "records": records})
    history = [
        [
            {"field": "at", "value": entry.at.isoformat()},
            {"field": "who", "value": entry.actor_label},
            {"field": "action", "value": str(entry.action_label())},
            {"field": "item", "value": f"{entry.object_type} {entry.object_id}".strip()},
        ]
        for entry in audit.case_history(case, limit=None)
    ]
    return {"case": str(case), "sections": sections, "access_history": history}
