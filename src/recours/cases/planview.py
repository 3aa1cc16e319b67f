"""Shape a plan (recours.plan/1) for the pages: labels, links back to questions, grouping.

The engine decides the law; this module only arranges what it returned. Nothing is hidden: every
option, eligible or not, and every harm is kept, and a missing fact links to the question that
asks it.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recours.cases.questions import load_interview

VENUE_ORDER = ("immigration", "criminal", "labour", "human_rights", "civil", "support")
VENUE_LABELS = {
    "immigration": _("Immigration"),
    "criminal": _("Criminal"),
    "labour": _("Labour and employment"),
    "human_rights": _("Human rights"),
    "civil": _("Civil"),
    "support": _("Support"),
}
# The venue of each remedy, from the standard's vocabulary: used when the knowledge base does not
# describe a remedy yet, so that the option still shows under its venue and is never lost.
REMEDY_VENUES = {
    **dict.fromkeys(
        (
            "vtip_trp fv_trp owp_v humanitarian_compassionate refugee_claim prra "
            "restoration_of_status new_employer_work_permit permit_holder_class "
            "deferral_of_removal"
        ).split(),
        "immigration",
    ),
    **dict.fromkeys(
        "police_report_trafficking police_report_other_offences peace_bond".split(), "criminal"
    ),
    **dict.fromkeys(
        (
            "employment_standards_claim canada_labour_code_complaint recruitment_fee_recovery "
            "tfwp_employer_compliance_tip workers_compensation_claim "
            "occupational_health_safety_complaint"
        ).split(),
        "labour",
    ),
    "human_rights_complaint": "human_rights",
    **dict.fromkeys(
        "statutory_trafficking_tort civil_claim trafficking_protection_order".split(), "civil"
    ),
    **dict.fromkeys("victim_financial_assistance community_support".split(), "support"),
}
ELIGIBILITY_LABELS = {
    "eligible": _("Eligible"),
    "possibly": _("Possibly eligible"),
    "not_eligible": _("Not eligible"),
}
# Shapes, not colours alone: each state has an icon and a word (WCAG 1.4.1).
ELIGIBILITY_ICONS = {"eligible": "✓", "possibly": "?", "not_eligible": "✕"}
SEVERITY_LABELS = {"high": _("High risk"), "medium": _("Medium risk"), "low": _("Low risk")}
SEVERITY_ICONS = {"high": "▲", "medium": "◆", "low": "●"}
TEST_RESULT_LABELS = {"met": _("Met"), "not_met": _("Not met"), "unknown": _("Unknown")}
PRESENT_LABELS = {True: _("Present"), False: _("Not found"), None: _("Not enough known")}


def humanize(identifier):
    return str(identifier).replace("_", " ").replace(".", ": ").capitalize()


class Labeller:
    """Labels for vocabulary ids, from the knowledge base when it has them.

    ``kb_labels`` maps a kind ("remedies", "harms", "indicators", ...) to {id: {en, fr}}.
    """

    def __init__(self, kb_labels, lang):
        self.kb_labels = kb_labels or {}
        self.lang = lang

    def __call__(self, kind, identifier):
        text = self.kb_labels.get(kind, {}).get(identifier)
        if isinstance(text, dict):
            return text.get(self.lang) or text.get("en") or humanize(identifier)
        if isinstance(text, str):
            return text
        return humanize(identifier)


@dataclass
class MissingFact:
    path: str
    label: str
    url: str | None


@dataclass
class Reason:
    text: str
    rule: str | None = None
    sources: list = field(default_factory=list)

    @property
    def source_anchors(self):
        """Links to the plan's list of sources (each anchor escaped once per process)."""
        return mark_safe(" ".join(_source_anchor(s) for s in self.sources))  # noqa: S308


@lru_cache(maxsize=4096)
def _source_link(source_id, title, url, checked_on, checked):
    """One source as a link, built once per process: sources come from the knowledge base."""
    title = title or source_id
    link = (
        format_html('<a href="{}" rel="noreferrer noopener">{}</a>', url, title)
        if url
        else format_html("{}", title)
    )
    if checked_on:
        link = format_html("{} ({} {})", link, checked, checked_on)
    return link


