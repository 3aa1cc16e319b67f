"""The plan (``recours.plan/1``): a pure, deterministic function of (situation, knowledge, as_of).

Every vocabulary remedy appears exactly once. Eligibility comes only from the rules in force;
the client's goals and limits rank and sequence the options and mark conflicts, never more.
Per-jurisdiction remedy tables (variant, merged rules, how to start, harm triggers) are built
once per knowledge base and reused by every plan.
"""

import datetime
from dataclasses import dataclass

from recours.engine import helpers
from recours.engine.assess import LegalTests, assess_indicators, vulnerabilities
from recours.engine.conditions import Context
from recours.engine.dates import add_period
from recours.engine.knowledge import resolve_variant
from recours.engine.situation import Situation, parse_situation
from recours.engine.text import say
from recours.engine.vocabulary import REMEDIES

ELIGIBILITY_ORDER = {"eligible": 0, "possibly": 1, "not_eligible": 2}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
VERIFICATION_ORDER = {"primary": 0, "secondary": 1, "unverified": 2, None: 2}
SOON_DAYS = 30
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


def _trace(rule_id, sources):
    return {"rule": rule_id, "sources": list(sources)}


@dataclass
class RemedyEntry:
    """One remedy as it stands in one jurisdiction under one variant: precomputed once."""

    remedy: object
    variant: object
    rules: tuple  # (rule, compiled condition)
    deadlines: tuple
    how: dict
    conflicts: tuple  # (limit, level)
    triggers: tuple  # (harm, trigger, compiled condition)


def _merged_how(remedy, variant):
    fields = type(remedy.how_to_start).model_fields
    how = {key: getattr(remedy.how_to_start, key) for key in fields}
    if variant is not None and variant.how_to_start is not None:
        for key in fields:
            value = getattr(variant.how_to_start, key)
            if value is not None:
                how[key] = value
    return how


def _entry(kb, remedy, variant):
    key = (remedy.id, variant.id if variant is not None else None)
    cache = kb.tables.setdefault("entries", {})
    entry = cache.get(key)
    if entry is not None:
        return entry
    rules = list(remedy.eligibility)
    deadlines = list(remedy.deadlines)
    if variant is not None:
        rules += variant.eligibility
        deadlines += variant.deadlines
    how = _merged_how(remedy, variant)
    conflicts = []
    for prop, limit, values in LIMIT_PROPERTIES:
        value = how.get(prop)
        if value in values:
            conflicts.append((limit, "possible" if value == "possible" else "certain"))
    triggers = kb.tables.setdefault("triggers", _trigger_index(kb)).get(remedy.id, ())
    entry = cache[key] = RemedyEntry(
        remedy,
        variant,
        tuple((rule, kb.condition(rule.id)) for rule in rules),
        tuple(deadlines),
        how,
        tuple(conflicts),
        triggers,
    )
    return entry


def _trigger_index(kb):
    index = {}
    for harm in kb.harms.values():
        for trigger in harm.triggers:
            for remedy_id in trigger.remedies:
                index.setdefault(remedy_id, []).append((harm, trigger, kb.condition(trigger.id)))
    return {remedy_id: tuple(items) for remedy_id, items in index.items()}


def _in_force(item, on):
    return item.in_force is None or item.in_force.applies(on)


def _text(value, lang):
    return getattr(value, lang) if value is not None else None


