"""The three-valued condition language: compile once, evaluate fast, explain in words.

A compiled condition is a closure ``fn(ctx) -> (value, missing)`` where ``value`` is True, False or
None (unknown) and ``missing`` is a tuple of the situation paths that made it unknown (empty unless
``value`` is None). Compiling checks every reference (fact path and its allowed values, indicator,
dimension, legal test, named condition, helper) so a bad rule fails at load, not mid-plan.
"""

import datetime
import sys
from operator import ge, gt, le, lt

from recours.engine import helpers
from recours.engine.dates import add_period
from recours.engine.situation import UNKNOWN_CODES
from recours.engine.vocabulary import (
    DATE_PATHS,
    DIMENSIONS,
    INDICATORS,
    LEGAL_TESTS,
    SITUATION_PATHS,
)

UNKNOWN_INDICATORS = (None, ("exploitation.indicators",))
# How an unrecorded fact is named in ``missing``: never a situation path, never taken for one.
UNRECORDED_PREFIX = "unrecorded."
# A fact test's known outcome is one of these two shared tuples: it builds none of its own.
TRUE = (True, ())
FALSE = (False, ())
# Start dates whose period end an elapsed condition keeps; it starts over past this many.
PERIOD_ENDS_KEPT = 20_000


class ConditionRefError(ValueError):
    """A condition names something that does not exist (path, value, id)."""


class Context:
    """What a condition may read for one plan: flat facts, the date, assessment results."""

    __slots__ = ("facts", "as_of", "dimensions", "memo", "test_evaluator")

    def __init__(self, facts, as_of, test_evaluator=None):
        self.facts = facts
        self.as_of = as_of
        self.dimensions = {}
        self.memo = {}
        self.test_evaluator = test_evaluator


def _allowed_values(path):
    spec = SITUATION_PATHS[path]
    spec = spec.get("items", spec)
    if "enum" in spec:
        return [value for value in spec["enum"] if value is not None]
    return None


def _check_values(path, values, where):
    allowed = _allowed_values(path)
    if allowed is None:
        return
    for value in values:
        if value in UNKNOWN_CODES:
            # parse_situation reads the code as a missing fact, so it could never match.
            raise ConditionRefError(
                f"{where}: {value!r} is read as an unknown fact, never as a value of {path}; "
                f"use {{fact: {path}, known: false}}"
            )
        if value not in allowed:
            raise ConditionRefError(
                f"{where}: {value!r} is not a value of {path}; allowed: {', '.join(allowed)}"
            )


def _fact(node, where):
    path = node["fact"]
    if path not in SITUATION_PATHS:
        raise ConditionRefError(f"{where}.fact: unknown situation path {path!r}")
    path = sys.intern(path)  # as the situation's facts are keyed: found without comparing text
    operator = next(key for key in node if key != "fact")
    expected = node[operator]
    spec = SITUATION_PATHS[path]
    is_list = "array" in (spec.get("type") or ())
    unknown = (None, (path,))

    if operator == "is":
        if spec.get("type") not in (["boolean", "null"], "boolean"):
            raise ConditionRefError(f"{where}: `is` needs a true/false fact; {path} is not one")

        def is_(ctx):
            value = ctx.facts.get(path)
            if value is None:
                return unknown
            return TRUE if value is expected else FALSE

        return is_
    if operator == "known":

        def known(ctx):
            return TRUE if (ctx.facts.get(path) is not None) is expected else FALSE

        return known
    if operator in ("equals", "in"):
        values = [expected] if operator == "equals" else list(expected)
        _check_values(path, values, f"{where}.{operator}")
        if is_list:
            raise ConditionRefError(f"{where}: {path} is a list; use contains_any or contains_all")
        accepted = frozenset(values)

        def member(ctx):
            value = ctx.facts.get(path)
            if value is None:
                return unknown
            return TRUE if value in accepted else FALSE

        return member
    if operator in ("contains_any", "contains_all"):
        if not is_list:
            raise ConditionRefError(f"{where}: {operator} needs a list fact; {path} is not one")
        _check_values(path, expected, f"{where}.{operator}")
        wanted = frozenset(expected)
        if operator == "contains_any":

            def contains_any(ctx):
                value = ctx.facts.get(path)
                if value is None:
                    return unknown
                return FALSE if wanted.isdisjoint(value) else TRUE

            return contains_any

        def contains_all(ctx):
            value = ctx.facts.get(path)
            if value is None:
                return unknown
            return TRUE if wanted.issubset(value) else FALSE

        return contains_all
    if operator in ("lt", "lte", "gt", "gte"):
        if "integer" not in str(spec.get("type")) and "number" not in str(spec.get("type")):
            raise ConditionRefError(f"{where}: {operator} needs a number fact; {path} is not one")
        compare = {"lt": lt, "lte": le, "gt": gt, "gte": ge}[operator]

        def number(ctx):
            value = ctx.facts.get(path)
            if value is None:
                return unknown
            return TRUE if compare(value, expected) else FALSE

        return number
    # on_or_after / before
    if path not in DATE_PATHS:
        raise ConditionRefError(f"{where}: {operator} needs a date fact; {path} is not one")
    after = operator == "on_or_after"

    def dated(ctx):
        value = ctx.facts.get(path)
        if value is None:
            return unknown
        return TRUE if ((value >= expected) if after else (value < expected)) else FALSE

    return dated


