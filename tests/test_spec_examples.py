"""The suite tests against copies of the data standard's worked examples, so that it runs from a
clone alone; where the standard sits beside the repository, the copies must match it."""

from pathlib import Path

import pytest

COPIES = Path(__file__).resolve().parent / "spec_examples"
STANDARD = Path(__file__).resolve().parents[1].parent / "shared" / "spec" / "examples"


def test_the_three_worked_examples_are_copied():
    assert sorted(p.name for p in COPIES.glob("*.yaml")) == [
        "massage-worker-bc.yaml",
        "refugee-claimant-quebec.yaml",
        "sawp-worker-ontario.yaml",
    ]


@pytest.mark.skipif(not STANDARD.is_dir(), reason="the data standard is not beside this clone")
@pytest.mark.parametrize("name", sorted(p.name for p in COPIES.glob("*.yaml")))
def test_each_copy_matches_the_standard(name):
    assert (COPIES / name).read_bytes() == (STANDARD / name).read_bytes()
