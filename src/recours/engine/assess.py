"""The assessment: ILO-EC indicators -> dimensions -> conclusion, legal tests, vulnerabilities.

Each legal test is judged on its own (never one "victim" label); the ILO-EC lists are a research
instrument and the plan says so.
"""

from recours.engine import helpers
from recours.engine.text import say
from recours.engine.vocabulary import DIMENSION_PREFIX, DIMENSIONS, LEGAL_TESTS

STRENGTHS = ("strong", "medium", "weak")
# Shared legal-test entries kept per language; cleared when past this many.
SHARED_ENTRIES = 20_000


def _trace(rule_id, sources):
    return {"rule": rule_id, "sources": list(sources)}


def choose_lists(kb, ctx):
    """The indicator lists for this person and the age rule ('adult' or 'child'), with notes.

    A list's ``applies`` says which kinds of exploitation it covers; the engine picks child lists
    for a minor when a sourced one applies, else the adult lists with the child rule.
    """
    minor, _ = helpers.is_minor(ctx)
    notes = []
    age_rule = "child" if minor else "adult"
    if minor:
        notes.append("child_rule")
    elif minor is None:
        notes.append("age_unknown")

    def applying(lists):
        verdicts = [(lst, kb.condition(lst.id, "applies")(ctx)[0]) for lst in lists]
        chosen = [lst for lst, value in verdicts if value is True]
        return chosen or [lst for lst, value in verdicts if value is None]

    adult = [lst for lst in kb.indicator_lists.values() if not lst.child]
    chosen = []
    if minor:
        chosen = applying([lst for lst in kb.indicator_lists.values() if lst.child])
        if not chosen:
            notes.append("child_rule_adult_lists")
    return (chosen or applying(adult)), age_rule, notes


def dimension_met(rule, counts):
    return any(
        counts["strong"] >= combo.strong
        and counts["medium"] >= combo.medium
        and counts["weak"] >= combo.weak
        for combo in rule.present_when_any
    )


def assess_indicators(kb, ctx, lang):
    """Dimensions (one entry each) and the ILO-EC conclusion; sets ``ctx.dimensions``."""
    observed = ctx.facts.get("exploitation.indicators")
    lists, age_rule, notes = choose_lists(kb, ctx)
    rules = kb.indicator_rules
    dimension_rule = rules.dimension_rule if rules else None
    dimensions = {}
    for dimension in DIMENSIONS:
        dimensions[dimension] = {"present": None, "indicators": [], "reasons": [], "trace": []}
    if observed is not None and dimension_rule is not None:
        by_dimension = {}
        for indicator in observed:
            by_dimension.setdefault(DIMENSION_PREFIX[indicator.split(".", 1)[0]], []).append(
                indicator
            )
        for dimension in DIMENSIONS:
            entry = dimensions[dimension]
            found = by_dimension.get(dimension, [])
            entry["indicators"] = sorted(found)
            present = False
            for indicator_list in lists:
                counts = dict.fromkeys(STRENGTHS, 0)
                for indicator in found:
                    row = indicator_list.indicators.get(indicator)
                    if row is not None:
                        counts[row.strength] += 1
                met = dimension_met(dimension_rule, counts)
                present = present or met
                if found:
                    entry["reasons"].append(
                        say(
                            "dimension_observed",
                            lang,
                            list=kb.label("indicator_lists", indicator_list.id, lang),
                            count=sum(counts.values()),
                            verdict=say("dimension_met" if met else "dimension_not_met", lang),
                            **counts,
                        )
                    )
                entry["trace"].append(_trace(indicator_list.id, indicator_list.sources))
            entry["present"] = present if lists else None
            entry["trace"].append(_trace(dimension_rule.id, dimension_rule.sources))
    else:
        for entry in dimensions.values():
            entry["reasons"].append(say("dimension_none_known", lang))
    ctx.dimensions = {key: value["present"] for key, value in dimensions.items()}
    if not lists:
        notes.append("no_list")

    conclusion = conclude(kb, ctx, lang, notes)
    return [lst.id for lst in lists], dimensions, conclusion


def conclude(kb, ctx, lang, notes):
    """The ILO-EC conclusion from the rule whose ``applies`` fits the person (adult or child)."""
    conclusion = {"rule": None, "result": "unknown", "missing": [], "reasons": [], "trace": [],
                  "verification": None}  # fmt: skip
    rules = kb.indicator_rules.conclusion_rules if kb.indicator_rules else []
    verdicts = [(rule, kb.condition(rule.id, "applies")(ctx)[0]) for rule in rules]
    chosen = next((rule for rule, value in verdicts if value is True), None)
    if chosen is None:
        chosen = next((rule for rule, value in verdicts if value is None), None)
    if chosen is not None and _in_force(chosen, ctx.as_of):
        value, missing = kb.condition(chosen.id)(ctx)
        result, text = {True: ("met", chosen.yes), False: ("not_met", chosen.no)}.get(
            value, ("unknown", chosen.ask)
        )
        conclusion.update(
            rule=chosen.id,
            result=result,
            missing=list(missing),
            reasons=[getattr(text, lang)],
            trace=[_trace(chosen.id, chosen.sources)],
            verification=chosen.verification,
        )
    conclusion["notes"] = [say(note, lang) for note in notes]
    return conclusion


