"""Plans and situations for the document tests.

Until the engine is merged, plans are hand-written fixtures in the recours.plan/1 shape
(``plans/``), completed here so that every remedy of the vocabulary appears once, as the
standard requires. Once ``recours.engine`` exists, the spec's example situations are planned by it.
"""

import importlib.util
from pathlib import Path

import pytest
import yaml

from recours.documents import plain

HERE = Path(__file__).resolve().parent
EXAMPLES = Path("/work/shared/spec/examples")
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "documents"


def _complete(plan):
    present = {option["remedy"] for option in plan["options"]}
    for remedy in plain.plain_texts("en")["remedies"]:
        if remedy not in present:
            plan["options"].append(
                {
                    "remedy": remedy,
                    "venue": "other",
                    "eligibility": "not_eligible",
                    "reasons": ["Not considered in this fixture (source fixture-not-considered)"],
                    "missing": [],
                    "benefits": [],
                    "deadline": None,
                    "deadline_reason": None,
                    "harms": [],
                    "goals_served": [],
                    "conflicts_with_limits": [],
                    "sources": ["fixture-not-considered"],
                }
            )
    return plan


def load_fixture_plan(name):
    with (HERE / "plans" / f"{name}.plan.yaml").open(encoding="utf-8") as handle:
        return _complete(yaml.safe_load(handle))


def load_example_situation(name):
    with (EXAMPLES / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


FIXTURE_PLANS = ["sawp-worker-ontario", "massage-worker-bc"]


@pytest.fixture(params=FIXTURE_PLANS)
def case(request):
    """(plan, situation) for each fixture."""
    return load_fixture_plan(request.param), load_example_situation(request.param)


@pytest.fixture
def sawp():
    return load_fixture_plan("sawp-worker-ontario"), load_example_situation("sawp-worker-ontario")


@pytest.fixture
def massage():
    return load_fixture_plan("massage-worker-bc"), load_example_situation("massage-worker-bc")


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def engine_available():
    return importlib.util.find_spec("recours.engine") is not None
