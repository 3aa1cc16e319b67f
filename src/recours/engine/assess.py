"""The assessment: ILO-EC indicators -> dimensions -> conclusion, legal tests, vulnerabilities.

Each legal test is judged on its own (never one "victim" label); the ILO-EC lists are a research
instrument and the plan says so.
"""

from itertools import groupby

from recours.engine import helpers
from recours.engine.dates import in_force_on
from recours.engine.text import say
from recours.engine.vocabulary import DIMENSION_PREFIX, DIMENSIONS, INDICATORS, LEGAL_TESTS

STRENGTHS = ("strong", "medium", "weak")
# Shared dimension, conclusion and legal-test entries kept per language; cleared when past this
# many.
SHARED_ENTRIES = 20_000
# The situation checks every indicator against the vocabulary, so each has a known dimension.
DIMENSION_OF = {indicator: DIMENSION_PREFIX[indicator.split(".", 1)[0]] for indicator in INDICATORS}
TEST_VALUES = {"met": True, "not_met": False}


def _trace(rule_id, sources):
    return {"rule": rule_id, "sources": list(sources)}


def _keep(cache, key, entry):
    """Store a shared entry, starting over when the cache is full (rare situations pile up)."""
    if len(cache) > SHARED_ENTRIES:
        cache.clear()
    cache[key] = entry
    return entry


class AssessmentTables:
    """Everything the assessment needs that does not depend on the situation, in one language.

    Built once per knowledge base and language. Plans whose indicators, conclusion or legal-test
    elements come out the same share one entry, so these entries are read-only like every shared
    fragment of a plan (see ``plan.LangTables``).
    """

    def __init__(self, kb, lang):
        self.kb, self.lang = kb, lang
        # (list, its ``applies`` condition), child lists and adult lists apart
        self.child_lists = [
            (lst, kb.condition(lst.id, "applies"))
            for lst in kb.indicator_lists.values()
            if lst.child
        ]
        self.adult_lists = [
            (lst, kb.condition(lst.id, "applies"))
            for lst in kb.indicator_lists.values()
            if not lst.child
        ]
        rules = kb.indicator_rules
        self.dimension_rule = rules.dimension_rule if rules else None
        self.conclusion_rules = [
            (rule, kb.condition(rule.id, "applies"), kb.condition(rule.id))
            for rule in (rules.conclusion_rules if rules else ())
        ]
        # Indicators not recorded: every dimension reads the same, one entry for all six.
        unknown = {
            "present": None,
            "indicators": [],
            "reasons": [say("dimension_none_known", lang)],
            "trace": [],
        }
        self.unknown_dimensions = dict.fromkeys(DIMENSIONS, unknown)
        self.unknown_presence = dict.fromkeys(DIMENSIONS)
        self.choices = {}  # (minor, child lists' verdicts, adult lists' verdicts) -> choice
        self.chosen_lists = {}  # list ids -> ChosenLists
        self.conclusions = {}
        self.tests = {test_id: DescribedTest(kb, test) for test_id, test in kb.legal_tests.items()}
        self.vulnerabilities = [
            (
                item.in_force,
                kb.condition(item.id),
                {
                    "id": item.id,
                    "label": getattr(item.label, lang),
                    "verification": item.verification,
                    "trace": [_trace(item.id, item.sources)],
                },
            )
            for item in kb.vulnerabilities
        ]

    def choose_lists(self, ctx):
        """(list ids, their ``ChosenLists``, notes): the indicator lists for this person.

        A list's ``applies`` says which kinds of exploitation it covers; the engine picks child
        lists for a minor when a sourced one applies, else the adult lists with the child rule.
        Plans whose age and ``applies`` verdicts agree share one choice.
        """
        minor, _ = helpers.is_minor(ctx)
        child = tuple([applies(ctx)[0] for _, applies in self.child_lists]) if minor else ()
        # A child list that applies or may apply is chosen: then the adult lists are not read.
        adult = (
            ()
            if True in child or None in child
            else tuple([applies(ctx)[0] for _, applies in self.adult_lists])
        )
        key = (minor, child, adult)
        choice = self.choices.get(key)
        if choice is None:
            choice = self.choices[key] = self.choose(minor, child, adult)
        return choice

    def choose(self, minor, child, adult):
        """The choice for these verdicts, built once."""
        notes = ()
        if minor:
            notes = ("child_rule",)
        elif minor is None:
            notes = ("age_unknown",)
        chosen = []
        if minor:
            chosen = _applying(self.child_lists, child)
            if not chosen:
                notes += ("child_rule_adult_lists",)
        lists = chosen or _applying(self.adult_lists, adult)
        if not lists:
            notes += ("no_list",)
        list_ids = [lst.id for lst in lists]
        chosen = self.chosen(list_ids, lists) if self.dimension_rule is not None else None
        return list_ids, chosen, notes

    def chosen(self, list_ids, lists):
        """The shared dimension entries of the lists ``list_ids``."""
        key = tuple(list_ids)
        chosen = self.chosen_lists.get(key)
        if chosen is None:
            chosen = self.chosen_lists[key] = ChosenLists(self, lists)
        return chosen

    def conclusion(self, rule, value, missing, notes):
        """The ILO-EC conclusion of ``rule`` (None: no rule fits or is in force)."""
        key = (rule.id if rule else None, value, missing, notes)
        conclusion = self.conclusions.get(key)
        if conclusion is not None:
            return conclusion
        lang = self.lang
        conclusion = {"rule": None, "result": "unknown", "missing": [], "reasons": [],
                      "trace": [], "verification": None}  # fmt: skip
        if rule is not None:
            result, text = {True: ("met", rule.yes), False: ("not_met", rule.no)}.get(
                value, ("unknown", rule.ask)
            )
            conclusion.update(
                rule=rule.id,
                result=result,
                missing=list(missing),
                reasons=[getattr(text, lang)],
                trace=[_trace(rule.id, rule.sources)],
                verification=rule.verification,
            )
        conclusion["notes"] = [say(note, lang) for note in notes]
        return _keep(self.conclusions, key, conclusion)


