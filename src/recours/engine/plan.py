"""The plan (``recours.plan/1``): a pure, deterministic function of (situation, knowledge, as_of).

Every vocabulary remedy appears exactly once. Eligibility comes only from the rules in force;
the client's goals and limits rank and sequence the options and mark conflicts, never more.
Per-language, per-jurisdiction remedy tables (variant, rules with their reasons, how to start,
harm triggers, harm entries) are built once per knowledge base and shared by every plan, so a
plan is read-only.
"""

import datetime
from collections import Counter
from functools import partial, reduce
from itertools import chain, compress
from operator import itemgetter, or_
from typing import NamedTuple

from recours.engine import helpers
from recours.engine.assess import LegalTests, assess_indicators, vulnerabilities
from recours.engine.conditions import FALSE, Context
from recours.engine.dates import add_period, in_force_on
from recours.engine.knowledge import resolve_variant
from recours.engine.situation import Situation, parse_situation
from recours.engine.text import MESSAGES, say
from recours.engine.vocabulary import REMEDIES

ELIGIBILITY_ORDER = {"eligible": 0, "possibly": 1, "not_eligible": 2}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
VERIFICATION_ORDER = {"primary": 0, "secondary": 1, "unverified": 2, None: 2}
REMEDY_ORDER = {remedy_id: index for index, remedy_id in enumerate(REMEDIES)}
SOON_DAYS = 30
# Shared option cores and harm lists kept per language; cleared when past this many.
OPTION_CACHE_SIZE = 50_000
# how_to_start property -> (limit it conflicts with, values that conflict)
LIMIT_PROPERTIES = (
    ("police_contact", "no_police", (True,)),
    ("immigration_authority_contact", "avoid_immigration_authorities", (True,)),
    ("testimony", "no_testimony", ("required", "possible")),
    ("in_person_hearing", "no_in_person_hearing", ("required", "possible")),
    ("public_record", "no_public_record", (True,)),
    ("exploiter_contact", "no_contact_with_exploiter", ("required", "possible")),
    ("costs_money", "cannot_pay_fees", (True,)),
    ("requires_leaving_job", "must_keep_working", (True,)),
)
# Above the most limits an option can conflict with (one per property above).
CONFLICT_SPAN = len(LIMIT_PROPERTIES) + 1
HOW_FIELDS = (
    "in_person",
    "anonymous",
    "third_party",
    "police_contact",
    "immigration_authority_contact",
    "testimony",
    "in_person_hearing",
    "public_record",
    "exploiter_contact",
    "costs_money",
    "requires_leaving_job",
)


RANK_OF = VERIFICATION_ORDER.__getitem__
_ENTRY_ORDER = itemgetter(3)  # a cached harm entry's sort key, read in C
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_MISSING = itemgetter("missing")
_DEADLINE = itemgetter("deadline")
_UNVERIFIED_RULES = itemgetter("unverified_rules")
_BITS = bytes.maketrans(b"01", b"\x00\x01")  # binary digits -> bytes false and true
STEP_NAMES = ("secure_status", "claim", "exposing")
LEVELS = ("primary", "secondary", "unverified")
# The deadline sentences by language, filled in once per deadline row but for the dates.
DEADLINE_MESSAGES = {
    lang: {
        key: MESSAGES[key][lang]
        for key in ("deadline_unknown", "deadline_on", "deadline_passed_late", "deadline_passed")
    }
    for lang in ("en", "fr")
}


def _text(value, lang):
    return getattr(value, lang) if value is not None else None