@lru_cache(maxsize=4096)
def _source_anchor(source_id):
    """Source ids come from the knowledge base, a bounded set: build each link once."""
    return format_html('<a href="#source-{}">[{}]</a>', source_id, source_id)


def _reason(raw):
    if isinstance(raw, dict):
        text = raw.get("text") or raw.get("message") or raw.get("reason") or ""
        sources = raw.get("sources") or ([raw["source"]] if raw.get("source") else [])
        return Reason(str(text), raw.get("rule") or raw.get("rule_id"), list(sources))
    return Reason(str(raw))


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class PlanView:
    """Everything the plan, compare and print pages show, built once per request."""

    def __init__(self, plan, case_id, lang, kb_labels=None):
        self.plan = plan
        self.case_id = case_id
        self.lang = lang
        self.label = Labeller(kb_labels, lang)
        self.interview = load_interview()
        self.sources = {s["id"]: s for s in plan.get("sources", [])}
        self.sequence = list(plan.get("sequence", []))

    # -- links back to the interview --------------------------------------------------------
    def missing(self, paths):
        """The facts and their questions; one list per set of paths, shared by every entry."""
        memo = self.__dict__.setdefault("_missing_lists", {})
        key = tuple(paths or ())
        if key not in memo:
            memo[key] = [self._missing_fact(path) for path in key]
        return memo[key]

    def _missing_fact(self, path):
        """One fact and the question asking it; memoised, as many options miss the same facts."""
        memo = self.__dict__.setdefault("_missing_memo", {})
        if path not in memo:
            question = self.interview.question_for_path(path)
            field_ = self.interview.fields.get(path)
            label = field_.label[self.lang] if field_ else humanize(path)
            url = None
            if question is not None:
                url = reverse("cases:intake_topic", args=[self.case_id, question.topic])
                url += f"#q-{question.id}"
            memo[path] = MissingFact(path, label, url)
        return memo[path]

    def source_links(self, ids):
        """Sources as escaped HTML, built once per source: a plan cites the same ones often."""
        if not hasattr(self, "_source_html"):
            checked = gettext("checked")
            self._source_html = {
                source["id"]: _source_link(
                    source["id"],
                    source.get("title"),
                    source.get("url"),
                    source.get("checked_on"),
                    checked,
                )
                for source in self.sources.values()
            }
        return mark_safe(  # noqa: S308 - every part is escaped by format_html
            "; ".join(self._source_html.get(i) or format_html("{}", i) for i in ids or [])
        )

    def all_sources(self):
        self.source_links([])
        return format_html_join(
            "\n", '<li id="source-{}">{}</li>', ((i, h) for i, h in self._source_html.items())
        )

    # -- the sections ----------------------------------------------------------------------
    def dimensions(self):
        rows = []
        for dim_id, dim in (self.plan.get("assessment", {}).get("dimensions") or {}).items():
            present = dim.get("present")
            rows.append(
                {
                    "id": dim_id,
                    "label": self.label("dimensions", dim_id),
                    "present": present,
                    "present_label": PRESENT_LABELS.get(present, PRESENT_LABELS[None]),
                    "indicators": [
                        {"id": i, "label": self.label("indicators", i)}
                        for i in dim.get("indicators", [])
                    ],
                    "reason": " ".join(
                        _reason(r).text for r in _as_list(dim.get("reasons") or dim.get("reason"))
                    ),
                }
            )
        return rows

    def legal_tests(self):
        rows = []
        for test in self.plan.get("assessment", {}).get("legal_tests", []):
            rows.append(
                {
                    "id": test["test"],
                    "label": test.get("label") or self.label("legal_tests", test["test"]),
                    "result": test.get("result", "unknown"),
                    "result_label": TEST_RESULT_LABELS.get(test.get("result"), _("Unknown")),
                    "missing": self.missing(test.get("missing")),
                    "reasons": [_reason(r) for r in test.get("reasons", [])],
                    "sources": self.source_links(test.get("sources")),
                }
            )
        return rows

    def harm(self, harm):
        """One harm entry; memoised by object, as the engine shares entries between options."""
        memo = self.__dict__.setdefault("_harm_memo", {})
        key = id(harm)  # the plan holds every entry for as long as this view lives
        if key not in memo:
            severity = harm.get("severity", "medium")
            memo[key] = {
                "id": harm["harm"],
                "label": harm.get("label") or self.label("harms", harm["harm"]),
                "severity": severity,
                "severity_label": self._words(SEVERITY_LABELS).get(severity, severity),
                "icon": SEVERITY_ICONS.get(severity, "◆"),
                "possible": bool(harm.get("possible")),
                "why": [_reason(w) for w in _as_list(harm.get("why"))],
                "missing": self.missing(harm.get("missing")),
                "mitigations": [
                    self.label("mitigations", m)
                    if isinstance(m, str)
                    else (m.get("label") or _reason(m).text)
                    for m in harm.get("mitigations", [])
                ],
            }
        return memo[key]

    def _words(self, labels):
        """A table of lazy labels in this view's language, translated once per view."""
        memo = self.__dict__.setdefault("_words_memo", {})
        if id(labels) not in memo:
            memo[id(labels)] = {key: str(label) for key, label in labels.items()}
        return memo[id(labels)]

    def option(self, raw):
        eligibility = raw.get("eligibility", "possibly")
        remedy = raw["remedy"]
        return {
            "remedy": remedy,
            "label": raw.get("label") or self.label("remedies", remedy),
            "venue": raw.get("venue") or REMEDY_VENUES.get(remedy, "support"),
            "eligibility": eligibility,
            "eligibility_label": self._words(ELIGIBILITY_LABELS).get(eligibility, eligibility),
            "eligibility_icon": ELIGIBILITY_ICONS.get(eligibility, "?"),
            "reasons": [_reason(r) for r in raw.get("reasons", [])],
            "missing": self.missing(raw.get("missing")),
            "benefits": [_reason(b).text for b in raw.get("benefits", [])],
            "deadline": _parse_date(raw.get("deadline")),
            "deadline_reason": _reason(raw["deadline_reason"]).text
            if raw.get("deadline_reason")
            else "",
            "harms": [self.harm(harm) for harm in raw.get("harms", [])],
            "goals_served": [self.label("goals", g) for g in raw.get("goals_served", [])],
            "conflicts": [self.label("limits", x) for x in raw.get("conflicts_with_limits", [])],
            "sources": self.source_links(raw.get("sources")),
            "rank": self.sequence.index(remedy) + 1 if remedy in self.sequence else None,
        }

    def options(self):
        """Every option, shaped once per request (venues, sequence and deadlines reuse it)."""
        if "_options" not in self.__dict__:
            self._options = [self.option(raw) for raw in self.plan.get("options", [])]
        return self._options

    def venues(self):
        """Options grouped by venue, in plan order within each venue."""
        grouped = {}
        for option in self.options():
            grouped.setdefault(option["venue"], []).append(option)
        order = [v for v in VENUE_ORDER if v in grouped] + sorted(
            v for v in grouped if v not in VENUE_ORDER
        )
        return [
            {"id": v, "label": VENUE_LABELS.get(v, humanize(v)), "options": grouped[v]}
            for v in order
        ]

    def sequence_options(self):
        by_id = {o["remedy"]: o for o in self.options()}
        return [by_id[r] for r in self.sequence if r in by_id]

    def alerts(self):
        return [
            {
                "kind": a.get("kind"),
                "harm": self.label("harms", a["harm"]) if a.get("harm") else "",
                "message": _reason(a.get("message", "")).text,
            }
            for a in self.plan.get("alerts", [])
        ]

    def evidence(self):
        return [
            {
                "item": e["item"],
                "label": e.get("label") or self.label("evidence", e["item"]),
                "serves": [self.label("remedies", r) for r in e.get("serves", [])],
            }
            for e in self.plan.get("evidence", [])
        ]

    def deadlines(self):
        """Options with a computed deadline, soonest first (for tasks)."""
        rows = [o for o in self.options() if o["deadline"]]
        return sorted(rows, key=lambda o: o["deadline"])


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
