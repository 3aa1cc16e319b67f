"""Parse and check a situation (``recours.situation/1``) exactly as the data standard states it.

The packaged ``situation.schema.json`` is the single statement of shape and closed value lists;
this module walks it (a small subset of JSON Schema is used) so every error names the field path
and its allowed values, then applies the cross-field rules the schema cannot state.

Walking the schema for each of a situation's hundred values is most of the parsing time, so the
schema is also turned once, at import, into prepared checks that accept the plain valid values
JSON and YAML give and return the same normalised document; anything else (an error, or a
value of an unusual type) is left to the walker, which alone words the errors.
"""

import datetime
import re
import sys
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


class _NotPlain(Exception):
    """A prepared check met a value it does not plainly accept: ``_check`` decides instead."""


# In _check's order of precedence; bool is not an int here, as there.
SCALAR_TYPES = (
    ("integer", (int,)),
    ("number", (int, float)),
    ("boolean", (bool,)),
    ("string", (str,)),
)


def _prepare(spec):
    """A fast check of one schema node, returning what ``_check`` returns for a valid value.

    It accepts only exact built-in types (a subclass, an error or any doubt raises _NotPlain;
    see ``_DateTable`` for the one exception) and tests ``_check``'s own conditions, so it never
    accepts what ``_check`` refuses nor normalises anything differently. A node it cannot
    mirror stops the import.
    """
    if "const" in spec:
        return _prepare_const(spec["const"])
    if "enum" in spec:
        return _prepare_enum(spec["enum"])
    types = spec.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    nullable = "null" in types or not types
    if "object" in types:
        return _prepare_object(spec, nullable)
    if "array" in types:
        return _prepare_array(spec, nullable)
    if spec.get("format") == "date":
        return _prepare_date(nullable)
    for name, exact_types in SCALAR_TYPES:
        if name in types:
            return _prepare_scalar(spec, exact_types, nullable)
    raise ValueError(f"no prepared check for the schema node {spec!r}")


def _prepare_const(const):
    def check(value):
        if type(value) is not type(const) or value != const:
            raise _NotPlain
        return value

    return check


def _prepare_enum(allowed):
    codes = {code: None if code in UNKNOWN_CODES else code for code in allowed if type(code) is str}
    if None in allowed:
        codes[None] = None

    def check(value):
        if (type(value) is str or value is None) and value in codes:
            return codes[value]
        raise _NotPlain

    return check


def _prepare_object(spec, nullable):
    fields = {key: _prepare(child) for key, child in spec.get("properties", {}).items()}
    required = tuple(spec.get("required", ()))

    def check(value):
        if value is None and nullable:
            return None
        if type(value) is not dict:
            raise _NotPlain
        try:
            result = {key: fields[key](item) for key, item in value.items()}
        except (KeyError, TypeError):  # an unknown field; an unhashable value for a date
            raise _NotPlain from None
        for key in required:
            if value.get(key) is None:
                raise _NotPlain
        return result

    return check


def _prepare_array(spec, nullable):
    if "enum" in spec["items"]:
        return _prepare_code_list(spec["items"]["enum"], spec.get("uniqueItems"), nullable)
    if spec.get("uniqueItems"):
        raise ValueError(f"no prepared check for unique items other than codes: {spec!r}")
    check_item = _prepare(spec["items"])

    def check(value):
        if value is None and nullable:
            return None
        if type(value) is not list and type(value) is not tuple:
            raise _NotPlain
        return tuple(map(check_item, value))

    return check


ONLY_TEXT = frozenset({str})


def _prepare_code_list(allowed, unique, nullable):
    """A list of codes, checked by set operations rather than code by code.

    Only exact texts that are kept as they are pass (None and "unknown" are left to _check);
    for those, _check's repr comparison of the items is plain equality.
    """
    kept_codes = frozenset(
        code for code in allowed if type(code) is str and code not in UNKNOWN_CODES
    )

    def check(value):
        if value is None and nullable:
            return None
        if type(value) is not list and type(value) is not tuple:
            raise _NotPlain
        items = tuple(value)
        if not (set(map(type, items)) <= ONLY_TEXT and kept_codes.issuperset(items)):
            raise _NotPlain
        if unique and len(set(items)) != len(items):
            raise _NotPlain
        return items

    return check