class LangTables:
    """Everything a plan needs that does not depend on the situation, in one language.

    Built once per knowledge base and language. Plans share these fragments (reasons, trace
    entries, harm entries, mitigations, sources), which is what makes planning fast: a plan is
    therefore read-only; copy it before changing it.
    """

    def __init__(self, kb, lang):
        self.kb, self.lang = kb, lang
        self.trace = {
            rule_id: {"rule": rule_id, "sources": tuple(record.sources)}
            for rule_id, record in kb.rules.items()
        }
        self.unverified = frozenset(
            rule_id for rule_id, record in kb.rules.items() if record.verification == "unverified"
        )
        self.mitigations = {
            mitigation_id: {
                "id": mitigation_id,
                "label": _text(item.label, lang),
                "detail": _text(item.detail, lang),
                "remedy": item.remedy,
            }
            for mitigation_id, item in kb.mitigations.items()
        }
        self.sources = {}
        for source in kb.sources.values():
            title = source.title if isinstance(source.title, str) else _text(source.title, lang)
            self.sources[source.id] = {
                "id": source.id,
                "title": title,
                "url": source.url,
                "checked_on": source.checked_on.isoformat(),
                "verification": source.verification,
            }
        # In id order, so a plan lists the sources it cites by filtering, without a sort.
        self.sorted_sources = tuple(sorted(self.sources.items()))
        # A set of sources as an int, one bit per source in id order: an option merges the
        # sources of its harms with a few C-level ``|`` instead of a walk over each id.
        self.source_bits = tuple(
            (source_id, 1 << n) for n, (source_id, _) in enumerate(self.sorted_sources)
        )
        self.source_bit = dict(self.source_bits)
        self.source_at = tuple(source_id for source_id, _ in self.source_bits)
        self.source_rows = tuple(source for _, source in self.sorted_sources)
        # bits -> the source ids, in id order (the combinations an option's harms add grow
        # slowly with the situations seen: bounded like the option cores)
        self.source_ids = _Built(self.ids_of, limit=OPTION_CACHE_SIZE)
        self.evidence = [
            (
                tuple(item.serves),
                {
                    "item": item.id,
                    "label": _text(item.label, lang),
                    "detail": _text(item.detail, lang),
                    "sources": tuple(item.sources),
                },
            )
            for item in kb.evidence
        ]
        # remedy -> the evidence items serving it, so a plan lists each item's open options
        # in rank order by walking the ranked options once.
        self.evidence_by_remedy = {}
        for index, (serves, _) in enumerate(self.evidence):
            for remedy_id in serves:
                self.evidence_by_remedy.setdefault(remedy_id, []).append(index)
        # Every trigger once, in file order: a plan evaluates each one once.
        self.all_triggers = [
            (harm, trigger, kb.condition(trigger.id))
            for harm in kb.harms.values()
            for trigger in harm.triggers
        ]
        self.entries = {}
        self.jurisdiction_slots = {}
        self.harm_entries = {}
        self.harm_rank = {harm_id: n for n, harm_id in enumerate(sorted(kb.harms))}
        # What a plan reads of the triggers, unpacked once: every trigger's condition in file
        # order (a dated one reads as false on a date it is not in force), so a plan evaluates
        # them all in one comprehension; per harm with triggers, the slice of those results that
        # are its triggers' and a table from them to each remedy's harm entry. The results of
        # one harm key that table: the keys are bounded by the knowledge base (each trigger,
        # each combination of its unknown facts).
        self.trigger_conditions = tuple(
            condition if trigger.in_force is None else _in_force_only(trigger.in_force, condition)
            for _, trigger, condition in self.all_triggers
        )
        self.trigger_remedies = tuple(
            tuple(REMEDY_ORDER[remedy_id] for remedy_id in trigger.remedies)
            for _, trigger, _ in self.all_triggers
        )
        harm_triggers, start = [], 0
        for harm in kb.harms.values():
            if harm.triggers:
                stop = start + len(harm.triggers)
                spread = _Built(partial(self.spread_harm, range(start, stop)))
                harm_triggers.append((slice(start, stop), spread))
                start = stop
        self.harm_triggers = tuple(harm_triggers)
        # fired triggers of one harm on one remedy, (index, value, missing) each -> its entry
        self.pieces = _Built(self.harm_piece)
        self.core_count = 0

    def mask_of(self, source_ids):
        return reduce(or_, map(self.source_bit.__getitem__, source_ids), 0)

    def bits(self, mask):
        """One 0 or 1 byte per source in id order, for ``itertools.compress``."""
        return bin(mask)[:1:-1].encode().translate(_BITS)

    def ids_of(self, mask):
        return tuple(compress(self.source_at, self.bits(mask)))

    def reason(self, rule_id, text, sources, verification):
        return {"rule": rule_id, "text": text, "sources": sources, "verification": verification}

    def slots(self, code, work_code):
        """Per remedy, in vocabulary order: (position, id, remedy, jurisdiction, entry).
        ``entry`` is None where the variant depends on the date (resolved per plan) or where the
        knowledge base describes no variant for the jurisdiction."""
        key = (code, work_code)
        found = self.jurisdiction_slots.get(key)
        if found is None:
            rows = []
            for position, remedy_id in enumerate(REMEDIES):
                remedy = self.kb.remedies.get(remedy_id)
                if remedy is None:
                    rows.append((position, remedy_id, None, code, None))
                    continue
                where = work_code if remedy.jurisdiction_from == "work" else code
                versions = [
                    variant
                    for name in (where, "default")
                    for variant in _as_list(remedy.variants.get(name, ()))
                ]
                dated = any(variant.in_force is not None for variant in versions)
                variant = None if dated else resolve_variant(remedy, where, None)
                entry = None if variant is None else self.entry(remedy, variant, where)
                rows.append((position, remedy_id, remedy, where, entry))
            found = self.jurisdiction_slots[key] = tuple(rows)
        return found

    def count_core(self):
        """Count a new option core; past the bound, every entry forgets its cores."""
        self.core_count += 1
        if self.core_count > OPTION_CACHE_SIZE:
            self.core_count = 0
            for entry in self.entries.values():
                entry.cores.clear()

    def entry(self, remedy, variant, code):
        key = (remedy.id, variant.id, code)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = RemedyEntry(self, remedy, variant, code)
        return entry

    def spread_harm(self, indices, results):
        """((remedy position, harm entry), ...) for one harm whose triggers (``indices``) gave
        ``results``: each remedy gets the entry for its triggers that fired (true or unknown)."""
        by_position = {}
        for index, result in zip(indices, results, strict=True):
            if result[0] is not False:
                row = (index, *result)
                for position in self.trigger_remedies[index]:
                    by_position.setdefault(position, []).append(row)
        return tuple((position, self.pieces[tuple(rows)]) for position, rows in by_position.items())

    def harm_piece(self, rows):
        """The harm entry for the fired triggers (index, value, missing) of one harm on one
        option."""
        harm = self.all_triggers[rows[0][0]][0]
        likely = tuple([index for index, value, _ in rows if value])
        possible = tuple([index for index, value, _ in rows if not value])
        missing = tuple(
            dict.fromkeys(chain.from_iterable([m for _, value, m in rows if not value]))
        )
        return self.harm_entry(harm, likely, possible, missing)

    def harm_order(self, harm):
        """A harm entry's place in an option's list as one int (sorting ints is cheap): what
        threatens liberty or status first, then likely before possible, then by severity,
        then by id."""
        rank = self.harm_rank[harm["harm"]]
        first = 2 * (not harm["threatens_liberty_or_status"]) + (harm["likelihood"] != "likely")
        return (first * len(SEVERITY_ORDER) + SEVERITY_ORDER[harm["severity"]]) * len(
            self.harm_rank
        ) + rank

    def harm_entry(self, harm, likely, possible, missing):
        """One harm on one option, with its sources and unverified rules: the same triggers
        firing give the same shared entry."""
        key = (harm.id, likely, possible, missing)
        cached = self.harm_entries.get(key)
        if cached is not None:
            return cached
        lang = self.lang
        fired = [self.all_triggers[index][1] for index in likely or possible]
        mitigations = list(dict.fromkeys(m for t in fired for m in t.mitigations))
        trace = (self.trace[harm.id], *(self.trace[t.id] for t in fired))
        entry = {
            "harm": harm.id,
            "label": _text(harm.label, lang),
            "likelihood": "likely" if likely else "possible",
            "severity": min((t.severity for t in fired), key=SEVERITY_ORDER.__getitem__),
            "threatens_liberty_or_status": harm.threatens_liberty_or_status,
            "why": " ".join(_text(t.why, lang) for t in fired),
            "missing": () if likely else missing,
            "mitigations": tuple(self.mitigations[m] for m in mitigations),
            "verification": max((t.verification or "unverified" for t in fired), key=RANK_OF),
            "trace": trace,
        }
        sources = self.mask_of(s for item in trace for s in item["sources"])
        unverified = tuple(item["rule"] for item in trace if item["rule"] in self.unverified)
        cached = self.harm_entries[key] = (
            entry,
            sources,
            unverified,
            self.harm_order(entry),
            harm.threatens_liberty_or_status,
        )
        return cached