class ChosenLists:
    """The indicator lists a plan applies, with the dimension entries they give, shared by the
    plans whose dimensions have the same observed indicators."""

    def __init__(self, tables, lists):
        self.tables, self.lists = tables, lists
        self.entries = {}  # one dimension's observed indicators, sorted -> entry
        none_observed = self.entry(())
        self.none_observed = dict.fromkeys(DIMENSIONS, none_observed)
        self.none_observed_presence = dict.fromkeys(DIMENSIONS, none_observed["present"])

    def entry(self, found):
        """The entry of one dimension whose observed indicators are ``found`` (sorted)."""
        tables, lists = self.tables, self.lists
        lang, rule = tables.lang, tables.dimension_rule
        present, reasons, trace = False, [], []
        for indicator_list in lists:
            counts = dict.fromkeys(STRENGTHS, 0)
            for indicator in found:
                row = indicator_list.indicators.get(indicator)
                if row is not None:
                    counts[row.strength] += 1
            met = dimension_met(rule, counts)
            present = present or met
            if found:
                reasons.append(
                    say(
                        "dimension_observed",
                        lang,
                        list=tables.kb.label("indicator_lists", indicator_list.id, lang),
                        count=sum(counts.values()),
                        verdict=say("dimension_met" if met else "dimension_not_met", lang),
                        **counts,
                    )
                )
            trace.append(_trace(indicator_list.id, indicator_list.sources))
        trace.append(_trace(rule.id, rule.sources))
        entry = {
            "present": present if lists else None,
            "indicators": list(found),
            "reasons": reasons,
            "trace": trace,
        }
        return _keep(self.entries, found, entry)


def _applying(lists, verdicts):
    """The lists whose ``applies`` is true, else those where it is unknown."""
    chosen = [lst for (lst, _), value in zip(lists, verdicts, strict=True) if value is True]
    return chosen or [lst for (lst, _), value in zip(lists, verdicts, strict=True) if value is None]


def assessment_tables(kb, lang):
    tables = kb.tables.get(("assessment", lang))
    if tables is None:
        tables = kb.tables[("assessment", lang)] = AssessmentTables(kb, lang)
    return tables


def dimension_met(rule, counts):
    return any(
        counts["strong"] >= combo.strong
        and counts["medium"] >= combo.medium
        and counts["weak"] >= combo.weak
        for combo in rule.present_when_any
    )


def assess_indicators(kb, ctx, lang):
    """Dimensions (one entry each) and the ILO-EC conclusion; sets ``ctx.dimensions``."""
    tables = assessment_tables(kb, lang)
    observed = ctx.facts.get("exploitation.indicators")
    list_ids, chosen, notes = tables.choose_lists(ctx)
    if observed is not None and chosen is not None:
        dimensions = dict(chosen.none_observed)
        presence = dict(chosen.none_observed_presence)
        entries = chosen.entries
        # Sorted, the indicators of one dimension (one prefix) are next to each other.
        for dimension, group in groupby(sorted(observed), DIMENSION_OF.__getitem__):
            found = tuple(group)
            entry = entries.get(found) or chosen.entry(found)
            dimensions[dimension] = entry
            presence[dimension] = entry["present"]
        ctx.dimensions = presence
    else:
        dimensions = tables.unknown_dimensions
        ctx.dimensions = tables.unknown_presence
    return list_ids, dimensions, conclude(tables, ctx, notes)


