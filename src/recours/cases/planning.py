"""From a case to its plan: build the situation document, run the engine, cache the result.

Data flows one way (answers -> situation -> engine -> plan -> pages): the web layer never decides
law. The plan is a pure function of (situation, knowledge base, as_of, language), so it is cached
per case under a keyed hash of exactly those inputs; any change to one of them misses the cache.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

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
    cached: object = None  # the CachedPlan row, to keep the rendered section beside the plan


def compute_plan(document, lang):
    from recours.engine import make_plan, parse_situation

    return make_plan(parse_situation(document), knowledge(), lang=lang)


def cache_key(document, lang):
    from recours.crypto import keyed_hash

    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return keyed_hash(f"{knowledge_version()}|{lang}|{canonical}", "plan-cache")


def plan_for_case(case, lang, as_of: date | None = None):
    """The plan for this case, from the cache when the inputs have not changed."""
    from recours.cases.models import CachedPlan

    document = situation_document(case, as_of)
    if not document.get("jurisdiction"):
        return PlanResult(None, needs_jurisdiction=True)
    key = cache_key(document, lang)
    cached = CachedPlan.objects.filter(case=case, lang=lang).first()
    if cached is not None and cached.inputs_hash == key:
        return PlanResult(cached.plan, cached=cached)
    try:
        plan = compute_plan(document, lang)
    except ValueError as error:  # the engine names the field it refuses
        return PlanResult(None, error=str(error))
    if cached is None:
        cached = CachedPlan(case=case, lang=lang)
    cached.inputs_hash = key
    cached.plan = plan
    cached.body_key, cached.body = "", None
    cached.save()
    return PlanResult(plan, cached=cached)


BODY_VERSION = "1"  # change when _plan_body.html changes, so no stale section is served


def rendered_body(result, render):
    """The plan section's HTML, rendered once per plan inputs and kept (encrypted) beside it."""
    cached = result.cached
    if cached is None:
        return render()
    key = f"{cached.inputs_hash[:64]}:{BODY_VERSION}"
    if cached.body_key == key and cached.body:
        return cached.body
    body = render()
    cached.body_key, cached.body = key, str(body)
    cached.save(update_fields=["body_key", "body"])
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
