import copy
import json

import pytest

from recours.engine import make_plan, parse_situation
from recours.engine.plan_schema import Plan
from recours.engine.vocabulary import REMEDIES


def option(plan, remedy_id):
    return next(o for o in plan["options"] if o["remedy"] == remedy_id)


def harms(plan, remedy_id):
    return {h["harm"]: h for h in option(plan, remedy_id)["harms"]}


def test_every_vocabulary_remedy_appears_exactly_once(fixture_kb, situation):
    plan = make_plan(situation, fixture_kb)
    Plan.model_validate(plan)
    assert sorted(o["remedy"] for o in plan["options"]) == sorted(REMEDIES)


def test_a_remedy_without_knowledge_is_possibly_never_silently_closed(fixture_kb, situation):
    vtip = option(make_plan(situation, fixture_kb), "vtip_trp")
    assert vtip["eligibility"] == "possibly"
    assert "does not describe" in vtip["reasons"][0]["text"]


def test_a_remedy_not_available_in_the_jurisdiction_says_so_with_its_source(fixture_kb, situation):
    situation["jurisdiction"] = "NU"
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["eligibility"] == "not_eligible"
    assert claim["reasons"][0]["text"].startswith("Not available in this jurisdiction (NU)")
    assert list(claim["reasons"][0]["sources"]) == ["src-guide"]


def test_work_jurisdiction_decides_a_labour_remedy(fixture_kb, situation):
    situation["jurisdiction"] = "NU"
    situation["work_jurisdiction"] = "ON"
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["jurisdiction"] == "ON"
    assert claim["eligibility"] == "eligible"


def test_a_deadline_is_a_real_date_from_the_situation(fixture_kb, situation):
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["deadline"] == "2028-05-01"
    assert claim["deadline_reason"] == "2 years after the wages were due"


def test_an_unknown_start_date_gives_a_null_deadline_and_names_the_date(fixture_kb, situation):
    del situation["work"]["wages_owed_since"]
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["deadline"] is None
    assert "work.wages_owed_since" in claim["missing"]


def test_a_past_deadline_closes_the_option(fixture_kb, situation):
    situation["jurisdiction"] = "BC"  # six months, no late filing
    situation["work"]["wages_owed_since"] = "2026-01-15"
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["eligibility"] == "not_eligible"
    assert claim["deadline"] == "2026-07-15"
    assert any("passed on 2026-07-15" in r["text"] for r in claim["reasons"])


def test_a_past_deadline_with_late_filing_leaves_it_possible(fixture_kb, situation):
    situation["work"]["wages_owed_since"] = "2024-01-15"
    claim = option(make_plan(situation, fixture_kb), "employment_standards_claim")
    assert claim["eligibility"] == "possibly"
    assert any("late filing" in r["text"] for r in claim["reasons"])


def test_a_failing_requirement_makes_the_option_not_eligible(fixture_kb, situation):
    situation["immigration"]["work_permit_type"] = "open"
    owp = option(make_plan(situation, fixture_kb), "owp_v")
    assert owp["eligibility"] == "not_eligible"
    assert "Needs an employer-specific permit." in [r["text"] for r in owp["reasons"]]


def test_an_unknown_requirement_gives_possibly_with_the_fact_to_ask(fixture_kb, situation):
    del situation["immigration"]["work_permit_type"]
    owp = option(make_plan(situation, fixture_kb), "owp_v")
    assert owp["eligibility"] == "possibly"
    assert list(owp["missing"]) == ["immigration.work_permit_type"]
    assert "Ask which permit." in [r["text"] for r in owp["reasons"]]


def test_an_exclusion_that_applies_closes_the_option(fixture_kb, situation):
    situation["work"]["sex_related_business"] = True
    owp = option(make_plan(situation, fixture_kb), "owp_v")
    assert owp["eligibility"] == "not_eligible"
    assert "Excluded: sex-related business." in [r["text"] for r in owp["reasons"]]