def conclude(tables, ctx, notes):
    """The ILO-EC conclusion from the first rule whose ``applies`` fits the person (adult or
    child), else the first that may."""
    chosen = value = missing = None
    for rule, applies, when in tables.conclusion_rules:
        fits = applies(ctx)[0]
        if fits is True:
            chosen = (rule, when)
            break
        if fits is None and chosen is None:
            chosen = (rule, when)
    rule = None
    if chosen is not None and in_force_on(chosen[0], ctx.as_of):
        rule = chosen[0]
        value, missing = chosen[1](ctx)
    return tables.conclusion(rule, value, missing, notes)


class DescribedTest:
    """One legal test of the knowledge base: its elements unpacked once, its entries by outcome."""

    def __init__(self, kb, test):
        self.test = test
        # (element, dates in force, applies condition or None, condition)
        self.elements = tuple(
            (
                element,
                element.in_force,
                kb.condition(element.id, "applies") if element.applies is not None else None,
                kb.condition(element.id),
            )
            for element in test.elements
        )
        # When no element is dated or conditional, an element's outcome is its condition's.
        plain = all(
            in_force is None and applies is None for _, in_force, applies, _ in self.elements
        )
        self.conditions = tuple(row[3] for row in self.elements) if plain else None
        self.entries = {}  # element outcomes -> (entry, (value, missing))

    def signature(self, ctx):
        """Each element's outcome: None when not in force, False when it does not apply, else
        its condition's (value, missing)."""
        as_of = ctx.as_of
        signature = []
        for _, in_force, applies, condition in self.elements:
            if in_force is not None and not in_force.applies(as_of):
                signature.append(None)
            elif applies is not None and applies(ctx)[0] is False:
                signature.append(False)
            else:
                signature.append(condition(ctx))
        return tuple(signature)


class LegalTests:
    """Evaluates legal tests on demand (a condition may ask for one), each once per plan."""

    def __init__(self, kb, ctx, lang):
        self.kb, self.ctx, self.lang = kb, ctx, lang
        self.tables = assessment_tables(kb, lang)
        self.results = {}  # test id -> (entry, (value, missing))

    def __call__(self, test_id):
        result = self.results.get(test_id)
        if result is None:
            result = self.results[test_id] = self._evaluate(test_id)
        return result[1]

    def _evaluate(self, test_id):
        described = self.tables.tests.get(test_id)
        if described is None:
            kb, lang = self.kb, self.lang
            return _with_verdict(
                {
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
            )
        test, ctx = described.test, self.ctx
        if not in_force_on(test, ctx.as_of):
            lang, as_of = self.lang, ctx.as_of
            return _with_verdict(
                {
                    "test": test_id,
                    "label": getattr(test.label, lang),
                    "result": "not_met",
                    "missing": [],
                    "reasons": [say("test_not_in_force", lang, as_of=as_of)],
                    "elements": [],
                    "sources": list(test.sources),
                    "verification": test.verification,
                    "trace": [_trace(test.id, test.sources)],
                }
            )
        # What each element came to decides the whole entry, so plans whose elements come out
        # the same share one entry (read-only, like every shared fragment of a plan).
        if described.conditions is not None:
            signature = tuple([condition(ctx) for condition in described.conditions])
        else:
            signature = described.signature(ctx)
        result = described.entries.get(signature)
        if result is None:
            entry = self._entry(test, described.elements, signature)
            result = _keep(described.entries, signature, _with_verdict(entry))
        return result

    def _entry(self, test, elements, signature):
        lang = self.lang
        any_false, missing, reasons, entries, trace = False, [], [], [], []
        unknown = False
        for (element, *_), outcome in zip(elements, signature, strict=True):
            if outcome is None:  # not in force on as_of
                continue
            trace.append(_trace(element.id, element.sources))
            label = getattr(element.label, lang)
            if outcome is False:
                entries.append({"id": element.id, "label": label, "result": "not_applicable"})
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
            entries.append(
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
            "elements": entries,
            "sources": list(test.sources),
            "verification": test.verification,
            "trace": [_trace(test.id, test.sources), *trace],
        }

    def all(self):
        results, entries = self.results, []
        for test_id in LEGAL_TESTS:
            result = results.get(test_id)
            if result is None:
                result = results[test_id] = self._evaluate(test_id)
            entries.append(result[0])
        return entries


def _with_verdict(entry):
    """The entry with what a condition reads of it: (value, missing)."""
    value = TEST_VALUES.get(entry["result"])
    return entry, (value, tuple(entry["missing"]) if value is None else ())


def vulnerabilities(kb, ctx, lang):
    as_of = ctx.as_of
    return [
        entry
        for in_force, condition, entry in assessment_tables(kb, lang).vulnerabilities
        if (in_force is None or in_force.applies(as_of)) and condition(ctx)[0] is True
    ]