def _elapsed(node, where):
    span = node["elapsed"]
    start_path, end_path = span["from"], span["to"]
    for key, path in (("from", start_path), ("to", end_path)):
        if path != "as_of" and path not in DATE_PATHS:
            raise ConditionRefError(f"{where}.elapsed.{key}: {path!r} is not a date path")
    start_path, end_path = sys.intern(start_path), sys.intern(end_path)  # as in _fact
    more = "more_than" in node
    raw = node["more_than" if more else "at_most"]
    period = (raw.get("years", 0), raw.get("months", 0), raw.get("days", 0))

    start_is_as_of, end_is_as_of = start_path == "as_of", end_path == "as_of"
    limits = {}  # start date -> start + period: the same few thousand days recur across plans

    def elapsed(ctx):
        facts = ctx.facts
        start = ctx.as_of if start_is_as_of else facts.get(start_path)
        end = ctx.as_of if end_is_as_of else facts.get(end_path)
        if start is None or end is None:
            missing = tuple(
                path
                for path, value in ((start_path, start), (end_path, end))
                if value is None and path != "as_of"
            )
            return None, missing
        limit = limits.get(start)
        if limit is None:
            if len(limits) > PERIOD_ENDS_KEPT:
                limits.clear()
            limit = limits[start] = add_period(start, period)
        return TRUE if ((end > limit) if more else (end <= limit)) else FALSE

    return elapsed


def _all(children):
    return _junction(children, decisive=False, decided=FALSE, otherwise=TRUE)


def _any(children):
    return _junction(children, decisive=True, decided=TRUE, otherwise=FALSE)


def _junction(children, decisive, decided, otherwise):
    """``all`` (a false child decides) or ``any`` (a true child decides): otherwise unknown
    with the unknown children's missing facts, or ``otherwise`` when none is unknown."""
    if len(children) == 2:
        return _junction_of_two(*children, decisive, decided, otherwise)

    def junction(ctx):
        missing = None  # stays None while no child is unknown
        for child in children:
            value, child_missing = child(ctx)
            if value is decisive:
                return decided
            if value is None:
                missing = child_missing if missing is None else missing + child_missing
        if missing is None:
            return otherwise
        # One missing fact (the common case) needs no pass to drop repeats.
        return (None, missing) if len(missing) < 2 else _unknown(missing)

    return junction


def _junction_of_two(first, second, decisive, decided, otherwise):
    """A junction of two conditions, the most common kind, without a loop. When one child is
    unknown and names at most one fact, its own outcome is the junction's: no new tuple."""

    def junction_of_two(ctx):
        first_outcome = first(ctx)
        value = first_outcome[0]
        if value is decisive:
            return decided
        second_outcome = second(ctx)
        second_value = second_outcome[0]
        if second_value is decisive:
            return decided
        if value is None:
            if second_value is None:
                missing = first_outcome[1] + second_outcome[1]
                # Two different facts, the usual case, are already each named once.
                if len(missing) == 2 and missing[0] != missing[1]:
                    return None, missing
                return _unknown(missing)
            return first_outcome if len(first_outcome[1]) < 2 else _unknown(first_outcome[1])
        if second_value is None:
            return second_outcome if len(second_outcome[1]) < 2 else _unknown(second_outcome[1])
        return otherwise

    return junction_of_two


def _unknown(missing):
    """Unknown for the facts ``missing``, each named once."""
    return None, tuple(dict.fromkeys(missing))


