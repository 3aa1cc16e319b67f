import copy
import os
import tempfile
from pathlib import Path

import pytest

from recours.engine import load_knowledge

# Parsed-YAML caches written by tests go to a folder of their own.
os.environ.setdefault("RECOURS_CACHE_DIR", tempfile.mkdtemp(prefix="recours-cache-"))

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"

BASE_SITUATION = {
    "schema": "recours.situation/1",
    "as_of": "2026-11-20",
    "jurisdiction": "ON",
    "person": {"age": 34},
    "immigration": {"status": "work_permit", "work_permit_type": "employer_specific"},
    "exploitation": {
        "types": ["labour"],
        "exploiter_relation": ["employer"],
        "indicators": ["cd.documents_confiscated", "cd.threat_denounce_authorities"],
    },
    "work": {
        "still_working_there": True,
        "employer_provided_housing": False,
        "wages_owed_cad": 500,
        "wages_owed_since": "2026-05-01",
        "sex_related_business": False,
    },
    "goals": ["stay_in_canada", "recover_wages"],
    "limits": [],
}


@pytest.fixture
def fixture_kb():
    return load_knowledge(FIXTURE_KB)


@pytest.fixture
def situation():
    """A fresh, valid situation to change in a test."""
    return copy.deepcopy(BASE_SITUATION)


def with_changes(base, **sections):
    """A copy of ``base`` with some sections' keys replaced (``None`` removes a section)."""
    changed = copy.deepcopy(base)
    for section, values in sections.items():
        if isinstance(values, dict) and isinstance(changed.get(section), dict):
            changed[section].update(values)
        else:
            changed[section] = values
    return changed


@pytest.fixture
def changed():
    return with_changes