class Planner:
    """Builds one plan; an object only to share the per-plan state between small steps."""

    def __init__(self, situation, kb, lang):
        self.situation, self.kb, self.lang = situation, kb, lang
        self.as_of = situation.as_of
        self.ctx = Context(situation.facts, situation.as_of)
        self.tests = LegalTests(kb, self.ctx, lang)
        self.ctx.test_evaluator = self.tests
        self.goal_rank = {goal: index for index, goal in enumerate(situation.goals)}
        self.limits = set(situation.limits)

    def label(self, category, item_id):
        return self.kb.label(category, item_id, self.lang)

    # ------------------------------------------------------------ options

    def option(self, remedy_id):
        kb, lang, as_of = self.kb, self.lang, self.as_of
        remedy = kb.remedies.get(remedy_id)
        if remedy is None:
            code = self.situation.jurisdiction
            return self._undescribed(remedy_id, code)
        code = (
            self.situation.work_jurisdiction
            if remedy.jurisdiction_from == "work"
            else self.situation.jurisdiction
        )
        variant = resolve_variant(remedy, code, as_of)
        if variant is None:
            return self._undescribed(remedy_id, code, remedy)
        entry = _entry(kb, remedy, variant)
        # A rule without its own verification level carries its remedy's.
        self._owner_verification = remedy.verification
        reasons, missing, trace = [], [], [_trace(remedy.id, remedy.sources)]
        verifications = [remedy.verification, variant.verification]
        sources = list(dict.fromkeys([*remedy.sources, *variant.sources]))
        trace.append(_trace(variant.id, variant.sources))
        jurisdiction_label = self.label("jurisdictions", code)
        deadline = deadline_reason = None
        deadlines = []
        if not _in_force(remedy, as_of):
            eligibility = "not_eligible"
            reasons.append(self._reason(remedy.id, say("not_in_force", lang, as_of=as_of), remedy))
        elif not variant.available:
            eligibility = "not_eligible"
            text = say(
                "not_available",
                lang,
                jurisdiction=jurisdiction_label,
                reason=_text(variant.reason, lang),
            )
            reasons.append(self._reason(variant.id, text, variant))
        else:
            eligibility = "eligible"
            body = _text(variant.body, lang) or _text(remedy.label, lang)
            text = say("available", lang, jurisdiction=jurisdiction_label, body=body)
            reasons.append(self._reason(variant.id, text, variant))
            for rule, condition in entry.rules:
                if not _in_force(rule, as_of):
                    continue
                value, rule_missing = condition(self.ctx)
                trace.append(_trace(rule.id, rule.sources))
                verifications.append(rule.verification)
                if value is None:
                    text = rule.ask
                    missing.extend(rule_missing)
                    if eligibility == "eligible":
                        eligibility = "possibly"
                elif value is (rule.kind == "requires"):
                    text = rule.yes if rule.kind == "requires" else rule.no
                else:
                    text = rule.no if rule.kind == "requires" else rule.yes
                    eligibility = "not_eligible"
                reasons.append(self._reason(rule.id, _text(text, lang), rule))
            deadline, deadline_reason, eligibility = self._deadlines(
                entry, eligibility, reasons, missing, trace, deadlines, verifications
            )
        harms = self._harms(entry, trace)
        return self._assemble(
            remedy, variant, entry, code, eligibility, reasons, missing, trace, harms,
            deadline, deadline_reason, deadlines, verifications, sources,
        )  # fmt: skip

    def _deadlines(self, entry, eligibility, reasons, missing, trace, deadlines, verifications):
        lang, as_of, facts = self.lang, self.as_of, self.situation.facts
        upcoming, passed = [], []
        for rule in entry.deadlines:
            if not _in_force(rule, as_of):
                continue
            trace.append(_trace(rule.id, rule.sources))
            verifications.append(rule.verification)
            label = _text(rule.label, lang)
            start = next((facts[path] for path in rule.from_ if facts.get(path)), None)
            if start is None:
                missing.extend(rule.from_)
                deadlines.append({"rule": rule.id, "date": None, "label": label})
                reasons.append(
                    self._reason(rule.id, say("deadline_unknown", lang, label=label), rule)
                )
                continue
            date = add_period(start, rule.period)
            deadlines.append({"rule": rule.id, "date": date.isoformat(), "label": label})
            if date >= as_of:
                upcoming.append((date, label))
                reasons.append(
                    self._reason(rule.id, say("deadline_on", lang, label=label, date=date), rule)
                )
            elif rule.late_filing is not None:
                passed.append((date, label))
                text = say(
                    "deadline_passed_late",
                    lang,
                    label=label,
                    date=date,
                    late_filing=_text(rule.late_filing, lang),
                )
                reasons.append(self._reason(rule.id, text, rule))
                if eligibility == "eligible":
                    eligibility = "possibly"
            else:
                passed.append((date, label))
                reasons.append(
                    self._reason(
                        rule.id, say("deadline_passed", lang, label=label, date=date), rule
                    )
                )
                eligibility = "not_eligible"
        if upcoming:
            date, label = min(upcoming)
        elif passed:
            date, label = max(passed)
        else:
            return None, None, eligibility
        return date.isoformat(), label, eligibility

    def _harms(self, entry, trace):
        lang, ctx, as_of = self.lang, self.ctx, self.as_of
        found = {}
        for harm, trigger, condition in entry.triggers:
            if not _in_force(trigger, as_of):
                continue
            value, trigger_missing = condition(ctx)
            if value is False:
                continue
            item = found.get(harm.id)
            if item is None:
                item = found[harm.id] = {
                    "harm": harm,
                    "likely": [],
                    "possible": [],
                    "missing": [],
                }
            (item["likely"] if value else item["possible"]).append(trigger)
            item["missing"].extend(trigger_missing)
        harms = []
        for harm_id, item in found.items():
            harm = item["harm"]
            fired = item["likely"] or item["possible"]
            severity = min((t.severity for t in fired), key=SEVERITY_ORDER.__getitem__)
            mitigations = []
            for trigger in fired:
                for mitigation_id in trigger.mitigations:
                    if mitigation_id not in mitigations:
                        mitigations.append(mitigation_id)
            for trigger in fired:
                trace.append(_trace(trigger.id, trigger.sources))
            harms.append(
                {
                    "harm": harm_id,
                    "label": _text(harm.label, lang),
                    "likelihood": "likely" if item["likely"] else "possible",
                    "severity": severity,
                    "threatens_liberty_or_status": harm.threatens_liberty_or_status,
                    "why": " ".join(_text(t.why, lang) for t in fired),
                    "missing": [] if item["likely"] else list(dict.fromkeys(item["missing"])),
                    "mitigations": [self._mitigation(m) for m in mitigations],
                    "verification": max(
                        (t.verification or "unverified" for t in fired),
                        key=VERIFICATION_ORDER.__getitem__,
                    ),
                    "trace": [
                        _trace(harm.id, harm.sources),
                        *(_trace(t.id, t.sources) for t in fired),
                    ],
                }
            )
        harms.sort(
            key=lambda h: (
                not h["threatens_liberty_or_status"],
                h["likelihood"] != "likely",
                SEVERITY_ORDER[h["severity"]],
                h["harm"],
            )
        )
        return harms

    def _mitigation(self, mitigation_id):
        mitigation = self.kb.mitigations[mitigation_id]
        return {
            "id": mitigation_id,
            "label": _text(mitigation.label, self.lang),
            "detail": _text(mitigation.detail, self.lang),
            "remedy": mitigation.remedy,
        }

    def _reason(self, rule_id, text, rule):
        return {
            "rule": rule_id,
            "text": text,
            "sources": list(rule.sources),
            "verification": rule.verification or self._owner_verification,
        }

    def _assemble(
        self, remedy, variant, entry, code, eligibility, reasons, missing, trace, harms,
        deadline, deadline_reason, deadlines, verifications, sources,
    ):  # fmt: skip
        lang = self.lang
        goal_rank = self.goal_rank
        served = sorted((g for g in remedy.goals_served if g in goal_rank), key=goal_rank.get)
        conflicts = [limit for limit, _ in entry.conflicts if limit in self.limits]
        benefits = variant.benefits if variant.benefits is not None else remedy.benefits
        how = entry.how
        for item in trace:
            for source in item["sources"]:
                if source not in sources:
                    sources.append(source)
        unverified = sorted({t["rule"] for t in trace if self._unverified(t["rule"])})
        return {
            "remedy": remedy.id,
            "label": _text(remedy.label, lang),
            "venue": remedy.venue,
            "jurisdiction": code,
            "eligibility": eligibility,
            "reasons": reasons,
            # Facts that would settle a "possibly"; a closed option has nothing left to settle.
            "missing": [] if eligibility == "not_eligible" else list(dict.fromkeys(missing)),
            "benefits": [_text(b, lang) for b in benefits],
            "deadline": deadline,
            "deadline_reason": deadline_reason,
            "deadlines": deadlines,
            "harms": harms,
            "goals_served": served,
            "conflicts_with_limits": conflicts,
            "secures_status": remedy.secures_status,
            "exposes_person": any(h["threatens_liberty_or_status"] for h in harms),
            "how_to_start": {
                "body": _text(variant.body, lang),
                "steps": _text(how["steps"], lang),
                "fees": _text(how["fees"], lang),
                **{key: how.get(key) for key in HOW_FIELDS},
            },
            "legal_basis": _text(remedy.legal_basis, lang),
            "verification": max(
                (v for v in verifications if v), key=VERIFICATION_ORDER.__getitem__
            ),
            "unverified_rules": unverified,
            "sources": sources,
            "trace": trace,
        }

    def _unverified(self, rule_id):
        record = self.kb.rules.get(rule_id)
        return record is not None and record.verification == "unverified"

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
        goal_count = len(self.goal_rank)

        def key(option):
            goal_score = sum(goal_count - self.goal_rank[g] for g in option["goals_served"])
            return (
                ELIGIBILITY_ORDER[option["eligibility"]],
                len(option["conflicts_with_limits"]),
                -goal_score,
                REMEDIES.index(option["remedy"]),
            )

        ranked = sorted(options, key=key)
        for position, option in enumerate(ranked, start=1):
            option["rank"] = position
        return ranked

    def sequence(self, ranked):
        precarious, _ = helpers.precarious_status(self.ctx)
        status_first = precarious is not False
        open_options = [o for o in ranked if o["eligibility"] != "not_eligible"]

        def group(option):
            if option["exposes_person"]:
                return 2
            if status_first and option["secures_status"]:
                return 0
            return 1

        ordered = sorted(open_options, key=lambda o: (group(o), o["rank"]))
        names = {0: "secure_status", 1: "claim", 2: "exposing"}
        steps = [{"remedy": o["remedy"], "step": names[group(o)]} for o in ordered]
        note = say("sequence_status_first" if status_first else "sequence_secure", self.lang)
        return [o["remedy"] for o in ordered], steps, note

    def evidence(self, ranked):
        open_ids = [o["remedy"] for o in ranked if o["eligibility"] != "not_eligible"]
        items = []
        for position, item in enumerate(self.kb.evidence):
            serves = [remedy for remedy in open_ids if remedy in item.serves]
            if serves:
                items.append((-len(serves), position, item, serves))
        items.sort(key=lambda row: row[:2])
        return [
            {
                "item": item.id,
                "label": _text(item.label, self.lang),
                "detail": _text(item.detail, self.lang),
                "serves": serves,
                "sources": list(item.sources),
            }
            for _, _, item, serves in items
        ]

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
            if removal_date:
                message = say(
                    "alert_removal_dated",
                    lang,
                    date=removal_date,
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
                    "date": removal_date.isoformat() if removal_date else None,
                }
            )
        if helpers.is_minor(self.ctx)[0] is True:
            alerts.append({"kind": "minor", "harm": None, "message": say("alert_minor", lang)})
        soon = []
        for option in ranked:
            if option["eligibility"] == "not_eligible" or not option["deadline"]:
                continue
            date = datetime.date.fromisoformat(option["deadline"])
            days = (date - as_of).days
            if 0 <= days <= SOON_DAYS:
                soon.append((date, option["remedy"], option, days))
        for date, _, option, days in sorted(soon, key=lambda row: row[:2]):
            alerts.append(
                {
                    "kind": "deadline_soon",
                    "harm": "deadline_lapse",
                    "remedy": option["remedy"],
                    "date": date.isoformat(),
                    "message": say(
                        "alert_deadline_soon",
                        lang,
                        remedy=option["label"],
                        date=date,
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
        options = [self.option(remedy_id) for remedy_id in REMEDIES]
        ranked = self.rank(options)
        sequence, steps, sequence_note = self.sequence(ranked)
        missing_count = {}
        for option in ranked:
            for path in option["missing"]:
                missing_count[path] = missing_count.get(path, 0) + 1
        cited = set()
        for option in ranked:
            cited.update(option["sources"])
            for harm in option["harms"]:
                for item in harm["trace"]:
                    cited.update(item["sources"])
        for test in legal_tests:
            for item in test["trace"]:
                cited.update(item["sources"])
        for entry in (*dimensions.values(), conclusion, *found):
            for item in entry["trace"]:
                cited.update(item["sources"])
        unverified = sorted(
            {rule for option in ranked for rule in option["unverified_rules"]}
            | {t["test"] for t in legal_tests if t["verification"] == "unverified"}
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
                for path, count in sorted(missing_count.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "unverified_rules": unverified,
            "sources": [self._source(source_id) for source_id in sorted(cited)],
        }

    def _source(self, source_id):
        source = self.kb.sources[source_id]
        title = source.title if isinstance(source.title, str) else _text(source.title, self.lang)
        return {
            "id": source.id,
            "title": title,
            "url": source.url,
            "checked_on": source.checked_on.isoformat(),
            "verification": source.verification,
        }


def make_plan(situation, kb, lang="en", as_of=None):
    """The plan for ``situation`` (a ``Situation`` or a raw mapping) as a JSON-ready dict."""
    if lang not in ("en", "fr"):
        raise ValueError(f"lang must be en or fr, got {lang!r}")
    if not isinstance(situation, Situation):
        situation = parse_situation(situation, as_of=as_of)
    elif as_of is not None and as_of != situation.as_of:
        situation = parse_situation({**situation.data, "as_of": as_of})
    return Planner(situation, kb, lang).build()