def _not(child):
    def not_(ctx):
        outcome = child(ctx)
        value = outcome[0]
        if value is None:
            return outcome  # unknown for the same facts: no new tuple
        return FALSE if value else TRUE

    return not_


class Compiler:
    """Compiles conditions against a set of named conditions, memoising each name once."""

    def __init__(self, named, legal_test_ids=LEGAL_TESTS, unrecorded=()):
        self.named = named  # {id: raw condition}
        self.unrecorded = frozenset(unrecorded)  # keys declared in unrecorded.yaml
        self.legal_test_ids = set(legal_test_ids)
        self.compiled_named = {}
        self._in_progress = set()

    def compile(self, node, where="condition"):
        if "fact" in node:
            return _fact(node, where)
        if "elapsed" in node:
            return _elapsed(node, where)
        key, value = next(iter(node.items()))
        if key == "all":
            return _all([self.compile(c, f"{where}.all[{i}]") for i, c in enumerate(value)])
        if key == "any":
            return _any([self.compile(c, f"{where}.any[{i}]") for i, c in enumerate(value)])
        if key == "not":
            return _not(self.compile(value, f"{where}.not"))
        if key == "indicators_any":
            unknown_ids = [i for i in value if i not in INDICATORS]
            if unknown_ids:
                raise ConditionRefError(
                    f"{where}.indicators_any: unknown indicator(s) {', '.join(unknown_ids)}"
                )
            wanted = frozenset(value)

            def indicators_any(ctx):
                observed = ctx.facts.get("exploitation.indicators")
                if observed is None:
                    return UNKNOWN_INDICATORS
                return FALSE if wanted.isdisjoint(observed) else TRUE

            return indicators_any
        if key == "dimension":
            if value not in DIMENSIONS:
                raise ConditionRefError(
                    f"{where}.dimension: unknown dimension {value!r}; allowed: "
                    + ", ".join(DIMENSIONS)
                )

            def dimension(ctx):
                present = ctx.dimensions.get(value)
                return UNKNOWN_INDICATORS if present is None else (present, ())

            return dimension
        if key == "test":
            if value not in self.legal_test_ids:
                raise ConditionRefError(
                    f"{where}.test: unknown legal test {value!r}; allowed: "
                    + ", ".join(sorted(self.legal_test_ids))
                )

            def test(ctx):
                return ctx.test_evaluator(value)

            return test
        if key == "unrecorded":
            if value not in self.unrecorded:
                raise ConditionRefError(
                    f"{where}.unrecorded: {value!r} is not declared in unrecorded.yaml; declared: "
                    + (", ".join(sorted(self.unrecorded)) or "none")
                )
            # No situation field records it, so it is unknown in every plan and always asked.
            result = (None, (f"{UNRECORDED_PREFIX}{value}",))

            def unrecorded(ctx):
                return result

            return unrecorded
        if key == "helper":
            function = helpers.HELPERS.get(value)
            if function is None:
                raise ConditionRefError(
                    f"{where}.helper: unknown helper {value!r}; allowed: "
                    + ", ".join(sorted(helpers.HELPERS))
                )
            return function
        # ref
        return self.named_condition(value, where)

    def named_condition(self, name, where="condition"):
        if name in self.compiled_named:
            return self.compiled_named[name]
        if name not in self.named:
            raise ConditionRefError(f"{where}.ref: unknown named condition {name!r}")
        if name in self._in_progress:
            raise ConditionRefError(f"{where}.ref: named condition {name!r} refers to itself")
        self._in_progress.add(name)
        try:
            inner = self.compile(self.named[name], f"conditions.{name}")
        finally:
            # Even when it fails: the next rule naming it must get the same error, not a loop.
            self._in_progress.discard(name)

        def ref(ctx):
            memo = ctx.memo
            if name in memo:  # found more often than not: a test and a subscript, no call
                return memo[name]
            result = memo[name] = inner(ctx)
            return result

        self.compiled_named[name] = ref
        return ref


def references(node):
    """The named conditions a condition uses directly (for test coverage and the report)."""
    if not isinstance(node, dict):
        return []
    if "ref" in node:
        return [node["ref"]]
    found = []
    for child in node.get("all", []) + node.get("any", []):
        found.extend(references(child))
    if "not" in node:
        found.extend(references(node["not"]))
    return found


# ---------------------------------------------------------------- explanation