class _Built(dict):
    """A table that builds a missing value with ``build(key)`` and keeps it: lookups that hit
    stay in C, which matters for the many lookups of a plan. With a ``limit``, the table is
    emptied when it grows past it (for keys that depend on the situations seen, not only on the
    knowledge base)."""

    def __init__(self, build, limit=None):
        super().__init__()
        self.build, self.limit = build, limit

    def __missing__(self, key):
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.build(key)
        return value


def _in_force_only(in_force, condition):
    """A dated trigger's condition: false, unevaluated, on a date the trigger is not in force."""

    def in_force_condition(ctx):
        return condition(ctx) if in_force.applies(ctx.as_of) else FALSE

    return in_force_condition


def _as_list(versions):
    return versions if isinstance(versions, list | tuple) else [versions]


class DeadlineRow(NamedTuple):
    """One deadline of a remedy entry, prepared once: a plan adds only its dates."""

    rule_id: str
    period: tuple  # (years, months, days)
    from_: tuple  # the fact paths of the start date, the first known one counts
    unknown: dict  # the deadline entry when the start date is not known
    unknown_reason: dict
    label: str
    on_text: tuple  # the sentence for a deadline still open, before and after its date
    passed_text: tuple  # the same for a deadline passed
    late: bool  # a late filing may still be allowed once it has passed
    sources: tuple
    verification: str
    rule: object


def _around_date(template, **fields):
    """``template`` filled in but for its ``{date}``: the text before and after it, so that a
    plan writes a deadline's sentence with two concatenations instead of a ``format``."""
    before, _, after = template.partition("{date}")
    return before.format(**fields), after.format(**fields)


