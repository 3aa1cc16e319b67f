import copy
import datetime
import importlib.util
import math
import random
from dataclasses import fields
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recours.engine import SituationError, parse_situation
from recours.engine import situation as situation_module
from recours.engine.situation import _NotPlain
from recours.engine.vocabulary import SITUATION_PATHS, SITUATION_SCHEMA

from .situations import situations


def problems_of(data):
    with pytest.raises(SituationError) as error:
        parse_situation(data)
    return dict(error.value.problems)


def test_it_accepts_the_base_situation_and_flattens_its_facts(situation):
    parsed = parse_situation(situation)
    assert parsed.jurisdiction == "ON"
    assert parsed.facts["immigration.work_permit_type"] == "employer_specific"
    assert parsed.facts["person.minor"] is None


def test_it_never_modifies_the_input(situation):
    before = copy.deepcopy(situation)
    parse_situation(situation, as_of="2026-12-01")
    assert situation == before


def test_a_bare_yaml_on_is_refused_with_advice_to_quote_it(situation):
    situation["jurisdiction"] = True  # what PyYAML makes of a bare ON
    message = problems_of(situation)["jurisdiction"]
    assert "quote" in message and '"ON"' in message
    assert "AB, BC" in message


def test_an_unknown_code_is_refused_naming_the_field_and_allowed_values(situation):
    situation["immigration"]["status"] = "tourist"
    message = problems_of(situation)["immigration.status"]
    assert "'tourist'" in message and "out_of_status" in message and "never_had_status" in message


def test_an_unknown_field_is_refused(situation):
    situation["work"]["salary"] = 3
    assert "allowed" in problems_of(situation)["work.salary"]


def test_schema_as_of_and_jurisdiction_are_required():
    problems = problems_of({"schema": "recours.situation/1"})
    assert set(problems) == {"as_of", "jurisdiction"}


def test_a_date_after_as_of_is_refused_but_a_removal_date_is_not(situation):
    situation["work"]["wages_owed_since"] = "2027-01-01"
    assert "after as_of" in problems_of(situation)["work.wages_owed_since"]
    situation["work"]["wages_owed_since"] = "2026-01-01"
    situation["immigration"]["removal_date"] = "2027-01-15"
    assert parse_situation(situation).facts["immigration.removal_date"].year == 2027


def test_an_end_before_the_start_names_both_fields(situation):
    situation["exploitation"].update(started_on="2026-05-01", ended_on="2026-01-01")
    assert "exploitation.ended_on, exploitation.started_on" in problems_of(situation)


def test_a_decision_before_its_claim_names_both_fields(situation):
    situation["immigration"].update(
        refugee_claim="refused",
        refugee_claim_made_on="2026-05-01",
        refugee_claim_decided_on="2026-02-01",
    )
    problems = problems_of(situation)
    assert "immigration.refugee_claim_decided_on, immigration.refugee_claim_made_on" in problems


def test_a_minor_flag_contradicting_the_age_names_both_fields(situation):
    situation["person"] = {"age": 30, "minor": True}
    assert "person.minor, person.age" in problems_of(situation)


def test_wrong_types_are_refused_with_the_path(situation):
    situation["person"]["age"] = "thirty"
    situation["exploitation"]["indicators"] = ["cd.documents_confiscated", "xx.made_up"]
    problems = problems_of(situation)
    assert "whole number" in problems["person.age"]
    assert "exploitation.indicators[1]" in problems


def test_an_impossible_calendar_date_is_refused(situation):
    situation["as_of"] = "2026-02-30"
    assert "YYYY-MM-DD" in problems_of(situation)["as_of"]


def test_unknown_codes_are_read_as_unknown_facts(situation):
    situation["immigration"]["status"] = "unknown"
    assert parse_situation(situation).facts["immigration.status"] is None


# The prepared checks (the fast path) against the schema walker: the same Situation, or the same
# problems in the same order, for valid, invalid and oddly typed values alike.

BENCH = Path(__file__).resolve().parents[2] / "bench" / "engine.py"


class Text(str):
    """A str subclass, as markupsafe's Markup is: _check accepts it, the fast path defers."""


class Whole(int):
    """An int subclass, as an IntEnum is."""


class Mapping(dict):
    """A dict subclass, as an OrderedDict is."""


ODD_VALUES = (
    *(None, True, False, 0, 1, -1, 17, 18, 120, 121, 2.5, -0.5, 0.0, math.nan, math.inf),
    *("", "x", "unknown", "ON", "FED", "labour", "other", "stay_in_canada", "no_police"),
    *("cd.documents_confiscated", "es", "en\n", "EN", "e", "abcd", "recours.situation/1"),
    *("2024-01-01", "2031-06-30", "2024-02-30", "2024-1-01", "20240101", "2024-W01-1"),
    *("２０２４-01-01", " 2024-01-01", "2024-01-01\n", "work_permit", Text("ON"), Text("es")),
    *(datetime.date(2020, 1, 1), datetime.date(2031, 1, 1), datetime.datetime(2020, 1, 1)),
    *(Whole(5), b"ON", [], (), ["labour"], ("labour", "sexual"), ["labour", "labour"]),
    *(["es", "en"], ["es", "es"], ["unknown"], [None], [1], [True], [["labour"]], ["en\n"]),
    *([Text("labour")], ["labour", Text("labour")], {"labour"}, {}, {"age": 3}, Mapping()),
    *(Mapping(age=30), {"status": "unknown"}, {"salary": 1}, {1: 2}),
)
DELETE = object()
LEAF_PATHS = tuple(SITUATION_PATHS)
SECTION_NAMES = tuple(
    key for key, spec in SITUATION_SCHEMA["properties"].items() if "properties" in spec
)
PLACES = (*LEAF_PATHS, *SECTION_NAMES, "salary", "work.salary", "person.1")