def test_an_exclusion_that_does_not_apply_gives_its_no_text(fixture_kb, situation):
    situation["work"]["sex_related_business"] = False
    owp = option(make_plan(situation, fixture_kb), "owp_v")
    assert "Not a sex-related business." in [r["text"] for r in owp["reasons"]]
    assert "Excluded: sex-related business." not in [r["text"] for r in owp["reasons"]]


def test_unverified_rules_are_flagged(fixture_kb, situation):
    plan = make_plan(situation, fixture_kb)
    owp = option(plan, "owp_v")
    assert list(owp["unverified_rules"]) == ["owp_v.sex_business"]
    assert owp["verification"] == "unverified"
    assert "owp_v.sex_business" in plan["unverified_rules"]


def test_a_true_trigger_lists_a_likely_harm_with_why_and_trace(fixture_kb, situation):
    harm = harms(make_plan(situation, fixture_kb), "owp_v")["employer_retaliation"]
    assert harm["likelihood"] == "likely"
    assert harm["why"] == "Still works for the employer."
    assert {"rule": "employer_retaliation.still_working", "sources": ("src-guide",)} in harm[
        "trace"
    ]


def test_several_triggers_keep_every_why_and_the_highest_severity(fixture_kb, situation):
    situation["work"]["employer_provided_housing"] = True
    harm = harms(make_plan(situation, fixture_kb), "employment_standards_claim")[
        "employer_retaliation"
    ]
    assert harm["severity"] == "high"
    assert "Still works" in harm["why"] and "employer housing" in harm["why"]


def test_an_unknown_trigger_gives_a_possible_harm_with_missing_facts(fixture_kb, situation):
    del situation["immigration"]["status"]
    harm = harms(make_plan(situation, fixture_kb), "police_report_trafficking")[
        "enforcement_exposure"
    ]
    assert harm["likelihood"] == "possible"
    assert list(harm["missing"]) == ["immigration.status"]
    assert harm["mitigations"][0]["id"] == "status_first"


def test_goals_and_limits_never_change_eligibility_or_hide_options(fixture_kb, situation):
    plain = make_plan(situation, fixture_kb)
    situation["goals"] = ["accountability"]
    situation["limits"] = [
        "no_police",
        "avoid_immigration_authorities",
        "no_contact_with_exploiter",
    ]
    limited = make_plan(situation, fixture_kb)
    eligibility = {o["remedy"]: o["eligibility"] for o in plain["options"]}
    assert {o["remedy"]: o["eligibility"] for o in limited["options"]} == eligibility
    police = option(limited, "police_report_trafficking")
    assert police["conflicts_with_limits"] == ["no_police"]
    assert option(limited, "employment_standards_claim")["conflicts_with_limits"] == [
        "no_contact_with_exploiter"
    ]
    assert option(plain, "police_report_trafficking")["conflicts_with_limits"] == []


def test_ranking_puts_options_serving_the_first_goal_higher(fixture_kb, situation):
    situation["goals"] = ["recover_wages"]
    first = make_plan(situation, fixture_kb)
    situation["goals"] = ["stay_in_canada"]
    second = make_plan(situation, fixture_kb)
    assert first["options"][0]["remedy"] == "employment_standards_claim"
    assert second["options"][0]["remedy"] == "owp_v"
    assert option(first, "employment_standards_claim")["goals_served"] == ["recover_wages"]


def test_precarious_status_puts_status_first_and_exposing_options_last(fixture_kb, situation):
    situation["immigration"] = {"status": "out_of_status", "work_permit_type": "employer_specific"}
    situation["goals"] = ["accountability", "recover_wages"]
    plan = make_plan(situation, fixture_kb)
    assert plan["sequence"][0] == "owp_v"
    assert plan["sequence"][-1] == "police_report_trafficking"
    assert plan["sequence_steps"][-1]["step"] == "exposing"


