"""Properties every plan must have, on generated situations, with the fixture and the real
knowledge base."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recours.engine import SituationError, load_knowledge, make_plan, parse_situation
from recours.engine.plan_schema import Plan
from recours.engine.vocabulary import INDICATORS, REMEDIES

from .conftest import FIXTURE_KB
from .situations import situations

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
RISK_FACTS = (
    ("exploitation", "immediate_danger"),
    ("exploitation", "still_in_contact_with_exploiter"),
    ("criminal", "pending_charges"),
    ("criminal", "forced_to_commit_offences"),
    ("immigration", "false_documents_or_statements"),
    ("immigration", "claim_in_other_country"),
    ("immigration", "status_depends_on_partner"),
    ("work", "sex_related_business"),
    ("work", "still_working_there"),
    ("work", "employer_provided_housing"),
)


@pytest.fixture(params=["fixture", "real"])
def kb_path(request):
    """Where the knowledge base is (a path, so that a failing example prints briefly); the
    engine's cache loads each once."""
    return str(FIXTURE_KB) if request.param == "fixture" else None


def harms_by_option(plan):
    return {o["remedy"]: {h["harm"] for h in o["harms"]} for o in plan["options"]}


@SETTINGS
@given(situations())
def test_every_valid_situation_gives_a_valid_plan(kb_path, data):
    kb = load_knowledge(kb_path)
    plan = make_plan(data, kb)
    Plan.model_validate(plan)
    assert [o["remedy"] for o in plan["options"]].count("owp_v") == 1
    assert sorted(o["remedy"] for o in plan["options"]) == sorted(REMEDIES)
    cited = {source["id"] for source in plan["sources"]}
    for option in plan["options"]:
        for reason in option["reasons"]:
            assert set(reason["sources"]) <= cited
        if option["eligibility"] != "not_eligible":
            assert option["remedy"] in plan["sequence"]
        for harm in option["harms"]:
            assert harm["trace"][0]["rule"] == harm["harm"]


@SETTINGS
@given(situations(), st.sampled_from(["en", "fr"]))
def test_the_plan_is_deterministic_and_the_input_untouched(kb_path, data, lang):
    kb = load_knowledge(kb_path)
    before = copy.deepcopy(data)
    first = json.dumps(make_plan(data, kb, lang=lang), ensure_ascii=False)
    assert data == before
    assert json.dumps(make_plan(copy.deepcopy(data), kb, lang=lang), ensure_ascii=False) == first


@SETTINGS
@given(situations(), st.sampled_from(RISK_FACTS), st.sampled_from(INDICATORS))
def test_adding_a_risk_raising_fact_never_removes_a_harm(kb_path, data, fact, indicator):
    kb = load_knowledge(kb_path)
    section, key = fact
    before = harms_by_option(make_plan(data, kb))
    riskier = copy.deepcopy(data)
    riskier[section] = dict(riskier.get(section) or {})
    riskier[section][key] = True
    recorded = (riskier.get("exploitation") or {}).get("indicators")
    if recorded is not None:
        # One more indicator observed. (Recording a first list is not "adding" a fact: it also
        # says which indicators were not observed, so it may settle possible harms as absent.)
        riskier["exploitation"] = {
            **riskier["exploitation"],
            "indicators": sorted({*recorded, indicator}),
        }
    after = harms_by_option(make_plan(riskier, kb))
    for remedy_id, harms in before.items():
        assert harms <= after[remedy_id], (remedy_id, fact, harms - after[remedy_id])


BAD_VALUES = [
    (("jurisdiction",), True),
    (("jurisdiction",), "QB"),
    (("immigration", "status"), "tourist"),
    (("immigration", "status"), 3),
    (("person", "age"), "old"),
    (("person", "age"), -1),
    (("work", "wages_owed_cad"), "lots"),
    (("exploitation", "types"), ["slavery"]),
    (("exploitation", "started_on"), "yesterday"),
    (("limits",), "no_police"),
    (("goals",), ["world_peace"]),
    (("work", "sector"), False),
]


@settings(max_examples=80, deadline=None)
@given(situations(), st.sampled_from(BAD_VALUES))
def test_bad_input_is_refused_naming_the_field(data, bad):
    path, value = bad
    data = copy.deepcopy(data)
    if len(path) == 2:
        data[path[0]] = dict(data.get(path[0]) or {})
        data[path[0]][path[1]] = value
    else:
        data[path[0]] = value
    with pytest.raises(SituationError) as error:
        parse_situation(data)
    dotted = ".".join(path)
    assert any(field.startswith(dotted) for field, _ in error.value.problems), error.value