# Texts already read as dates: a situation has a dozen dates, and the days met in practice are
# a few thousand, so most dates are read once per process. A table starts over past this many.
DATES_KEPT = 4096


class _DateTable(dict):
    """The check of the date fields as a table, value -> date: the object check calls its
    ``__getitem__``, so a date text (or null) met before is found in C, with no Python call.

    ``__missing__`` decides a new value as the other checks do. A str subclass equal to a text
    already read is found too; it is read as the same date, as ``_check`` reads it."""

    def __init__(self, nullable):
        super().__init__()
        self.nullable = nullable

    def __missing__(self, value):
        if type(value) is str:
            parsed = _as_date(value)
            if parsed is None:
                raise _NotPlain
            if len(self) >= DATES_KEPT:
                self.clear()
            self[value] = parsed
            return parsed
        if value is None and self.nullable:
            self[None] = None
            return None
        if type(value) is datetime.date:
            return value
        raise _NotPlain


# One table for the nullable date fields, one for the others (as_of).
_DATE_TABLES = {nullable: _DateTable(nullable) for nullable in (False, True)}


def _prepare_date(nullable):
    return _DATE_TABLES[nullable].__getitem__


def _prepare_scalar(spec, exact_types, nullable):
    pattern = re.compile(spec["pattern"]) if "pattern" in spec and exact_types == (str,) else None
    minimum, maximum = spec.get("minimum"), spec.get("maximum")
    if pattern is None and minimum is None and maximum is None:
        return _prepare_type(exact_types, nullable)

    def check(value):
        if value is None and nullable:
            return None
        if type(value) not in exact_types:
            raise _NotPlain
        if pattern is not None and not pattern.search(value):
            raise _NotPlain
        if minimum is not None and value < minimum:
            raise _NotPlain
        if maximum is not None and value > maximum:
            raise _NotPlain
        return value

    return check


def _prepare_type(exact_types, nullable):
    """A scalar with no pattern or bounds (most true/false fields): its type alone decides."""

    def check(value):
        if type(value) in exact_types or (value is None and nullable):
            return value
        raise _NotPlain

    return check


_check_plain_situation = _prepare(SITUATION_SCHEMA)

# Every fact unknown, copied (faster than built) for each situation, in field order. The paths
# are interned, as conditions intern theirs, so that a fact is found without comparing text.
NO_FACTS = dict.fromkeys(map(sys.intern, SITUATION_PATHS))
# Each section's fields by their fact path, made once so that flattening formats no text.
SECTION_FACT_PATHS = {
    section: {field: sys.intern(f"{section}.{field}") for field in spec["properties"]}
    for section, spec in SITUATION_SCHEMA["properties"].items()
    if "properties" in spec
}
# Once checked, only the date fields hold dates; each is compared with as_of.
LATER_THAN_AS_OF_REFUSED = tuple(
    path
    for path, spec in SITUATION_PATHS.items()
    if spec.get("format") == "date" and path != "as_of" and path not in FUTURE_ALLOWED
)


def _flatten(data):
    facts = NO_FACTS.copy()
    for key, value in data.items():
        if isinstance(value, dict):
            paths = SECTION_FACT_PATHS[key]  # checked: the mappings are sections of known fields
            for sub, item in value.items():
                facts[paths[sub]] = item
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
    try:
        normalised = _check_plain_situation(data)
    except _NotPlain:
        normalised = _check(data, SITUATION_SCHEMA, "", problems)
    if problems:
        raise SituationError(problems)
    facts = _flatten(normalised)
    as_of = facts["as_of"]
    for path in LATER_THAN_AS_OF_REFUSED:
        value = facts[path]
        if value is not None and value > as_of:
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
