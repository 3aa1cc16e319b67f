"""Fixtures for the document tests (helpers live in support.py)."""

import pytest

from documents.support import (
    ARTIFACTS,
    FIXTURE_PLANS,
    load_example_situation,
    load_fixture_plan,
)


@pytest.fixture(params=FIXTURE_PLANS)
def case(request):
    """(plan, situation) for each fixture plan."""
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
