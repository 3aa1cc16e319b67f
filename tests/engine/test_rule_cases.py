"""Runs every rule test case written as data in the knowledge base's cases/*.yaml."""

import pytest
import yaml

from recours.engine.cases import run_case
from recours.engine.kb_schema import Case
from recours.engine.knowledge import DEFAULT_PATH, load_knowledge

from .conftest import FIXTURE_KB


def cases_in(root):
    """(id, file, index) for every case, read without loading the rules, so that each case is
    its own test and a knowledge-base error fails them rather than hiding them."""
    found = []
    for file in sorted((root / "cases").glob("*.yaml")):
        items = yaml.load(file.read_text("utf-8"), Loader=yaml.CSafeLoader) or []
        for index, item in enumerate(items):
            name = item.get("name", "") if isinstance(item, dict) else ""
            found.append(pytest.param(root, file.name, index, id=f"{file.stem}[{index}] {name}"))
    return found


@pytest.mark.parametrize(("root", "file", "index"), cases_in(DEFAULT_PATH) + cases_in(FIXTURE_KB))
def test_rule_case(root, file, index):
    kb = load_knowledge(root)
    matching = [case for name, case in kb.cases if name == f"cases/{file}"]
    case = matching[index]
    assert isinstance(case, Case)
    outcome = run_case(kb, case)
    assert not outcome.failures, "\n".join(outcome.failures)
    assert outcome.trace, "a passing case must exercise at least one rule"
