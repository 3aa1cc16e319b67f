"""From a case to its plan: build the situation document, run the engine, cache the result.

Data flows one way (answers -> situation -> engine -> plan -> pages): the web layer never decides
law. The plan is a pure function of (situation, knowledge base, as_of, language); its rendered
section is cached per case under a keyed hash of exactly those inputs, so any change to one of
them misses the cache.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import IntegrityError, transaction
from django.utils import timezone

SITUATION_SCHEMA = "recours.situation/1"


@cache
def knowledge():
    """The knowledge base, loaded and validated once per process."""
    from recours.engine import load_knowledge

    return load_knowledge()


def knowledge_version():
    return str(knowledge().version)


def situation_document(case, as_of=None):
    """The case's facts as a recours.situation/1 document dated ``as_of`` (today by default)."""
    facts = dict(case.situation or {})
    facts.pop("schema", None)
    facts.pop("as_of", None)
    document = {"schema": SITUATION_SCHEMA, "as_of": (as_of or timezone.localdate()).isoformat()}
    document.update(facts)
    return document


@dataclass
class PlanResult:
    plan: dict | None
    error: str | None = None  # the engine's refusal, naming the field
    needs_jurisdiction: bool = False
    case: object = None
    lang: str = ""
    inputs_hash: str = ""  # keyed hash of the plan's inputs, naming the rendered section


def compute_plan(document, lang):
    from recours.engine import make_plan, parse_situation

    return make_plan(parse_situation(document), knowledge(), lang=lang)


def cache_key(document, lang):
    from recours.crypto import keyed_hash

    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return keyed_hash(f"{knowledge_version()}|{lang}|{canonical}", "plan-cache")


def plan_for_case(case, lang, as_of: date | None = None):
    """The plan for this case, computed afresh.

    The plan itself is not stored: the engine makes one in about 2 ms, while a stored plan
    (about 370 KB of JSON) took about 10 ms to encode and decode and 20 ms to write.
    """
    document = situation_document(case, as_of)
    if not document.get("jurisdiction"):
        return PlanResult(None, needs_jurisdiction=True)
    try:
        plan = compute_plan(document, lang)
    except ValueError as error:  # the engine names the field it refuses
        return PlanResult(None, error=str(error))
    return PlanResult(plan, case=case, lang=lang, inputs_hash=cache_key(document, lang))


BODY_VERSION = "2"  # change when the plan section's markup changes, so no stale one is served


def rendered_body(result, render):
    """The plan section's HTML, rendered once per plan inputs and kept (encrypted) per case.

    One row per case and language; the stale section is neither read nor decrypted on a miss.
    """
    from recours.cases.models import CachedPlan

    if result.plan is None:
        return render()
    key = f"{result.inputs_hash[:64]}:{BODY_VERSION}"
    rows = CachedPlan.objects.filter(case=result.case, lang=result.lang)
    fresh = rows.filter(body_key=key).first()
    if fresh is not None:
        fresh.case = result.case  # the data key comes from the case already in hand
        return fresh.body
    body = render()
    row = rows.defer("body").first() or CachedPlan(lang=result.lang)
    row.case = result.case
    row.inputs_hash, row.body_key, row.body = result.inputs_hash, key, str(body)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        pass  # a simultaneous first visit kept its section first; this one is served unkept
    return body


@cache
def _kb_labels():
    """{kind: {id: {en, fr}}} from the knowledge base, for the labels of plan ids."""
    kb = knowledge()
    labels = {kind: _labels_of(entries) for kind, entries in kb.vocabulary.items()}
    labels["indicators"] = _labels_of(kb.catalogue)
    for kind in ("remedies", "harms", "legal_tests", "mitigations"):
        labels.setdefault(kind, {}).update(_labels_of(getattr(kb, kind, {})))
    labels["evidence"] = _labels_of({e.id: e for e in kb.evidence})
    return labels


def _labels_of(entries):
    found = {}
    for key, entry in (entries or {}).items():
        label = getattr(entry, "label", None)
        if label is not None:
            found[key] = {"en": label.en, "fr": label.fr}
    return found


def kb_labels(lang=None):
    """Labels by kind; ``lang`` is accepted for symmetry (both languages are returned)."""
    return _kb_labels()
