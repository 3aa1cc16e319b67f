import datetime
import operator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recours.engine import load_knowledge
from recours.engine.conditions import Compiler, ConditionRefError, Context, explain
from recours.engine.dates import add_period
from recours.engine.helpers import HELPERS
from recours.engine.kb_schema import ConditionShapeError, check_condition
from recours.engine.situation import parse_situation
from recours.engine.vocabulary import DATE_PATHS, DIMENSIONS, LEGAL_TESTS, SITUATION_PATHS

NAMED = {
    "no_valid_status": {"fact": "immigration.status", "in": ["out_of_status", "never_had_status"]},
    "loop_a": {"ref": "loop_b"},
    "loop_b": {"ref": "loop_a"},
}


def evaluate(condition, **facts):
    context = Context(facts, datetime.date(2026, 11, 20))
    return Compiler(NAMED).compile(condition)(context)


HOUSING = {"fact": "work.employer_provided_housing", "is": True}
WORKING = {"fact": "work.still_working_there", "is": True}


@pytest.mark.parametrize(
    ("housing", "working", "all_value", "any_value"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (False, None, False, None),
        (True, None, None, True),
        (None, None, None, None),
        (False, False, False, False),
    ],
)
def test_all_and_any_follow_kleene_logic(housing, working, all_value, any_value):
    facts = {"work.employer_provided_housing": housing, "work.still_working_there": working}
    assert evaluate({"all": [HOUSING, WORKING]}, **facts)[0] is all_value
    assert evaluate({"any": [HOUSING, WORKING]}, **facts)[0] is any_value


def test_unknown_collects_the_paths_that_would_decide_it():
    value, missing = evaluate({"all": [HOUSING, WORKING]})
    assert value is None
    assert missing == ("work.employer_provided_housing", "work.still_working_there")


def test_a_false_branch_settles_all_without_missing_facts():
    assert evaluate({"all": [HOUSING, WORKING]}, **{"work.employer_provided_housing": False}) == (
        False,
        (),
    )


def test_not_keeps_unknown_unknown():
    assert evaluate({"not": HOUSING})[0] is None
    assert evaluate({"not": HOUSING}, **{"work.employer_provided_housing": True})[0] is False


def test_a_missing_list_is_unknown_and_an_empty_list_is_false():
    condition = {"fact": "limits", "contains_any": ["no_police"]}
    assert evaluate(condition) == (None, ("limits",))
    assert evaluate(condition, limits=())[0] is False
    assert evaluate(condition, limits=("no_police",))[0] is True


def test_elapsed_counts_calendar_periods_against_as_of():
    condition = {
        "elapsed": {"from": "immigration.status_expired_on", "to": "as_of"},
        "at_most": {"days": 90},
    }
    on_time = {"immigration.status_expired_on": datetime.date(2026, 8, 22)}
    late = {"immigration.status_expired_on": datetime.date(2026, 8, 21)}
    assert evaluate(condition, **on_time)[0] is True
    assert evaluate(condition, **late)[0] is False
    assert evaluate(condition) == (None, ("immigration.status_expired_on",))


def test_known_is_never_unknown():
    condition = {"fact": "person.age", "known": True}
    assert evaluate(condition) == (False, ())
    assert evaluate(condition, **{"person.age": 4}) == (True, ())


def test_named_conditions_and_helpers_are_evaluated():
    assert evaluate({"ref": "no_valid_status"}, **{"immigration.status": "out_of_status"})[0]
    assert evaluate({"helper": "is_minor"}, **{"person.age": 16})[0] is True
    assert evaluate({"helper": "is_minor"}) == (None, ("person.age",))