class RemedyEntry:
    """One remedy under one variant in one jurisdiction: rules, reasons and fields prepared."""

    def __init__(self, tables, remedy, variant, code):
        kb, lang = tables.kb, tables.lang
        self.remedy, self.variant = remedy, variant
        # option cores of plans whose rule results are the same, by results (or, closed, by
        # date or False)
        self.cores = {}
        owner_level = remedy.verification
        jurisdiction = kb.label("jurisdictions", code, lang)

        def reason(rule, text):
            return tables.reason(
                rule.id, text, tuple(rule.sources), rule.verification or owner_level
            )

        if variant.available:
            body = _text(variant.body, lang) or _text(remedy.label, lang)
            text = say("available", lang, jurisdiction=jurisdiction, body=body)
        else:
            reason_text = _text(variant.reason, lang)
            text = say("not_available", lang, jurisdiction=jurisdiction, reason=reason_text)
        self.availability = reason(variant, text)
        self.rules = []
        for rule in (*remedy.eligibility, *(variant.eligibility if variant.available else ())):
            requires = rule.kind == "requires"
            met = reason(rule, _text(rule.yes if requires else rule.no, lang))
            fails = reason(rule, _text(rule.no if requires else rule.yes, lang))
            self.rules.append(
                (
                    rule,
                    kb.condition(rule.id),
                    # outcome by condition value: passes, fails, unknown
                    {
                        requires: met,
                        (not requires): fails,
                        None: reason(rule, _text(rule.ask, lang)),
                    },
                    tables.trace[rule.id],
                    RANK_OF(rule.verification or owner_level),
                )
            )
        # (rules in force, deadlines carried) -> what the option cites: the same for every plan
        self.cited = _Built(partial(self.citing, tables))
        self.dated_rules = any(rule[0].in_force is not None for rule in self.rules)
        self.results = _rule_results(self.rules, self.dated_rules)
        self.all_in_force = (True,) * len(self.rules)
        messages = DEADLINE_MESSAGES[lang]
        self.deadlines = []
        for rule in (*remedy.deadlines, *(variant.deadlines if variant.available else ())):
            label, late_filing = _text(rule.label, lang), _text(rule.late_filing, lang)
            passed = "deadline_passed" if late_filing is None else "deadline_passed_late"
            self.deadlines.append(
                DeadlineRow(
                    rule.id,
                    (rule.period.years, rule.period.months, rule.period.days),
                    tuple(rule.from_),
                    {"rule": rule.id, "date": None, "label": label},
                    reason(rule, messages["deadline_unknown"].format(label=label)),
                    label,
                    _around_date(messages["deadline_on"], label=label),
                    _around_date(messages[passed], label=label, late_filing=late_filing),
                    late_filing is not None,
                    tuple(rule.sources),
                    rule.verification or owner_level,
                    rule,
                )
            )
        self.dated_deadlines = any(row.rule.in_force is not None for row in self.deadlines)
        # An open option's core carries its deadlines in force as if no start date were known
        # (what they cite, their entries, reasons and missing start dates), so a plan that
        # knows none of the dates copies it; the deadlines in force are flagged per row.
        self.all_deadlines = (True,) * len(self.deadlines)
        self.carried = _Built(self.carrying)
        self.deadline_reason = reason
        self.undated_open = variant.available and remedy.in_force is None
        self.base_trace = (tables.trace[remedy.id], tables.trace[variant.id])
        self.base_sources = tuple(dict.fromkeys((*remedy.sources, *variant.sources)))
        self.base_rank = max(RANK_OF(remedy.verification), RANK_OF(variant.verification))
        how = _merged_how(remedy, variant)
        self.conflicts = tuple(
            limit for prop, limit, values in LIMIT_PROPERTIES if how.get(prop) in values
        )
        benefits = variant.benefits if variant.benefits is not None else remedy.benefits
        self.static = {
            "label": _text(remedy.label, lang),
            "venue": remedy.venue,
            "jurisdiction": code,
            "benefits": tuple(_text(b, lang) for b in benefits),
            "secures_status": remedy.secures_status,
            "how_to_start": {
                "body": _text(variant.body, lang),
                "steps": _text(how["steps"], lang),
                "fees": _text(how["fees"], lang),
                **{key: how.get(key) for key in HOW_FIELDS},
            },
            "legal_basis": _text(remedy.legal_basis, lang),
        }

    def carrying(self, flags):
        """(rows, their entries and reasons with no start date known, their start date paths)
        of the deadlines flagged in force by ``flags``."""
        rows = tuple(compress(self.deadlines, flags))
        return (
            rows,
            tuple(row.unknown for row in rows),
            tuple(row.unknown_reason for row in rows),
            tuple(chain.from_iterable(row.from_ for row in rows)),
        )

    def deadlines_in_force(self, on):
        """The flags of the deadline rows in force on ``on``."""
        if not self.dated_deadlines:
            return self.all_deadlines
        return tuple([in_force_on(row.rule, on) for row in self.deadlines])

    def citing(self, tables, key):
        """(trace, sources, unverified rules, verification rank, source bits) of an option;
        ``key`` flags its rules in force (none when it is closed) and the deadlines it carries
        (none when it is closed or has none)."""
        in_force, deadlines = key
        deadlines = self.carried[deadlines][0]
        trace = (
            *self.base_trace,
            *(row[3] for row, live in zip(self.rules, in_force, strict=False) if live),
            *(tables.trace[row.rule_id] for row in deadlines),
        )
        ranks = [row[4] for row, live in zip(self.rules, in_force, strict=False) if live]
        ranks += [RANK_OF(row.verification) for row in deadlines]
        sources = tuple(
            dict.fromkeys(chain(self.base_sources, *(item["sources"] for item in trace[2:])))
        )
        return (
            trace,
            sources,
            tuple(sorted(tables.unverified.intersection([item["rule"] for item in trace]))),
            max(self.base_rank, *ranks) if ranks else self.base_rank,
            tables.mask_of(sources),
        )

    def open_on(self, on):
        """Available here and in force on ``on``."""
        return self.undated_open or (self.variant.available and in_force_on(self.remedy, on))


