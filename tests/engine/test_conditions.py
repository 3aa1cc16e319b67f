import datetime

import pytest

from recours.engine.conditions import Compiler, ConditionRefError, Context, explain
from recours.engine.kb_schema import ConditionShapeError, check_condition
from recours.engine.situation import parse_situation

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