def test_indicators_are_unknown_only_when_not_recorded():
    condition = {"indicators_any": ["cd.debt_bondage"]}
    assert evaluate(condition) == (None, ("exploitation.indicators",))
    assert evaluate(condition, **{"exploitation.indicators": ()})[0] is False


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"fact": "person.height", "gt": 3}, "unknown situation path"),
        ({"fact": "immigration.status", "equals": "tourist"}, "allowed: citizen"),
        ({"fact": "limits", "equals": "no_police"}, "is a list"),
        ({"fact": "person.age", "is": True}, "true/false fact"),
        ({"ref": "nowhere"}, "unknown named condition"),
        ({"ref": "loop_a"}, "refers to itself"),
        ({"helper": "guess"}, "unknown helper"),
        ({"dimension": "exploitation"}, "unknown dimension"),
        ({"indicators_any": ["cd.nothing"]}, "unknown indicator"),
    ],
)
def test_bad_references_fail_at_compile_time(condition, words):
    with pytest.raises(ConditionRefError, match=words):
        Compiler(NAMED).compile(condition)


def test_a_broken_named_condition_gives_its_own_error_to_every_rule_naming_it():
    """The loader collects every error; a second reference must not be reported as a loop."""
    compiler = Compiler({"broken": {"fact": "person.height", "is": True}})
    for where in ("first", "second"):
        with pytest.raises(ConditionRefError, match="unknown situation path") as error:
            compiler.compile({"ref": "broken"}, where)
        assert "refers to itself" not in str(error.value)


@pytest.mark.parametrize(
    "condition",
    [
        {"fact": "person.age"},
        {"fact": "person.age", "gt": 1, "lt": 3},
        {"all": []},
        {"maybe": {}},
        {"fact": "immigration.status", "equals": True},
        {"elapsed": {"from": "work.injury_on", "to": "as_of"}, "more_than": {"weeks": 2}},
    ],
)
def test_malformed_conditions_are_refused_by_shape(condition):
    with pytest.raises(ConditionShapeError):
        check_condition(condition)


def test_explain_puts_a_condition_in_words_in_both_languages():
    condition = {"all": [{"fact": "immigration.status", "in": ["out_of_status"]}, {"not": HOUSING}]}
    english = explain(condition, "en")
    french = explain(condition, "fr")
    assert english.splitlines()[0] == "all of:"
    assert "immigration.status is one of: out_of_status" in english
    assert french.splitlines()[0] == "toutes ces conditions:"


def test_conditions_read_real_situation_facts():
    parsed = parse_situation(
        {
            "schema": "recours.situation/1",
            "as_of": "2026-11-20",
            "jurisdiction": "BC",
            "limits": ["no_police"],
        }
    )
    context = Context(parsed.facts, parsed.as_of)
    condition = Compiler({}).compile({"fact": "limits", "contains_all": ["no_police"]})
    assert condition(context) == (True, ())


def test_a_condition_on_the_unknown_code_is_refused_since_it_reads_as_a_missing_fact():
    with pytest.raises(ConditionRefError, match="known: false"):
        Compiler({}).compile({"fact": "immigration.status", "equals": "unknown"})
    with pytest.raises(ConditionRefError, match="unknown fact"):
        Compiler({}).compile({"fact": "immigration.last_entry", "in": ["air", "unknown"]})


def test_status_unknown_makes_a_status_condition_unknown_naming_the_fact():
    parsed = parse_situation(
        {
            "schema": "recours.situation/1",
            "as_of": "2026-11-20",
            "jurisdiction": "QC",
            "immigration": {"status": "unknown"},
        }
    )
    context = Context(parsed.facts, parsed.as_of)
    condition = Compiler(NAMED).compile({"ref": "no_valid_status"})
    assert condition(context) == (None, ("immigration.status",))


def test_an_unrecorded_fact_is_unknown_whatever_the_situation_and_names_itself():
    condition = Compiler({}, unrecorded={"fear_of_return": None}).compile(
        {"unrecorded": "fear_of_return"}
    )
    for status in ("refugee_claimant", "work_permit", None):
        context = Context({"immigration.status": status}, datetime.date(2026, 11, 20))
        assert condition(context) == (None, ("unrecorded.fear_of_return",))
    assert evaluate_with_unrecorded({"any": [{"unrecorded": "fear_of_return"}, HOUSING]}) == (
        None,
        ("unrecorded.fear_of_return", "work.employer_provided_housing"),
    )


def evaluate_with_unrecorded(condition):
    context = Context({}, datetime.date(2026, 11, 20))
    return Compiler({}, unrecorded={"fear_of_return"}).compile(condition)(context)


