"""Read a situation or a plan from a file, for the command line and the tests.

A situation (``recours.situation/1``) goes through the planning engine; a plan
(``recours.plan/1``) is used as it is, so documents can be remade from a stored plan.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml


class SourceError(ValueError):
    """The file is neither a situation nor a plan, or the engine cannot plan it."""


@dataclass
class PlanSource:
    plan: dict
    situation: dict | None  # the raw situation, when the file was one
    kb: object | None  # the knowledge base that made the plan, for the memo's labels


def _as_dict(value):
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def read_document_source(path, lang="en"):
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SourceError(f"{path}: expected a situation or a plan, found {type(data).__name__}")
    schema = data.get("schema")
    if schema == "recours.plan/1":
        return PlanSource(plan=data, situation=None, kb=None)
    if schema != "recours.situation/1":
        raise SourceError(
            f"{path}: schema must be 'recours.situation/1' or 'recours.plan/1', not {schema!r}"
        )
    try:
        from recours.engine import load_knowledge, make_plan, parse_situation
    except ImportError as error:
        raise SourceError(
            "the planning engine (recours.engine) is not installed: pass a plan file instead"
        ) from error
    kb = load_knowledge()
    plan = make_plan(parse_situation(data), kb, lang=lang if lang in ("en", "fr") else "en")
    return PlanSource(plan=_as_dict(plan), situation=data, kb=kb)