def _rule_results(rules, dated):
    """A function of (context, as_of) giving the rules' results as one tuple, None for a rule
    not in force (where ``dated`` says some rule has dates): the key of the option cores. One
    closure per remedy entry, so that the usual case (up to two rules, none dated) costs no
    loop."""
    conditions = tuple(row[1] for row in rules)
    if dated:
        dated = tuple((row[0], row[1]) for row in rules)

        def results(ctx, as_of):
            return tuple(
                [condition(ctx) if in_force_on(rule, as_of) else None for rule, condition in dated]
            )

    elif not conditions:

        def results(ctx, as_of):
            return ()

    elif len(conditions) == 1:
        (only,) = conditions

        def results(ctx, as_of):
            return (only(ctx),)

    elif len(conditions) == 2:
        first, second = conditions

        def results(ctx, as_of):
            return (first(ctx), second(ctx))

    else:

        def results(ctx, as_of):
            return tuple([condition(ctx) for condition in conditions])

    return results


def _merged_how(remedy, variant):
    fields = type(remedy.how_to_start).model_fields
    how = {key: getattr(remedy.how_to_start, key) for key in fields}
    if variant.how_to_start is not None:
        for key in fields:
            value = getattr(variant.how_to_start, key)
            if value is not None:
                how[key] = value
    return how


def tables_for(kb, lang):
    tables = kb.tables.get(lang)
    if tables is None:
        tables = kb.tables[lang] = LangTables(kb, lang)
    return tables