def test_an_undeclared_unrecorded_fact_is_refused_at_load():
    with pytest.raises(ConditionRefError, match="not declared in unrecorded.yaml"):
        Compiler({}, unrecorded={"fear_of_return"}).compile({"unrecorded": "fear"})


# ------------------------------------------------- compiled conditions against a plain reading

AS_OF = datetime.date(2026, 11, 20)
COMPARE = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "on_or_after": operator.ge,
    "before": operator.lt,
}


def reference(node, ctx, named):
    """The condition language read plainly, node by node (what compiled conditions must do)."""
    if "fact" in node:
        path = node["fact"]
        test = next(key for key in node if key != "fact")
        expected, value = node[test], ctx.facts.get(path)
        if test == "known":
            return (value is not None) is expected, ()
        if value is None:
            return None, (path,)
        if test == "is":
            return value is expected, ()
        if test == "equals":
            return value == expected, ()
        if test == "in":
            return value in expected, ()
        if test == "contains_any":
            return any(item in value for item in expected), ()
        if test == "contains_all":
            return all(item in value for item in expected), ()
        return COMPARE[test](value, expected), ()
    if "elapsed" in node:
        paths = node["elapsed"]["from"], node["elapsed"]["to"]
        start, end = (ctx.as_of if p == "as_of" else ctx.facts.get(p) for p in paths)
        if start is None or end is None:
            unknown = [
                p for p, v in zip(paths, (start, end), strict=True) if v is None and p != "as_of"
            ]
            return None, tuple(unknown)
        more = "more_than" in node
        period = node["more_than" if more else "at_most"]
        limit = add_period(
            start, tuple(period.get(unit, 0) for unit in ("years", "months", "days"))
        )
        return (end > limit) if more else (end <= limit), ()
    key, value = next(iter(node.items()))
    if key in ("all", "any"):
        settles = key == "any"
        unknown, missing = False, []
        for child in value:
            child_value, child_missing = reference(child, ctx, named)
            if child_value is settles:
                return settles, ()
            if child_value is None:
                unknown = True
                missing += child_missing
        return (None, tuple(dict.fromkeys(missing))) if unknown else (not settles, ())
    if key == "not":
        child_value, missing = reference(value, ctx, named)
        return (None, missing) if child_value is None else (not child_value, ())
    if key == "indicators_any":
        observed = ctx.facts.get("exploitation.indicators")
        if observed is None:
            return None, ("exploitation.indicators",)
        return any(item in observed for item in value), ()
    if key == "dimension":
        present = ctx.dimensions.get(value)
        return (None, ("exploitation.indicators",)) if present is None else (present, ())
    if key == "test":
        return ctx.test_evaluator(value)
    if key == "unrecorded":
        return None, (f"unrecorded.{value}",)
    if key == "helper":
        return HELPERS[value](ctx)
    if value not in ctx.memo:  # ref
        ctx.memo[value] = reference(named[value], ctx, named)
    return ctx.memo[value]


LEAVES = [
    {"fact": "work.employer_provided_housing", "is": True},
    {"is": False, "fact": "work.still_working_there"},
    {"fact": "person.minor", "is": True},
    {"fact": "person.age", "known": True},
    {"fact": "person.age", "known": False},
    {"fact": "person.age", "lt": 18},
    {"fact": "person.age", "gte": 18},
    {"fact": "person.children_in_canada", "gt": 0},
    {"fact": "person.children_in_canada", "lte": 2},
    {"fact": "immigration.status", "equals": "work_permit"},
    {"fact": "immigration.status", "in": ["out_of_status", "never_had_status", "visitor"]},
    {"fact": "exploitation.types", "contains_any": ["labour", "sexual"]},
    {"fact": "exploitation.types", "contains_all": ["labour", "domestic_servitude"]},
    {"fact": "exploitation.started_on", "on_or_after": datetime.date(2025, 1, 1)},
    {"fact": "exploitation.ended_on", "before": datetime.date(2026, 1, 1)},
    {"elapsed": {"from": "exploitation.ended_on", "to": "as_of"}, "more_than": {"months": 6}},
    {
        "at_most": {"years": 1, "days": 3},
        "elapsed": {"from": "exploitation.started_on", "to": "exploitation.ended_on"},
    },
    {
        "elapsed": {"from": "exploitation.ended_on", "to": "exploitation.ended_on"},
        "at_most": {"days": 0},
    },
    {"elapsed": {"from": "as_of", "to": "as_of"}, "more_than": {"days": 1}},
    {"indicators_any": ["cd.debt_bondage", "cr.debt_bondage"]},
    {"dimension": "exploitative_conditions"},
    {"dimension": "coercion_at_destination"},
    {"test": "palermo_protocol"},
    {"test": "cc_279_01"},
    {"unrecorded": "fear_of_return"},
    {"helper": "is_minor"},
    {"helper": "precarious_status"},
    {"helper": "exploitation_ongoing"},
]
NAMES = ("first", "second", "third", "fourth")