def _exact(value):
    """``value`` with every type and key order spelled out (True is not 1, () is not [])."""
    if isinstance(value, dict):
        return (type(value), tuple((_exact(k), _exact(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value), tuple(map(_exact, value)))
    if isinstance(value, float) and math.isnan(value):
        return (float, "nan")
    return (type(value), value)


def _outcome(data, as_of=None):
    """What parse_situation gives: every field of the Situation exactly, or the error."""
    try:
        parsed = parse_situation(data, as_of=as_of)
    except SituationError as error:
        return ("refused", error.problems, str(error))
    except Exception as error:  # compared with the walker's, not hidden
        return ("raised", type(error), str(error))
    return ("parsed", {field.name: _exact(getattr(parsed, field.name)) for field in fields(parsed)})


def _walker_outcome(data, as_of=None):
    """The same with the prepared checks switched off: every value walks the schema."""
    with mock.patch.object(situation_module, "_check_plain_situation", side_effect=_NotPlain):
        return _outcome(data, as_of)


def _assert_same(data, as_of=None):
    expected = _walker_outcome(data, as_of)
    assert _outcome(data, as_of) == expected, (data, as_of)
    return expected


def _changed(data, place, value):
    """A copy of ``data`` with ``value`` at ``place`` (a field, a section or a dotted field)."""
    data = dict(data)
    section, _, field = place.rpartition(".")
    target = data
    if section:
        target = data[section] = dict(data[section]) if isinstance(data.get(section), dict) else {}
        place = int(field) if field.isdigit() else field
    if value is DELETE:
        target.pop(place, None)
    else:
        target[place] = value
    return data


def _bench_situations(count, seed):
    spec = importlib.util.spec_from_file_location("recours_bench_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    return [module.situation(rng) for _ in range(count)]


def test_every_odd_value_in_every_place_gives_what_the_walker_gives(situation):
    outcomes = set()
    for place in PLACES:
        for value in (*ODD_VALUES, DELETE):
            outcomes.add(_assert_same(_changed(situation, place, value))[0])
    assert outcomes == {"parsed", "refused"}


def test_generated_situations_take_the_fast_path_and_give_what_the_walker_gives():
    for data in _bench_situations(500, seed=7):
        expected = _assert_same(data)
        assert expected[0] == "parsed"
        checked = situation_module._check_plain_situation(data)  # not deferred to the walker
        again = parse_situation(data).data  # dates as dates, lists as tuples: as make_plan sends
        situation_module._check_plain_situation(again)
        assert _exact(checked) == _exact(again)
        _assert_same(again, as_of=datetime.date(2030, 1, 1))


def test_generated_situations_with_odd_values_give_what_the_walker_gives():
    rng = random.Random(11)  # noqa: S311 (test data, not secrets)
    outcomes = set()
    for data in _bench_situations(1000, seed=8):
        for _ in range(rng.randint(1, 3)):
            data = _changed(data, rng.choice(PLACES), rng.choice((*ODD_VALUES, DELETE)))
        as_of = rng.choice((None, None, "2031-01-01", datetime.date(2020, 1, 1), "2024-02-30"))
        outcomes.add(_assert_same(data, as_of)[0])
    assert outcomes == {"parsed", "refused"}


@settings(max_examples=150, deadline=None)
@given(
    data=situations(),
    changes=st.lists(
        st.tuples(st.sampled_from(PLACES), st.sampled_from((*ODD_VALUES, DELETE))), max_size=3
    ),
)
def test_drawn_situations_with_drawn_changes_give_what_the_walker_gives(data, changes):
    for place, value in changes:
        data = _changed(data, place, value)
    _assert_same(data)


def test_every_date_but_a_removal_or_permit_expiry_is_refused_after_as_of_in_field_order(
    situation,
):
    date_paths = [path for path, spec in SITUATION_PATHS.items() if spec.get("format") == "date"]
    for path in date_paths[1:]:  # as_of first
        section, field = path.split(".")
        situation.setdefault(section, {})[field] = "2026-11-21"
    refused = [path for path, _ in problems_of(situation).items()]
    allowed = {"immigration.removal_date", "immigration.status_expired_on"}
    assert refused == [path for path in date_paths[1:] if path not in allowed]


def test_facts_are_every_field_by_dotted_path_then_each_null_section():
    for index, data in enumerate(_bench_situations(200, seed=9)):
        data = _changed(data, SECTION_NAMES[index % len(SECTION_NAMES)], None)
        parsed = parse_situation(data)
        expected = dict.fromkeys(SITUATION_PATHS)
        for key, value in parsed.data.items():
            if isinstance(value, dict):
                expected.update((f"{key}.{field}", item) for field, item in value.items())
            else:
                expected[key] = value
        assert _exact(parsed.facts) == _exact(expected)
