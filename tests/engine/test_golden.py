"""Golden plans: the engine's JSON output, byte for byte, for the spec examples, every scenario
situation and a seeded sample of the benchmark's generated situations, in both languages.

The files in ``golden/`` were written by the engine before it was optimised; an optimisation must
leave every byte alone. A deliberate change of output (new rule, corrected text) regenerates them:
``.venv/bin/python -m tests.engine.test_golden`` and the commit says why the output changed.
"""

import difflib
import functools
import gzip
import hashlib
import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest
import yaml

from recours.engine import load_knowledge, make_plan
from recours.engine import plan as plan_module

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SCENARIOS = HERE / "scenarios"
EXAMPLES = HERE.parent / "spec_examples"
BENCH = HERE.parents[1] / "bench" / "engine.py"
LANGS = ("en", "fr")
GENERATED_COUNT = 300
GENERATED_SEED = 4242
GENERATED_DIGESTS = GOLDEN / "generated.sha256.json"


@functools.cache
def _situations():
    """(name, situation) for every stored case: spec examples and scenario situations."""
    cases = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        cases.append((f"example-{path.stem}", _read(path)))
    for path in sorted(SCENARIOS.glob("*.yaml")):
        cases.append((f"scenario-{path.stem}", _read(path)["situation"]))
    return tuple(cases)


def _read(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _generated():
    """Situations drawn by the benchmark's own generator (varied, 20% unknown facts)."""
    spec = importlib.util.spec_from_file_location("recours_bench_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = random.Random(GENERATED_SEED)  # noqa: S311 (test data, not secrets)
    return [module.situation(rng) for _ in range(GENERATED_COUNT)]


def rendered(situation, kb, lang):
    """The plan exactly as ``recours plan --format json`` prints it."""
    return json.dumps(make_plan(situation, kb, lang=lang), ensure_ascii=False, indent=2) + "\n"


def _golden_path(name, lang):
    return GOLDEN / f"{name}.{lang}.json.gz"


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


CASES = [(name, lang) for name, _ in _situations() for lang in LANGS]


def test_the_spec_examples_are_among_the_golden_cases():
    assert sum(name.startswith("example-") for name, _ in CASES) == 3 * len(LANGS)


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}.{lang}" for n, lang in CASES])
def test_the_plan_is_byte_for_byte_the_golden_one(name, lang, kb):
    situation = dict(_situations())[name]
    expected = gzip.decompress(_golden_path(name, lang).read_bytes()).decode("utf-8")
    got = rendered(situation, kb, lang)
    if got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), got.splitlines(), "golden", "engine", lineterm="", n=2
        )
        pytest.fail(f"{name} ({lang}) differs from its golden plan:\n" + "\n".join(list(diff)[:60]))


def test_generated_situations_give_the_golden_plans(kb):
    expected = json.loads(GENERATED_DIGESTS.read_text(encoding="utf-8"))
    differing = [
        index
        for index, situation in enumerate(_generated())
        if _digest(rendered(situation, kb, LANGS[index % 2])) != expected[index]
    ]
    assert differing == [], f"{len(differing)} generated plans changed, first: {differing[:10]}"


def test_caches_bounded_to_a_few_entries_give_the_same_plans(kb, monkeypatch):
    """The shared tables forget entries past their bound; forgetting must never change a plan."""
    monkeypatch.setattr(plan_module, "OPTION_CACHE_SIZE", 3)
    monkeypatch.setattr(kb, "tables", {})  # fresh tables, built with the small bound
    expected = json.loads(GENERATED_DIGESTS.read_text(encoding="utf-8"))[:60]
    situations = _generated()[:60]
    got = [_digest(rendered(s, kb, LANGS[i % 2])) for i, s in enumerate(situations)]
    assert got == expected
    tables = plan_module.tables_for(kb, "en")
    assert len(tables.source_ids) <= 3 and tables.core_count <= 3


def regenerate():
    """Write every golden file from the engine as it is now (only for a deliberate change)."""
    kb = load_knowledge()
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.json.gz"):
        old.unlink()
    for name, situation in _situations():
        for lang in LANGS:
            data = rendered(situation, kb, lang).encode("utf-8")
            _golden_path(name, lang).write_bytes(gzip.compress(data, mtime=0))
    digests = [
        _digest(rendered(situation, kb, LANGS[index % 2]))
        for index, situation in enumerate(_generated())
    ]
    GENERATED_DIGESTS.write_text(json.dumps(digests, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} golden plans, {len(digests)} digests", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
