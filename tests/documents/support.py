"""Helpers for the document tests: fixture plans, example situations, and the check of a
handout against the plan it was made from.

Until the engine was merged, plans were hand-written fixtures in the recours.plan/1 shape
(``plans/``), completed here so that every remedy of the vocabulary appears once, as the
standard requires. They stay, because they hold harms the knowledge base may not fire yet.
"""

import html
import importlib.util
import re
from pathlib import Path

import yaml

from recours.documents import plain
from recours.documents.handout import LIBERTY_OR_STATUS_HARMS

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "spec_examples"  # copies of the data standard's examples
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "documents"
FIXTURE_PLANS = ["sawp-worker-ontario", "massage-worker-bc"]
EXAMPLE_NAMES = ["massage-worker-bc", "refugee-claimant-quebec", "sawp-worker-ontario"]


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


def visible_text(markup):
    """The text a reader sees in an HTML page (tags dropped, entities decoded, spaces folded)."""
    markup = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<form.*?</form>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def folded(text):
    """Whitespace and hyphenation folded, for comparing with text extracted from a PDF."""
    text = text.replace("\u00ad", "").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def problems_against_plan(text, plan, selected, lang, variant="standard"):
    """What the handout text lacks: a selected option's title (the neutral one on the safe
    variant), or the plain name and explanation of one of its harms that threaten liberty or
    status."""
    text = folded(text)
    by_remedy = {option["remedy"]: option for option in plan["options"]}
    missing = []
    for remedy in selected:
        title = plain.remedy_title(remedy, lang, safe=variant == "safe")
        if folded(title) not in text:
            missing.append(f"option {remedy}: title {title!r}")
        for harm in by_remedy[remedy].get("harms") or []:
            if harm["harm"] not in LIBERTY_OR_STATUS_HARMS:
                continue
            words = plain.harm_text(harm["harm"], lang)
            for part in ("name", "plain"):
                if folded(words[part]) not in text:
                    missing.append(f"option {remedy}: harm {harm['harm']} {part}")
    return missing


def engine_available():
    return importlib.util.find_spec("recours.engine") is not None


def example_plan(name, lang="en"):
    """(plan, situation, kb) for a spec example, planned by the engine."""
    from recours.engine import load_knowledge, make_plan, parse_situation

    situation = load_example_situation(name)
    kb = load_knowledge()
    return (
        make_plan(parse_situation(situation), kb, lang=lang if lang != "es" else "en"),
        situation,
        kb,
    )