def trees(names):
    """Condition trees over the leaves above and references to ``names``."""
    leaves = st.sampled_from(LEAVES + [{"ref": name} for name in names])
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=4).map(lambda c: {"all": c}),
            st.lists(children, min_size=1, max_size=4).map(lambda c: {"any": c}),
            children.map(lambda c: {"not": c}),
        ),
        max_leaves=10,
    )


# Named conditions, each referring only to those after it (no cycle).
NAMED_CONDITIONS = st.fixed_dictionaries(
    {name: trees(NAMES[index + 1 :]) for index, name in enumerate(NAMES)}
)


def maybe(values):
    return st.one_of(st.none(), values)


# Any date, or one on the edge of a leaf above (a day before or after it, or on it).
EDGES = [datetime.date(*ymd) for ymd in ((2025, 1, 1), (2026, 1, 1), (2026, 1, 4), (2026, 1, 5))]
EDGES += [datetime.date(2026, 5, 19), datetime.date(2026, 5, 20), datetime.date(2026, 5, 21)]
DATES = st.one_of(st.sampled_from(EDGES), st.dates(datetime.date(2024, 1, 1), AS_OF))
TYPES = SITUATION_PATHS["exploitation.types"]["items"]["enum"]
FACTS = st.fixed_dictionaries(
    {
        "work.employer_provided_housing": maybe(st.booleans()),
        "work.still_working_there": maybe(st.booleans()),
        "person.minor": maybe(st.booleans()),
        "person.age": maybe(st.integers(10, 25)),
        "person.children_in_canada": maybe(st.integers(0, 3)),
        "immigration.status": maybe(st.sampled_from(["work_permit", "visitor", "citizen"])),
        "exploitation.types": maybe(st.lists(st.sampled_from(TYPES), unique=True, max_size=3)),
        "exploitation.started_on": maybe(DATES),
        "exploitation.ended_on": maybe(DATES),
        "exploitation.indicators": maybe(
            st.lists(st.sampled_from(["cd.debt_bondage", "cd.wages_withheld"]), max_size=2)
        ),
    }
)
# Values a test or dimension may report, with 0 and 1 to hold compiled conditions to the same
# identity and truth tests as the plain reading.
OUTCOMES = st.sampled_from([True, False, None, 0, 1])
PATHS = st.sampled_from(["person.age", "immigration.status", "work.injury_on"])
TEST_RESULTS = st.fixed_dictionaries(
    {
        test_id: st.tuples(OUTCOMES, st.lists(PATHS, max_size=3).map(tuple))
        for test_id in ("palermo_protocol", "cc_279_01")
    }
)
DIMENSION_VALUES = st.fixed_dictionaries(
    {dimension: OUTCOMES for dimension in ("exploitative_conditions", "coercion_at_destination")}
)
# The engine always knows the date of the assessment; None holds the code to the plain reading
# even then (as_of is never named as missing).
AS_OF_VALUES = st.sampled_from([AS_OF, None])


class LoggedTests:
    """A test evaluator that notes each call, to compare what was asked and in which order."""

    def __init__(self, results):
        self.results, self.asked = results, []

    def __call__(self, test_id):
        self.asked.append(test_id)
        return self.results.get(test_id, (None, ()))