def _in_force(item, on):
    return item.in_force is None or item.in_force.applies(on)


class LegalTests:
    """Evaluates legal tests on demand (a condition may ask for one), each once per plan."""

    def __init__(self, kb, ctx, lang):
        self.kb, self.ctx, self.lang = kb, ctx, lang
        self.results = {}
        self.shared = kb.tables.setdefault(("legal_tests", lang), {})

    def __call__(self, test_id):
        result = self.results.get(test_id)
        if result is None:
            result = self.results[test_id] = self._evaluate(test_id)
        value = {"met": True, "not_met": False}.get(result["result"])
        return value, tuple(result["missing"]) if value is None else ()

    def _evaluate(self, test_id):
        kb, ctx, lang = self.kb, self.ctx, self.lang
        test = kb.legal_tests.get(test_id)
        if test is None:
            return {
                "test": test_id,
                "label": kb.label("legal_tests", test_id, lang),
                "result": "unknown",
                "missing": [],
                "reasons": [say("test_not_described", lang)],
                "elements": [],
                "sources": [],
                "verification": "unverified",
                "trace": [],
            }
        if not _in_force(test, ctx.as_of):
            return {
                "test": test_id,
                "label": getattr(test.label, lang),
                "result": "not_met",
                "missing": [],
                "reasons": [say("test_not_in_force", lang, as_of=ctx.as_of)],
                "elements": [],
                "sources": list(test.sources),
                "verification": test.verification,
                "trace": [_trace(test.id, test.sources)],
            }
        # What each element came to decides the whole entry, so plans whose elements come out
        # the same share one entry (read-only, like every shared fragment of a plan).
        signature = []
        for element in test.elements:
            if not _in_force(element, ctx.as_of):
                signature.append(None)
            elif (
                element.applies is not None and kb.condition(element.id, "applies")(ctx)[0] is False
            ):
                signature.append(False)
            else:
                signature.append(kb.condition(element.id)(ctx))
        key = (test_id, tuple(signature))
        entry = self.shared.get(key)
        if entry is None:
            if len(self.shared) > SHARED_ENTRIES:
                self.shared.clear()
            entry = self.shared[key] = self._entry(test, signature)
        return entry

    def _entry(self, test, signature):
        lang = self.lang
        any_false, missing, reasons, elements, trace = False, [], [], [], []
        unknown = False
        for element, outcome in zip(test.elements, signature, strict=True):
            if outcome is None:  # not in force on as_of
                continue
            trace.append(_trace(element.id, element.sources))
            label = getattr(element.label, lang)
            if outcome is False:
                elements.append({"id": element.id, "label": label, "result": "not_applicable"})
                reasons.append(say("element_skipped", lang, label=label))
                continue
            value, element_missing = outcome
            if value is True:
                result, text = "met", element.yes
            elif value is False:
                result, text = "not_met", element.no
                any_false = True
            else:
                result, text = "unknown", element.ask
                unknown = True
                missing.extend(element_missing)
            elements.append(
                {
                    "id": element.id,
                    "label": label,
                    "result": result,
                    "missing": list(element_missing) if value is None else [],
                }
            )
            reasons.append(f"{label}: {getattr(text, lang)}")
        result = "not_met" if any_false else ("unknown" if unknown else "met")
        return {
            "test": test.id,
            "label": getattr(test.label, lang),
            "result": result,
            "missing": list(dict.fromkeys(missing)) if result == "unknown" else [],
            "reasons": reasons,
            "elements": elements,
            "sources": list(test.sources),
            "verification": test.verification,
            "trace": [_trace(test.id, test.sources), *trace],
        }

    def all(self):
        for test_id in LEGAL_TESTS:
            self(test_id)
        return [self.results[test_id] for test_id in LEGAL_TESTS]


def vulnerabilities(kb, ctx, lang):
    found = []
    for item in kb.vulnerabilities:
        if not _in_force(item, ctx.as_of):
            continue
        if kb.condition(item.id)(ctx)[0] is True:
            found.append(
                {
                    "id": item.id,
                    "label": getattr(item.label, lang),
                    "verification": item.verification,
                    "trace": [_trace(item.id, item.sources)],
                }
            )
    return found
