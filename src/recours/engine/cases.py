"""Rule test cases as data (cases/*.yaml): run one case, compare the plan with its expectations."""

from dataclasses import dataclass, field

from recours.engine.plan import make_plan
from recours.engine.situation import SituationError, parse_situation


@dataclass
class CaseOutcome:
    failures: list = field(default_factory=list)
    trace: set = field(default_factory=set)


def plan_trace(node, found=None):
    """Every rule id cited anywhere in a plan's ``trace`` entries."""
    found = set() if found is None else found
    if isinstance(node, dict):
        for entry in node.get("trace", ()):
            found.add(entry["rule"])
        for value in node.values():
            if isinstance(value, dict | list | tuple):
                plan_trace(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            plan_trace(value, found)
    return found


def run_case(kb, case):
    outcome = CaseOutcome()
    fail = outcome.failures.append
    try:
        situation = parse_situation(case.situation)
    except SituationError as error:
        fail(f"the situation is invalid: {error}")
        return outcome
    plan = make_plan(situation, kb, lang=case.lang)
    expect = case.expect
    options = {option["remedy"]: option for option in plan["options"]}
    for remedy_id, wanted in expect.options.items():
        option = options.get(remedy_id)
        if option is None:
            fail(f"{remedy_id}: not in the plan")
            continue
        if wanted.eligibility and option["eligibility"] != wanted.eligibility:
            fail(
                f"{remedy_id}: eligibility is {option['eligibility']}, "
                f"expected {wanted.eligibility}"
            )
        harms = {harm["harm"] for harm in option["harms"]}
        for harm in wanted.harms or ():
            if harm not in harms:
                fail(f"{remedy_id}: harm {harm} expected, got {sorted(harms)}")
        for harm in wanted.harms_exclude or ():
            if harm in harms:
                fail(f"{remedy_id}: harm {harm} should not be listed")
        if wanted.deadline != "any":
            got = option["deadline"]
            expected = wanted.deadline.isoformat() if wanted.deadline else None
            if got != expected:
                fail(f"{remedy_id}: deadline is {got}, expected {expected}")
        for limit in wanted.conflicts_with_limits or ():
            if limit not in option["conflicts_with_limits"]:
                fail(f"{remedy_id}: conflict with {limit} expected")
    tests = {test["test"]: test["result"] for test in plan["assessment"]["legal_tests"]}
    for test_id, result in expect.legal_tests.items():
        if tests.get(test_id) != result:
            fail(f"legal test {test_id} is {tests.get(test_id)}, expected {result}")
    dimensions = plan["assessment"]["dimensions"]
    for dimension, present in expect.dimensions.items():
        got = dimensions.get(dimension, {}).get("present")
        if got is not present:
            fail(f"dimension {dimension} is {got}, expected {present}")
    if expect.sequence_starts_with is not None:
        start = plan["sequence"][: len(expect.sequence_starts_with)]
        if start != expect.sequence_starts_with:
            fail(f"sequence starts with {start}, expected {expect.sequence_starts_with}")
    for remedy_id in expect.sequence_excludes or ():
        if remedy_id in plan["sequence"]:
            fail(f"{remedy_id} should not be in the sequence")
    alerts = [alert["kind"] for alert in plan["alerts"]]
    for kind in expect.alerts or ():
        if kind not in alerts:
            fail(f"alert {kind} expected, got {alerts}")
    for remedy_id, paths in expect.missing_includes.items():
        got = options.get(remedy_id, {}).get("missing", [])
        for path in paths:
            if path not in got:
                fail(f"{remedy_id}: missing should include {path}, got {got}")
    found = {item["id"] for item in plan["assessment"]["vulnerabilities"]}
    for vulnerability in expect.vulnerabilities or ():
        if vulnerability not in found:
            fail(f"vulnerability {vulnerability} expected, got {sorted(found)}")
    outcome.trace = plan_trace(plan)
    return outcome