def test_closed_options_stay_in_options_but_not_in_the_sequence(fixture_kb, situation):
    situation["jurisdiction"] = "NU"
    plan = make_plan(situation, fixture_kb)
    assert "employment_standards_claim" not in plan["sequence"]
    assert option(plan, "employment_standards_claim")


def test_evidence_items_serving_several_remedies_come_first(fixture_kb, situation):
    evidence = make_plan(situation, fixture_kb)["evidence"]
    assert [e["item"] for e in evidence] == ["pay_records", "passport_copy"]
    assert evidence[0]["serves"] == ["owp_v", "employment_standards_claim"]


def test_alerts_for_danger_removal_minor_and_a_close_deadline(fixture_kb, situation):
    situation["person"] = {"minor": True}
    situation["exploitation"]["immediate_danger"] = True
    situation["immigration"].update(removal_order="removal_scheduled", removal_date="2026-12-01")
    situation["jurisdiction"] = "BC"
    situation["work"]["wages_owed_since"] = "2026-06-01"  # six months: 2026-12-01
    alerts = make_plan(situation, fixture_kb)["alerts"]
    assert [a["kind"] for a in alerts] == [
        "immediate_danger",
        "removal_scheduled",
        "minor",
        "deadline_soon",
    ]
    assert alerts[1]["harm"] == "removal" and "11 day(s)" in alerts[1]["message"]
    assert alerts[3]["remedy"] == "employment_standards_claim"


def test_no_alert_when_nothing_is_urgent(fixture_kb, situation):
    assert make_plan(situation, fixture_kb)["alerts"] == []


def test_one_strong_indicator_alone_does_not_make_a_dimension(fixture_kb, situation):
    situation["exploitation"]["indicators"] = ["cd.documents_confiscated"]
    dimension = make_plan(situation, fixture_kb)["assessment"]["dimensions"][
        "coercion_at_destination"
    ]
    assert dimension["present"] is False
    assert "1 strong" in dimension["reasons"][0]


def test_dimensions_are_unknown_when_no_indicators_are_recorded(fixture_kb, situation):
    del situation["exploitation"]["indicators"]
    assessment = make_plan(situation, fixture_kb)["assessment"]
    assert {d["present"] for d in assessment["dimensions"].values()} == {None}
    assert assessment["ilo_ec_conclusion"]["result"] == "unknown"


def test_a_minor_gets_the_child_rule_and_the_plan_says_so(fixture_kb, situation):
    situation["person"] = {"age": 15}
    situation["exploitation"]["indicators"] = ["ex.excessive_days_hours", "ex.low_or_no_pay"]
    conclusion = make_plan(situation, fixture_kb)["assessment"]["ilo_ec_conclusion"]
    assert conclusion["rule"] == "indicators.conclusion.child"
    assert conclusion["result"] == "met"
    assert any("minor" in note for note in conclusion["notes"])


def test_legal_test_elements_are_judged_with_missing_facts(fixture_kb, situation):
    del situation["exploitation"]["exploiter_relation"]
    test = make_plan(situation, fixture_kb)["assessment"]["legal_tests"]
    cc = next(t for t in test if t["test"] == "cc_279_01")
    assert cc["result"] == "unknown"
    assert cc["missing"] == ["exploitation.exploiter_relation"]


def test_the_plan_is_in_french_when_asked(fixture_kb, situation):
    plan = make_plan(situation, fixture_kb, lang="fr")
    owp = option(plan, "owp_v")
    assert owp["label"] == "Permis de travail ouvert pour travailleurs vulnérables"
    assert "Détient un permis lié à un employeur." in [r["text"] for r in owp["reasons"]]


def test_the_plan_is_deterministic_and_leaves_the_input_alone(fixture_kb, situation):
    before = copy.deepcopy(situation)
    first = json.dumps(make_plan(situation, fixture_kb))
    second = json.dumps(make_plan(copy.deepcopy(situation), fixture_kb))
    assert first == second
    assert situation == before