class Planner:
    """Builds one plan; an object only to share the per-plan state between small steps."""

    def __init__(self, situation, kb, lang):
        self.situation, self.kb, self.lang = situation, kb, lang
        self.tables = tables_for(kb, lang)
        self.as_of = situation.as_of
        self.ctx = Context(situation.facts, situation.as_of)
        self.tests = LegalTests(kb, self.ctx, lang)
        self.ctx.test_evaluator = self.tests
        self.goal_rank = {goal: index for index, goal in enumerate(situation.goals)}
        self.limits = frozenset(situation.limits)
        self.fired = ()

    def label(self, category, item_id):
        return self.kb.label(category, item_id, self.lang)

    # ------------------------------------------------------------ options

    def options(self):
        """Every vocabulary remedy once, in vocabulary order."""
        tables, as_of, ctx = self.tables, self.as_of, self.ctx
        situation = self.situation
        goal_rank, limits = self.goal_rank, self.limits
        wanted, limited = goal_rank.__contains__, limits.__contains__
        fired = self.fired
        cited = 0  # the sources the options cite, as bits
        options = []
        for position, remedy_id, remedy, code, entry in tables.slots(
            situation.jurisdiction, situation.work_jurisdiction
        ):
            if entry is None:
                variant = remedy and resolve_variant(remedy, code, as_of)
                if variant is None:
                    options.append(self._undescribed(remedy_id, code, remedy))
                    continue
                entry = tables.entry(remedy, variant, code)
            # The rule results pick a core shared by every plan whose rules come out the
            # same; the deadlines are this plan's own.
            if entry.undated_open or entry.open_on(as_of):
                key = results = entry.results(ctx, as_of)
                if entry.dated_deadlines:
                    key = (results, entry.deadlines_in_force(as_of))
                open_ = True
            else:
                # Not available reads the same on every date; not in force names the date.
                results, open_ = None, False
                key = as_of if entry.variant.available else False
            core = entry.cores.get(key)
            if core is None:
                tables.count_core()
                core = entry.cores[key] = self._core(entry, open_, results)
            if open_ and entry.deadlines:
                option, mask = self._with_deadlines(entry, *core)  # this plan's own dict
            else:
                option, mask = core[0].copy(), core[3]  # the shared core stays read-only
            pieces = fired[position]
            if pieces:
                if len(pieces) > 1:
                    pieces.sort(key=_ENTRY_ORDER)
                # Each harm carries its own trace; the option's trace is what decided it.
                # Every piece is a 5-tuple; ``strict=`` would cost a keyword dict per option.
                harms, sources, unverified, _, exposes = zip(*pieces)  # noqa: B905
                option["harms"] = harms
                option["exposes_person"] = True in exposes
                # The option's own sources first, then those its harms add, in id order.
                added = reduce(or_, sources) & ~mask
                if added:
                    option["sources"] += tables.source_ids[added]
                    mask |= added
                if any(unverified):
                    option["unverified_rules"] = tuple(
                        sorted({*option["unverified_rules"], *chain.from_iterable(unverified)})
                    )
            if goal_rank:
                served = [*filter(wanted, remedy.goals_served)]
                if len(served) > 1:
                    served.sort(key=goal_rank.__getitem__)
                option["goals_served"] = served
            else:
                option["goals_served"] = []
            option["conflicts_with_limits"] = (
                [*filter(limited, entry.conflicts)] if limits and entry.conflicts else []
            )
            options.append(option)
            cited |= mask
        self.cited = cited
        return options

    def _core(self, entry, open_, results):
        lang, as_of = self.lang, self.as_of
        remedy, variant = entry.remedy, entry.variant
        missing = []
        if not variant.available:
            eligibility = "not_eligible"
            reasons = [entry.availability]
            in_force = ()
        elif not open_:
            eligibility = "not_eligible"
            text = say("not_in_force", lang, as_of=as_of)
            reasons = [entry.deadline_reason(remedy, text)]
            in_force = ()
        else:
            eligibility = "eligible"
            reasons = [entry.availability]
            for (rule, _, outcomes, _, _), result in zip(entry.rules, results, strict=True):
                if result is None:  # not in force on as_of
                    continue
                value, rule_missing = result
                reasons.append(outcomes[value])
                if value is None:
                    missing.extend(rule_missing)
                    if eligibility == "eligible":
                        eligibility = "possibly"
                elif value is not (rule.kind == "requires"):
                    eligibility = "not_eligible"
            in_force = (
                tuple([result is not None for result in results])
                if entry.dated_rules
                else entry.all_in_force
            )
        missing = tuple(dict.fromkeys(missing))  # the rules' own, kept for the deadlines
        shown = missing
        carried = entry.deadlines_in_force(as_of) if open_ and entry.deadlines else ()
        rows = ()
        if carried:
            rows, unknown, unknown_reasons, starts = entry.carried[carried]
            reasons += unknown_reasons
            shown = tuple(dict.fromkeys(missing + starts))
        else:
            unknown = ()
        trace, sources, unverified, rank, mask = entry.cited[in_force, carried]
        core = {
            "remedy": remedy.id,
            "label": entry.static["label"],
            "venue": remedy.venue,
            "jurisdiction": entry.static["jurisdiction"],
            "eligibility": eligibility,
            "reasons": tuple(reasons),
            # Facts that would settle a "possibly"; a closed option has nothing left to settle.
            "missing": () if eligibility == "not_eligible" else shown,
            "benefits": entry.static["benefits"],
            "deadline": None,
            "deadline_reason": None,
            "deadlines": unknown,
            "harms": (),
            "goals_served": (),
            "conflicts_with_limits": (),
            "secures_status": remedy.secures_status,
            "exposes_person": False,
            "how_to_start": entry.static["how_to_start"],
            "legal_basis": entry.static["legal_basis"],
            "verification": LEVELS[rank],
            "unverified_rules": unverified,
            "sources": sources,
            "trace": trace,
        }
        return core, missing, rows, mask

    def _with_deadlines(self, entry, core, rule_missing, rows, mask):
        """The shared core, which carries the deadline ``rows`` in force with no start date
        known, with this situation's dates: they are the situation's own, so this part is
        computed for every plan."""
        as_of, facts = self.as_of, self.situation.facts
        starts = []
        for row in rows:
            start = None
            for path in row.from_:
                start = facts[path]
                if start:
                    break
            starts.append(start)
        if not any(starts):
            return core.copy(), mask
        eligibility = core["eligibility"]
        # the rules' reasons, without the unknown dates' ones that close the list
        reasons = list(core["reasons"][: len(core["reasons"]) - len(rows)])
        missing = list(rule_missing)
        deadlines, upcoming, passed = [], [], []
        for row, start in zip(rows, starts, strict=True):
            if not start:
                missing.extend(row.from_)
                deadlines.append(row.unknown)
                reasons.append(row.unknown_reason)
                continue
            date = add_period(start, row.period)
            iso = date.isoformat()
            deadlines.append({"rule": row.rule_id, "date": iso, "label": row.label})
            if date >= as_of:
                upcoming.append((iso, row.label))
                before, after = row.on_text
            else:
                passed.append((iso, row.label))
                before, after = row.passed_text
                if not row.late:
                    eligibility = "not_eligible"
                elif eligibility == "eligible":
                    eligibility = "possibly"
            reasons.append(
                {
                    "rule": row.rule_id,
                    "text": before + iso + after,
                    "sources": row.sources,
                    "verification": row.verification,
                }
            )
        # ISO dates sort as the dates do
        iso, deadline_reason = min(upcoming) if upcoming else max(passed)
        option = core.copy()
        option["eligibility"] = eligibility
        option["reasons"] = tuple(reasons)
        option["missing"] = () if eligibility == "not_eligible" else tuple(dict.fromkeys(missing))
        option["deadline"] = iso
        option["deadline_reason"] = deadline_reason
        option["deadlines"] = tuple(deadlines)
        return option, mask

    def fire_triggers(self):
        """Evaluate every harm trigger once; per remedy position, the list of its harm entries
        (one per harm with a trigger concerning it that fires, true or unknown)."""
        ctx, tables = self.ctx, self.tables
        results = tuple([condition(ctx) for condition in tables.trigger_conditions])
        fired = [[] for _ in REMEDIES]
        for span, spread in tables.harm_triggers:
            for position, piece in spread[results[span]]:
                fired[position].append(piece)
        return fired

    def _undescribed(self, remedy_id, code, remedy=None):
        """A remedy the knowledge base cannot judge here: unknown, never silently closed."""
        return {
            "remedy": remedy_id,
            "label": _text(remedy.label, self.lang)
            if remedy
            else self.label("remedies", remedy_id),
            "venue": remedy.venue if remedy else None,
            "jurisdiction": code,
            "eligibility": "possibly",
            "reasons": [
                {
                    "rule": None,
                    "text": say(
                        "not_described", self.lang, jurisdiction=self.label("jurisdictions", code)
                    ),
                    "sources": [],
                    "verification": "unverified",
                }
            ],
            "missing": [],
            "benefits": [],
            "deadline": None,
            "deadline_reason": None,
            "deadlines": [],
            "harms": [],
            "goals_served": [],
            "conflicts_with_limits": [],
            "secures_status": bool(remedy and remedy.secures_status),
            "exposes_person": False,
            "how_to_start": None,
            "legal_basis": None,
            "verification": "unverified",
            "unverified_rules": [],
            "sources": [],
            "trace": [],
        }

    # ------------------------------------------------------------ the whole plan

    def rank(self, options):
        """Options by eligibility, then fewest conflicts with the limits, then the goals they
        serve (earlier goals weigh more); ties keep vocabulary order, the order of ``options``,
        as the sort is stable. Each key is one int built in one comprehension and compared in
        C: a key function costs a Python call per option, a tuple key a tuple."""
        goal_rank = self.goal_rank
        if goal_rank:
            goal_count = len(goal_rank)
            # Goals are distinct (the situation is checked), so weights run from 1 to the count
            # and their sum stays below ``span``: the goals only break ties of the first keys.
            weight = {goal: goal_count - index for goal, index in goal_rank.items()}.__getitem__
            span = goal_count * (goal_count + 1) // 2 + 1
            keys = [
                (
                    ELIGIBILITY_ORDER[option["eligibility"]] * CONFLICT_SPAN
                    + len(option["conflicts_with_limits"])
                )
                * span
                - (sum(map(weight, served)) if (served := option["goals_served"]) else 0)
                for option in options
            ]
        else:
            keys = [
                ELIGIBILITY_ORDER[option["eligibility"]] * CONFLICT_SPAN
                + len(option["conflicts_with_limits"])
                for option in options
            ]
        ranked = list(map(options.__getitem__, sorted(range(len(options)), key=keys.__getitem__)))
        for position, option in enumerate(ranked, start=1):
            option["rank"] = position
        return ranked

    def sequence(self, ranked):
        precarious, _ = helpers.precarious_status(self.ctx)
        status_first = precarious is not False
        # ``ranked`` is in rank order and sorting is stable: ordering by step keeps rank order
        # within each step.
        steps = sorted(
            [
                (
                    0
                    if status_first and option["secures_status"]
                    else 2
                    if option["exposes_person"]
                    else 1,
                    option["remedy"],
                )
                for option in ranked
                if option["eligibility"] != "not_eligible"
            ],
            key=_FIRST,
        )
        return (
            list(map(_SECOND, steps)),
            list(map(STEP_ENTRIES.__getitem__, steps)),
            SEQUENCE_NOTES[self.lang][status_first],
        )

    def evidence(self, ranked):
        """One evidence plan: items serving the most open options first, each listing them in
        rank order."""
        tables = self.tables
        by_remedy = tables.evidence_by_remedy
        serving = [[] for _ in tables.evidence]  # by item: its open options, in rank order
        for option in ranked:
            if option["eligibility"] != "not_eligible":
                remedy_id = option["remedy"]
                for index in by_remedy.get(remedy_id, ()):
                    serving[index].append(remedy_id)
        # The items serving one at least, most first (sorted in C; the sort is stable, so ties
        # keep the items' order).
        order = sorted(
            compress(range(len(serving)), serving),
            key=list(map(len, serving)).__getitem__,
            reverse=True,
        )
        evidence = tables.evidence
        return [{**evidence[index][1], "serves": serving[index]} for index in order]

    def alerts(self, ranked):
        lang, facts, as_of = self.lang, self.situation.facts, self.as_of
        alerts = []
        if facts.get("exploitation.immediate_danger") is True:
            alerts.append(
                {
                    "kind": "immediate_danger",
                    "harm": None,
                    "message": say("alert_immediate_danger", lang),
                }
            )
        removal_date = facts.get("immigration.removal_date")
        if facts.get("immigration.removal_order") == "removal_scheduled" or removal_date:
            removal_text = None
            if removal_date:
                removal_text = removal_date.isoformat()  # formatted once: message and entry
                message = say(
                    "alert_removal_dated",
                    lang,
                    date=removal_text,
                    days=(removal_date - as_of).days,
                    as_of=as_of,
                )
            else:
                message = say("alert_removal_undated", lang)
            alerts.append(
                {
                    "kind": "removal_scheduled",
                    "harm": "removal",
                    "message": message,
                    "date": removal_text,
                }
            )
        if helpers.is_minor(self.ctx)[0] is True:
            alerts.append({"kind": "minor", "harm": None, "message": say("alert_minor", lang)})
        soon = []
        for option in compress(ranked, map(_DEADLINE, ranked)):  # the few with a deadline
            if option["eligibility"] == "not_eligible":
                continue
            # The ISO text sorts and reads as its date: no date is formatted back to text.
            deadline = option["deadline"]
            days = (datetime.date.fromisoformat(deadline) - as_of).days
            if 0 <= days <= SOON_DAYS:
                soon.append((deadline, option["remedy"], option, days))
        for deadline, _, option, days in sorted(soon, key=lambda row: row[:2]):
            alerts.append(
                {
                    "kind": "deadline_soon",
                    "harm": "deadline_lapse",
                    "remedy": option["remedy"],
                    "date": deadline,
                    "message": say(
                        "alert_deadline_soon",
                        lang,
                        remedy=option["label"],
                        date=deadline,
                        days=days,
                        label=option["deadline_reason"],
                    ),
                }
            )
        return alerts

    def build(self):
        kb, lang, situation = self.kb, self.lang, self.situation
        lists, dimensions, conclusion = assess_indicators(kb, self.ctx, lang)
        legal_tests = self.tests.all()
        found = vulnerabilities(kb, self.ctx, lang)
        self.fired = self.fire_triggers()  # after the assessment: triggers may read it
        options = self.options()
        ranked = self.rank(options)
        sequence, steps, sequence_note = self.sequence(ranked)
        missing_count = Counter(chain.from_iterable(map(_MISSING, ranked)))
        tables = self.tables
        # The assessment's sources joined to the options' in C: a plan cites about a hundred.
        assessed = set().union(
            *[item["sources"] for test in legal_tests for item in test["trace"]],
            *[
                item["sources"]
                for entry in (*dimensions.values(), conclusion, *found)
                for item in entry["trace"]
            ],
        )
        unverified = sorted(
            set()
            .union(*map(_UNVERIFIED_RULES, ranked))
            .union([t["test"] for t in legal_tests if t["verification"] == "unverified"])
        )
        return {
            "schema": "recours.plan/1",
            "as_of": situation.as_of.isoformat(),
            "jurisdiction": situation.jurisdiction,
            "work_jurisdiction": situation.work_jurisdiction,
            "lang": lang,
            "knowledge_version": kb.version,
            "assessment": {
                "indicator_lists": lists,
                "dimensions": dimensions,
                "ilo_ec_conclusion": conclusion,
                "legal_tests": legal_tests,
                "vulnerabilities": found,
            },
            "options": ranked,
            "sequence": sequence,
            "sequence_steps": steps,
            "sequence_note": sequence_note,
            "evidence": self.evidence(ranked),
            "alerts": self.alerts(ranked),
            "missing": [
                {"fact": path, "options": count}
                # most options first, then by path (two stable sorts, both in C)
                for path, count in sorted(sorted(missing_count.items()), key=_SECOND, reverse=True)
            ],
            "unverified_rules": unverified,
            "sources": list(
                compress(tables.source_rows, tables.bits(self.cited | tables.mask_of(assessed)))
            ),
        }


# (step, remedy id) -> its entry in a plan's sequence, shared by plans like every fragment.
STEP_ENTRIES = _Built(lambda key: {"remedy": key[1], "step": STEP_NAMES[key[0]]})
# The sequence note by language, then by whether securing status comes first.
SEQUENCE_NOTES = {
    lang: {True: say("sequence_status_first", lang), False: say("sequence_secure", lang)}
    for lang in ("en", "fr")
}


def make_plan(situation, kb, lang="en", as_of=None):
    """The plan for ``situation`` (a ``Situation`` or a raw mapping) as a JSON-ready dict."""
    if lang not in ("en", "fr"):
        raise ValueError(f"lang must be en or fr, got {lang!r}")
    if not isinstance(situation, Situation):
        situation = parse_situation(situation, as_of=as_of)
    elif as_of is not None and as_of != situation.as_of:
        situation = parse_situation({**situation.data, "as_of": as_of})
    planner = Planner(situation, kb, lang)
    try:
        return planner.build()
    finally:
        planner.ctx.test_evaluator = None  # the context and its legal tests refer to each other
