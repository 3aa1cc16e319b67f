import copy

import pytest

from recours.engine import SituationError, parse_situation


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