def test_as_of_replaces_the_situation_date(fixture_kb, situation):
    plan = make_plan(parse_situation(situation), fixture_kb, as_of="2026-12-31")
    assert plan["as_of"] == "2026-12-31"


def test_sources_list_every_cited_source_with_its_check_date(fixture_kb, situation):
    plan = make_plan(situation, fixture_kb)
    assert [s["id"] for s in plan["sources"]] == ["src-guide", "src-statute"]
    assert plan["sources"][0]["checked_on"] == "2026-10-01"
    assert plan["knowledge_version"] == "test.1"


def test_an_unsupported_language_is_refused(fixture_kb, situation):
    with pytest.raises(ValueError, match="lang"):
        make_plan(situation, fixture_kb, lang="de")


def test_status_unknown_plans_exactly_as_a_status_left_out(situation):
    from recours.engine import load_knowledge

    kb = load_knowledge()
    unknown = copy.deepcopy(situation)
    unknown["immigration"]["status"] = "unknown"
    left_out = copy.deepcopy(situation)
    del left_out["immigration"]["status"]
    plan = make_plan(unknown, kb)
    assert json.dumps(plan) == json.dumps(make_plan(left_out, kb))
    assert "immigration.status" in {item["fact"] for item in plan["missing"]}
    assert "secure_status" in {step["step"] for step in plan["sequence_steps"]}


def _reason(plan, remedy_id, rule_id):
    return next(r["text"] for r in option(plan, remedy_id)["reasons"] if r["rule"] == rule_id)


@pytest.mark.parametrize(
    "remedy_id",
    [
        "employment_standards_claim",
        "human_rights_complaint",
        "occupational_health_safety_complaint",
    ],
)
def test_a_provincial_job_in_bc_is_never_called_federally_regulated(situation, remedy_id):
    from recours.engine import load_knowledge

    kb = load_knowledge()
    rule_id = f"{remedy_id}.not_federal"
    situation["jurisdiction"] = "BC"
    situation["work"]["federally_regulated"] = False
    text = _reason(make_plan(situation, kb), remedy_id, rule_id)
    assert "provincially regulated" in text and "federally regulated" not in text
    situation["work"]["federally_regulated"] = True
    plan = make_plan(situation, kb)
    assert "federally regulated" in _reason(plan, remedy_id, rule_id)
    assert option(plan, remedy_id)["eligibility"] == "not_eligible"


def test_a_serious_record_is_what_the_manitoba_victim_program_excludes(situation):
    from recours.engine import load_knowledge

    kb = load_knowledge()
    rule = "victim_financial_assistance.mb.serious_criminal_record"
    situation["jurisdiction"] = "MB"
    situation["criminal"] = {"convictions": "serious"}
    closed = make_plan(situation, kb)
    assert "excludes victims with a serious criminal record" in _reason(
        closed, "victim_financial_assistance", rule
    )
    situation["criminal"] = {"convictions": "none"}
    open_ = make_plan(situation, kb)
    assert "does not apply" in _reason(open_, "victim_financial_assistance", rule)


@pytest.mark.parametrize(
    ("code", "protected"), [("ON", "EPFNA protects"), ("QC", "Quebec fee ban")]
)
def test_a_foreign_worker_is_told_the_fee_law_protects_them(situation, code, protected):
    from recours.engine import load_knowledge

    situation["jurisdiction"] = code
    situation["immigration"]["status"] = "work_permit"
    rule = {"ON": "recruitment_fee_recovery.on.foreign_national",
            "QC": "recruitment_fee_recovery.qc.temporary_foreign_worker"}[code]  # fmt: skip
    text = _reason(make_plan(situation, load_knowledge()), "recruitment_fee_recovery", rule)
    assert protected in text and "should" not in text