def contexts(facts, dimensions, test_results, as_of=AS_OF):
    """Two fresh contexts alike: one for the compiled conditions, one for the plain reading."""
    made = []
    for _ in range(2):
        context = Context(dict(facts), as_of, LoggedTests(test_results))
        context.dimensions = dict(dimensions)
        made.append(context)
    return made


def assert_same_evaluation(compiled_context, plain, results):
    # repr: 0 == False, but compiled conditions must give exactly what the plain reading gives.
    assert repr(results[0]) == repr(results[1])
    assert repr(list(compiled_context.memo.items())) == repr(list(plain.memo.items()))
    assert compiled_context.test_evaluator.asked == plain.test_evaluator.asked


@settings(max_examples=300, deadline=None)
@given(
    NAMED_CONDITIONS,
    st.lists(trees(NAMES), min_size=1, max_size=3),
    FACTS,
    DIMENSION_VALUES,
    TEST_RESULTS,
    AS_OF_VALUES,
)
def test_compiled_conditions_give_what_the_plain_reading_gives(
    named, conditions, facts, dimensions, test_results, as_of
):
    compiler = Compiler(named, unrecorded={"fear_of_return"})
    compiled = [compiler.compile(condition) for condition in conditions]
    compiled_context, plain = contexts(facts, dimensions, test_results, as_of)
    # One context for all, as in a plan: named conditions are evaluated once and kept.
    results = (
        [function(compiled_context) for function in compiled],
        [reference(condition, plain, named) for condition in conditions],
    )
    assert_same_evaluation(compiled_context, plain, results)


@pytest.mark.parametrize("reported", [True, False, None, 0, 1])
@pytest.mark.parametrize(
    "condition",
    [
        {"test": "cc_279_01"},
        {"not": {"test": "cc_279_01"}},
        {"all": [{"test": "cc_279_01"}, HOUSING]},
        {"all": [{"not": {"test": "cc_279_01"}}, HOUSING]},
        {"any": [{"not": {"not": {"test": "cc_279_01"}}}, HOUSING]},
        {"any": [{"not": {"all": [{"test": "cc_279_01"}]}}, HOUSING]},
    ],
)
def test_a_reported_value_is_read_by_identity_under_all_and_any_and_by_truth_under_not(
    condition, reported
):
    compiled_context, plain = contexts({}, {}, {"cc_279_01": (reported, ("person.age",))})
    results = (Compiler({}).compile(condition)(compiled_context), reference(condition, plain, {}))
    assert_same_evaluation(compiled_context, plain, results)


def situation_facts():
    """Facts for every situation path, each possibly unknown."""
    values = {}
    for path, spec in SITUATION_PATHS.items():
        types = spec.get("type") or ()
        items = spec.get("items", {})
        if "enum" in spec:
            value = st.sampled_from([v for v in spec["enum"] if v is not None])
        elif "array" in types:
            value = st.lists(st.sampled_from(items.get("enum", ["en", "fr"])), unique=True)
        elif path in DATE_PATHS:
            value = st.dates(datetime.date(2014, 1, 1), datetime.date(2028, 1, 1))
        elif "boolean" in types:
            value = st.booleans()
        elif "integer" in types or "number" in types:
            value = st.one_of(st.integers(0, 30), st.integers(0, 30000))
        else:
            value = st.none()
        values[path] = maybe(value)
    return st.fixed_dictionaries(values)


@settings(max_examples=60, deadline=None)
@given(situation_facts(), st.dictionaries(st.sampled_from(DIMENSIONS), OUTCOMES), st.data())
def test_every_compiled_knowledge_base_condition_gives_what_the_plain_reading_gives(
    facts, dimensions, data
):
    kb = load_knowledge()
    named = {name: item.when for name, item in kb.conditions.items()}
    test_results = data.draw(
        st.dictionaries(st.sampled_from(sorted(LEGAL_TESTS)), st.tuples(OUTCOMES, st.just(())))
    )
    compiled_context, plain = contexts(facts, dimensions, test_results)
    keys = list(kb.compiled)
    results = (
        [kb.compiled[key](compiled_context) for key in keys],
        [reference(kb.rules[key[0]].conditions[key[1]], plain, named) for key in keys],
    )
    assert_same_evaluation(compiled_context, plain, results)