WORDS = {
    "en": {
        "is_true": "{field} is yes",
        "is_false": "{field} is no",
        "equals": "{field} is {value}",
        "in": "{field} is one of: {values}",
        "contains_any": "{field} includes any of: {values}",
        "contains_all": "{field} includes all of: {values}",
        "lt": "{field} is under {value}",
        "lte": "{field} is at most {value}",
        "gt": "{field} is over {value}",
        "gte": "{field} is at least {value}",
        "known_true": "{field} is known",
        "known_false": "{field} is not known",
        "on_or_after": "{field} is on or after {value}",
        "before": "{field} is before {value}",
        "more_than": "more than {period} passed from {start} to {end}",
        "at_most": "at most {period} passed from {start} to {end}",
        "as_of": "the date of the assessment",
        "indicators_any": "any of these indicators was observed: {values}",
        "dimension": "the ILO-EC dimension “{value}” is present",
        "test": "the legal test “{value}” is met",
        "ref": "{value}",
        "helper": "{value} (computed by the engine)",
        "unrecorded": "{value} (no situation field records it: always asked)",
        "all": "all of",
        "any": "any of",
        "not": "not",
        "days": "{n} day(s)",
        "months": "{n} month(s)",
        "years": "{n} year(s)",
    },
    "fr": {
        "is_true": "{field} : oui",
        "is_false": "{field} : non",
        "equals": "{field} est {value}",
        "in": "{field} est l’un de : {values}",
        "contains_any": "{field} comprend l’un de : {values}",
        "contains_all": "{field} comprend tous : {values}",
        "lt": "{field} est inférieur à {value}",
        "lte": "{field} est au plus {value}",
        "gt": "{field} est supérieur à {value}",
        "gte": "{field} est au moins {value}",
        "known_true": "{field} est connu",
        "known_false": "{field} n’est pas connu",
        "on_or_after": "{field} est le {value} ou après",
        "before": "{field} est avant le {value}",
        "more_than": "plus de {period} entre {start} et {end}",
        "at_most": "au plus {period} entre {start} et {end}",
        "as_of": "la date de l’évaluation",
        "indicators_any": "l’un de ces indicateurs a été observé : {values}",
        "dimension": "la dimension OIT-CE « {value} » est présente",
        "test": "le critère juridique « {value} » est rempli",
        "ref": "{value}",
        "helper": "{value} (calculé par le moteur)",
        "unrecorded": "{value} (aucun champ de la situation ne le consigne : toujours à demander)",
        "all": "toutes ces conditions",
        "any": "l’une de ces conditions",
        "not": "il est faux que",
        "days": "{n} jour(s)",
        "months": "{n} mois",
        "years": "{n} an(s)",
    },
}


def explain(node, lang="en", label_of=None, depth=0):
    """The condition in words, one line per clause, indented by nesting (for lawyers)."""
    words = WORDS[lang]
    label_of = label_of or (lambda kind, value: str(value))
    pad = "  " * depth
    if "fact" in node:
        path = node["fact"]
        field = label_of("field", path)
        operator = next(key for key in node if key != "fact")
        expected = node[operator]
        if operator in ("is", "known"):
            key = f"{operator}_{'true' if expected else 'false'}"
            return pad + words[key].format(field=field)
        if isinstance(expected, list):
            values = ", ".join(label_of(path, v) for v in expected)
            return pad + words[operator].format(field=field, values=values)
        if isinstance(expected, datetime.date):
            expected = expected.isoformat()
        return pad + words[operator].format(field=field, value=label_of(path, expected))
    if "elapsed" in node:
        comparison = "more_than" if "more_than" in node else "at_most"
        period = ", ".join(
            words[unit].format(n=amount) for unit, amount in node[comparison].items()
        )
        span = node["elapsed"]
        start, end = (
            words["as_of"] if p == "as_of" else label_of("field", p)
            for p in (span["from"], span["to"])
        )
        return pad + words[comparison].format(period=period, start=start, end=end)
    key, value = next(iter(node.items()))
    if key in ("all", "any"):
        lines = [pad + words[key] + ":"]
        lines += [explain(child, lang, label_of, depth + 1) for child in value]
        return "\n".join(lines)
    if key == "not":
        return pad + words["not"] + ":\n" + explain(value, lang, label_of, depth + 1)
    if key == "indicators_any":
        values = ", ".join(label_of("indicator", v) for v in value)
        return pad + words[key].format(values=values)
    return pad + words[key].format(value=label_of(key, value))
