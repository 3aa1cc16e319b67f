"""Parse and check a situation (``recours.situation/1``) exactly as the data standard states it.

The packaged ``situation.schema.json`` is the single statement of shape and closed value lists;
this module walks it (a small subset of JSON Schema is used) so every error names the field path
and its allowed values, then applies the cross-field rules the schema cannot state.
"""

import datetime
import re
from dataclasses import dataclass

from recours.engine.vocabulary import SITUATION_PATHS, SITUATION_SCHEMA

# Dates that may lie after as_of: a scheduled removal, and when a permit expires.
FUTURE_ALLOWED = frozenset({"immigration.removal_date", "immigration.status_expired_on"})
# Codes meaning "we do not know": the engine treats them as a missing fact.
UNKNOWN_CODES = frozenset({"unknown"})
# Pairs (earlier, later) that cannot be out of order.
ORDERED_DATES = (
    ("exploitation.started_on", "exploitation.ended_on"),
    ("immigration.refugee_claim_made_on", "immigration.refugee_claim_decided_on"),
    ("immigration.first_entered_canada_on", "immigration.refugee_claim_made_on"),
)
YAML_BOOLEAN_WORDS = "a bare ON, OFF, YES or NO is read by YAML as true/false"


class SituationError(ValueError):
    """The situation is refused; ``problems`` is a list of (field path, message)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.problems))


@dataclass(frozen=True)
class Situation:
    """A checked situation: the normalised document and its facts flattened by dotted path."""

    data: dict
    as_of: datetime.date
    jurisdiction: str
    work_jurisdiction: str
    facts: dict
    goals: tuple
    limits: tuple


def _type_name(value):
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _allowed(values):
    return ", ".join("null" if v is None else str(v) for v in values)


DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")  # compiled once: every situation has dozens


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and DATE_TEXT.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _check(value, spec, path, problems):
    """Check ``value`` against a schema node; return the normalised value (dates as dates)."""
    if "const" in spec:
        if value != spec["const"]:
            problems.append((path, f"must be {spec['const']!r}, got {value!r}"))
        return value
    if "enum" in spec:
        allowed = spec["enum"]
        if value is None and None in allowed:
            return None
        if not isinstance(value, str):
            hint = (
                f'codes are text: quote it in YAML ({YAML_BOOLEAN_WORDS}), e.g. "ON"'
                if isinstance(value, bool)
                else "codes are text"
            )
            problems.append(
                (path, f"got {_type_name(value)} ({value!r}); {hint}; allowed: {_allowed(allowed)}")
            )
            return None
        if value not in allowed:
            problems.append((path, f"{value!r} is not allowed; allowed: {_allowed(allowed)}"))
            return None
        return None if value in UNKNOWN_CODES else value
    types = spec.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    if value is None:
        if "null" in types or not types:
            return None
        problems.append((path, "must not be null"))
        return None
    if "object" in types:
        if not isinstance(value, dict):
            problems.append((path, f"must be a mapping, got {_type_name(value)}"))
            return None
        properties = spec.get("properties", {})
        result = {}
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if key not in properties:
                problems.append((child, f"unknown field; allowed: {', '.join(properties)}"))
                continue
            result[key] = _check(item, properties[key], child, problems)
        for key in spec.get("required", ()):
            if key not in value or value[key] is None:
                problems.append((f"{path}.{key}" if path else key, "is required"))
        return result
    if "array" in types:
        if not isinstance(value, list | tuple):
            problems.append((path, f"must be a list, got {_type_name(value)}"))
            return None
        items = [
            _check(item, spec["items"], f"{path}[{i}]", problems) for i, item in enumerate(value)
        ]
        if spec.get("uniqueItems") and len(set(map(repr, items))) != len(items):
            problems.append((path, "lists the same value twice"))
        return tuple(items)
    if spec.get("format") == "date":
        parsed = _as_date(value)
        if parsed is None:
            problems.append((path, f"must be a date YYYY-MM-DD, got {value!r}"))
        return parsed
    if "integer" in types:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append((path, f"must be a whole number, got {_type_name(value)} ({value!r})"))
            return None
    elif "number" in types:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append((path, f"must be a number, got {_type_name(value)} ({value!r})"))
            return None
    elif "boolean" in types:
        if not isinstance(value, bool):
            problems.append((path, f"must be true or false, got {value!r}"))
            return None
    elif "string" in types:
        if not isinstance(value, str):
            problems.append((path, f"must be text, got {_type_name(value)} ({value!r})"))
            return None
        pattern = spec.get("pattern")
        if pattern and not re.search(pattern, value):
            problems.append((path, f"{value!r} does not match {pattern}"))
            return None
    if "minimum" in spec and value < spec["minimum"]:
        problems.append((path, f"must be at least {spec['minimum']}"))
    if "maximum" in spec and value > spec["maximum"]:
        problems.append((path, f"must be at most {spec['maximum']}"))
    return value


def _flatten(data):
    facts = dict.fromkeys(SITUATION_PATHS)
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, item in value.items():
                facts[f"{key}.{sub}"] = item
        else:
            facts[key] = value
    return facts


def parse_situation(data, as_of=None):
    """Check ``data`` (a JSON or YAML mapping, never modified) and return a ``Situation``.

    ``as_of`` replaces the situation's own date when given. Raises ``SituationError``.
    """
    if not isinstance(data, dict):
        raise SituationError([("(document)", f"must be a mapping, got {_type_name(data)}")])
    if as_of is not None:
        data = {**data, "as_of": as_of}
    problems = []
    normalised = _check(data, SITUATION_SCHEMA, "", problems)
    if problems:
        raise SituationError(problems)
    facts = _flatten(normalised)
    as_of = facts["as_of"]
    for path, value in facts.items():
        if isinstance(value, datetime.date) and path != "as_of" and value > as_of:
            if path not in FUTURE_ALLOWED:
                problems.append((path, f"{value} is after as_of ({as_of}): a date cannot be later"))
    for earlier, later in ORDERED_DATES:
        start, end = facts[earlier], facts[later]
        if start is not None and end is not None and end < start:
            problems.append(
                (f"{later}, {earlier}", f"{later} ({end}) is before {earlier} ({start})")
            )
    minor, age = facts["person.minor"], facts["person.age"]
    if minor is not None and age is not None and minor != (age < 18):
        problems.append(
            (
                "person.minor, person.age",
                f"person.minor is {str(minor).lower()} but person.age is {age}",
            )
        )
    if problems:
        raise SituationError(problems)
    return Situation(
        data=normalised,
        as_of=as_of,
        jurisdiction=facts["jurisdiction"],
        work_jurisdiction=facts["work_jurisdiction"] or facts["jurisdiction"],
        facts=facts,
        goals=facts["goals"] or (),
        limits=facts["limits"] or (),
    )
