"""The practitioner memo: the whole response plan, every conclusion with its rule and source.

``build_memo`` returns a list of blocks (headings, paragraphs, lists, tables) so that the
Markdown, DOCX and HTML/PDF renderers lay out the very same content.
"""

from django.utils import translation
from django.utils.translation import pgettext

from recours.documents import plain
from recours.documents.dates import long_date
from recours.documents.handout import LIBERTY_OR_STATUS_HARMS, SEVERITY_ORDER

MEMO_LANGUAGES = ("en", "fr")


def heading(level, text):
    return {"type": "heading", "level": level, "text": text}


def paragraph(text, style=None):
    return {"type": "paragraph", "text": text, "style": style}


def bullets(items, ordered=False):
    return {"type": "list", "items": list(items), "ordered": ordered}


def table(header, rows):
    return {"type": "table", "header": list(header), "rows": [list(r) for r in rows]}


class Labels:
    """Readable names for vocabulary ids: the knowledge base's labels when it is given, else
    the handout's plain titles (remedies, harms), else the id itself, so nothing is hidden."""

    def __init__(self, kb, lang, plan=None):
        self.kb = kb
        self.lang = lang
        self.plan_labels = {
            option["remedy"]: option.get("label") for option in (plan or {}).get("options", [])
        }

    def _from_kb(self, kind, identifier):
        if self.kb is None:
            return None
        from recours.documents.kb_labels import kb_label

        return kb_label(self.kb, kind, identifier, self.lang)

    def remedy(self, remedy, given=None):
        return (
            text_of(given or self.plan_labels.get(remedy), self.lang)
            or self._from_kb("remedies", remedy)
            or plain.remedy_text(remedy, self.lang)["title"]
        )

    def harm(self, harm, given=None):
        return (
            text_of(given, self.lang)
            or self._from_kb("harms", harm)
            or plain.harm_text(harm, self.lang)["name"]
        )

    def vocabulary(self, kind, identifier, given=None):
        return text_of(given, self.lang) or self._from_kb(kind, identifier) or str(identifier)


def text_of(value, lang):
    """A plan text as written: a string, a ``{en, fr}`` text, or a ``{text, rule, sources}``
    reason, whose rule and sources are kept as a citation."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "text" in value or "rule" in value:
            body = text_of(value.get("text") or value.get("message") or "", lang)
            return body + citation(value.get("rule"), value.get("sources"))
        if lang in value or "en" in value:
            return str(value.get(lang) or value.get("en"))
    return str(value)


def citation(rule=None, sources=None):
    parts = []
    if rule:
        parts.append(pgettext("memo", "rule %(rule)s") % {"rule": rule})
    if sources:
        parts.append(pgettext("memo", "sources %(sources)s") % {"sources": ", ".join(sources)})
    return f" [{'; '.join(parts)}]" if parts else ""


def _yes_no_unknown(value):
    return {True: pgettext("memo", "present"), False: pgettext("memo", "absent")}.get(
        value, pgettext("memo", "unknown")
    )


def build_memo(plan, *, lang="en", kb=None, client_reference=None):
    """The memo blocks for ``plan`` in ``lang`` (en or fr)."""
    if lang not in MEMO_LANGUAGES:
        raise ValueError(f"the memo is written in {', '.join(MEMO_LANGUAGES)}, not {lang!r}")
    with translation.override(lang):
        return _build(plan, lang, Labels(kb, lang, plan), client_reference)


def _build(plan, lang, labels, client_reference):
    blocks = [heading(1, pgettext("memo", "Response plan"))]
    meta = pgettext(
        "memo",
        "Assessment as of %(date)s. Jurisdiction: %(jurisdiction)s. "
        "Knowledge base version: %(version)s.",
    ) % {
        "date": long_date(plan["as_of"], lang),
        "jurisdiction": labels.vocabulary("jurisdictions", plan["jurisdiction"]),
        "version": plan.get("knowledge_version", pgettext("memo", "not stated")),
    }
    blocks.append(paragraph(meta))
    if client_reference:
        blocks.append(
            paragraph(pgettext("memo", "File: %(reference)s") % {"reference": client_reference})
        )
    blocks.append(
        paragraph(
            pgettext(
                "memo",
                "Confidential: prepared for the practitioner's file. It informs the "
                "practitioner's advice; the client decides. Legal information, not a decision.",
            ),
            style="note",
        )
    )

    alerts = plan.get("alerts") or []
    blocks.append(heading(2, pgettext("memo", "Alerts")))
    if alerts:
        blocks.append(
            bullets(
                f"{alert['kind']}: {text_of(alert.get('message'), lang)}"
                + (f" ({labels.harm(alert['harm'])})" if alert.get("harm") else "")
                for alert in alerts
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "No urgent matter was found.")))

    blocks += _assessment(plan.get("assessment") or {}, lang, labels)
    blocks += _options(plan, lang, labels)

    blocks.append(heading(2, pgettext("memo", "Recommended sequence")))
    if plan.get("sequence_note"):
        blocks.append(paragraph(text_of(plan["sequence_note"], lang)))
    sequence = plan.get("sequence") or []
    steps = {s["remedy"]: s.get("step") for s in plan.get("sequence_steps") or []}
    if sequence:
        blocks.append(
            bullets(
                (labels.remedy(r) + (f" ({steps[r]})" if steps.get(r) else "") for r in sequence),
                ordered=True,
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "The plan recommends no sequence.")))

    blocks.append(heading(2, pgettext("memo", "Evidence plan")))
    evidence = plan.get("evidence") or []
    if evidence:
        blocks.append(
            table(
                [pgettext("memo", "Evidence"), pgettext("memo", "Serves")],
                (
                    [
                        labels.vocabulary("evidence", item["item"], item.get("label"))
                        + (f": {text_of(item['detail'], lang)}" if item.get("detail") else "")
                        + citation(None, item.get("sources")),
                        ", ".join(labels.remedy(r) for r in item.get("serves") or []),
                    ]
                    for item in evidence
                ),
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "No evidence item is listed.")))

    blocks.append(heading(2, pgettext("memo", "Deadlines")))
    dated = sorted(
        (o for o in plan["options"] if o.get("deadline")), key=lambda o: str(o["deadline"])
    )
    if dated:
        blocks.append(
            table(
                [pgettext("memo", "Date"), pgettext("memo", "Option"), pgettext("memo", "Rule")],
                (
                    [
                        long_date(o["deadline"], lang),
                        labels.remedy(o["remedy"]),
                        text_of(o.get("deadline_reason"), lang),
                    ]
                    for o in dated
                ),
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "No deadline could be computed.")))
    undated = [
        o for o in plan["options"]
        if not o.get("deadline") and o.get("deadline_reason") and o["eligibility"] != "not_eligible"
    ]  # fmt: skip
    if undated:
        blocks.append(paragraph(pgettext("memo", "Deadlines that need a date:")))
        blocks.append(
            bullets(
                f"{labels.remedy(o['remedy'])}: {text_of(o['deadline_reason'], lang)}"
                + (
                    f" ({pgettext('memo', 'missing')}: {', '.join(o.get('missing') or [])})"
                    if o.get("missing")
                    else ""
                )
                for o in undated
            )
        )

    blocks.append(heading(2, pgettext("memo", "Facts that would change an answer")))
    missing = plan.get("missing") or []
    if missing:
        blocks.append(
            bullets(
                pgettext("memo", "%(fact)s (%(count)s options)")
                % {"fact": m["fact"], "count": m.get("options", "?")}
                if isinstance(m, dict)
                else str(m)
                for m in missing
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "None: every answer rests on known facts.")))
    if plan.get("unverified_rules"):
        blocks.append(heading(2, pgettext("memo", "Unverified rules")))
        blocks.append(bullets(text_of(r, lang) for r in plan["unverified_rules"]))

    blocks.append(heading(2, pgettext("memo", "Sources")))
    blocks.append(
        table(
            [
                pgettext("memo", "Id"),
                pgettext("memo", "Title"),
                pgettext("memo", "Address"),
                pgettext("memo", "Checked on"),
            ],
            (
                [
                    s["id"],
                    text_of(s.get("title"), lang),
                    s.get("url", ""),
                    str(s.get("checked_on", "")),
                ]
                for s in plan.get("sources") or []
            ),
        )
    )
    return blocks


def _assessment(assessment, lang, labels):
    blocks = [heading(2, pgettext("memo", "Assessment"))]
    lists = assessment.get("indicator_lists") or []
    blocks.append(
        paragraph(
            pgettext("memo", "Indicator lists applied: %(lists)s.")
            % {
                "lists": ", ".join(labels.vocabulary("indicator_lists", i) for i in lists)
                or pgettext("memo", "none")
            }
        )
    )
    blocks.append(heading(3, pgettext("memo", "Dimensions")))
    dimensions = assessment.get("dimensions") or {}
    blocks.append(
        table(
            [
                pgettext("memo", "Dimension"),
                pgettext("memo", "Finding"),
                pgettext("memo", "Indicators"),
                pgettext("memo", "Reason"),
            ],
            (
                [
                    labels.vocabulary("dimensions", name),
                    _yes_no_unknown(entry.get("present")),
                    ", ".join(entry.get("indicators") or []) or "-",
                    " ".join(
                        text_of(r, lang) for r in entry.get("reasons") or [entry.get("reason")]
                    )
                    + _trace_citation(entry.get("trace")),
                ]
                for name, entry in dimensions.items()
            ),
        )
    )
    blocks.append(heading(3, pgettext("memo", "Legal tests")))
    blocks.append(
        paragraph(
            pgettext("memo", "Each legal definition is judged on its own; none is a single label."),
            "note",
        )
    )
    results = {
        "met": pgettext("memo", "met"),
        "not_met": pgettext("memo", "not met"),
        "unknown": pgettext("memo", "unknown"),
    }
    for test in assessment.get("legal_tests") or []:
        blocks.append(
            heading(
                4,
                f"{labels.vocabulary('legal_tests', test['test'], test.get('label'))}: "
                f"{results.get(test['result'], test['result'])}",
            )
        )
        blocks.append(bullets(text_of(r, lang) for r in test.get("reasons") or []))
        if test.get("elements"):
            blocks.append(
                table(
                    [
                        pgettext("memo", "Element"),
                        pgettext("memo", "Result"),
                        pgettext("memo", "Facts missing"),
                    ],
                    (
                        [
                            f"{text_of(e.get('label'), lang)} [{e.get('id', '')}]",
                            results.get(e.get("result"), e.get("result")),
                            ", ".join(e.get("missing") or []) or "-",
                        ]
                        for e in test["elements"]
                    ),
                )
            )
        if test.get("missing"):
            blocks.append(
                paragraph(
                    pgettext("memo", "Facts that would decide it: %(facts)s")
                    % {"facts": ", ".join(test["missing"])}
                )
            )
        blocks.append(
            paragraph(
                pgettext("memo", "Sources: %(ids)s") % {"ids": ", ".join(test.get("sources") or [])}
            )
        )
    vulnerabilities = assessment.get("vulnerabilities") or []
    blocks.append(heading(3, pgettext("memo", "Vulnerabilities")))
    if vulnerabilities:
        blocks.append(
            bullets(
                (text_of(v.get("label"), lang) or v.get("id", ""))
                + (
                    _trace_citation(v["trace"])
                    if v.get("trace")
                    else citation(v.get("id"), v.get("sources"))
                )
                if isinstance(v, dict)
                else text_of(v, lang)
                for v in vulnerabilities
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "None recorded.")))
    return blocks


def _options(plan, lang, labels):
    eligibility = {
        "eligible": pgettext("memo", "eligible"),
        "possibly": pgettext("memo", "possibly eligible"),
        "not_eligible": pgettext("memo", "not eligible"),
    }
    severities = {
        "high": pgettext("memo", "high"),
        "medium": pgettext("memo", "medium"),
        "low": pgettext("memo", "low"),
    }
    open_options = [o for o in plan["options"] if o["eligibility"] != "not_eligible"]
    closed = [o for o in plan["options"] if o["eligibility"] == "not_eligible"]
    blocks = [heading(2, pgettext("memo", "Options"))]
    for number, option in enumerate(open_options, start=1):
        blocks.append(
            heading(
                3,
                f"{number}. {labels.remedy(option['remedy'], option.get('label'))} "
                f"({labels.vocabulary('venues', option.get('venue', ''))}): "
                f"{eligibility[option['eligibility']]}",
            )
        )
        if option.get("legal_basis"):
            blocks.append(
                paragraph(
                    pgettext("memo", "Legal basis: %(basis)s")
                    % {"basis": text_of(option["legal_basis"], lang)}
                )
            )
        if option.get("verification") == "unverified":
            blocks.append(
                paragraph(
                    pgettext("memo", "Some rules behind this option are unverified."), "warning"
                )
            )
        blocks.append(paragraph(pgettext("memo", "Reasons:")))
        blocks.append(bullets(text_of(r, lang) for r in option.get("reasons") or []))
        if option.get("missing"):
            blocks.append(
                paragraph(
                    pgettext("memo", "Ask to settle it: %(facts)s")
                    % {"facts": ", ".join(option["missing"])}
                )
            )
        if option.get("benefits"):
            blocks.append(paragraph(pgettext("memo", "What it can give:")))
            blocks.append(bullets(text_of(b, lang) for b in option["benefits"]))
        if option.get("deadline"):
            deadline = pgettext("memo", "Deadline: %(date)s (%(reason)s).") % {
                "date": long_date(option["deadline"], lang),
                "reason": text_of(option.get("deadline_reason"), lang),
            }
        elif option.get("deadline_reason"):
            deadline = pgettext("memo", "Deadline not computed: %(reason)s.") % {
                "reason": text_of(option["deadline_reason"], lang)
            }
        else:
            deadline = pgettext("memo", "No deadline rule applies.")
        blocks.append(paragraph(deadline))
        blocks += _how_to_start(option.get("how_to_start"), lang)
        harms = sorted(
            option.get("harms") or [], key=lambda h: SEVERITY_ORDER.get(h.get("severity"), 3)
        )
        if harms:
            blocks.append(paragraph(pgettext("memo", "Harms and mitigations:")))
            blocks.append(
                table(
                    [
                        pgettext("memo", "Harm"),
                        pgettext("memo", "Severity"),
                        pgettext("memo", "Why, for this person"),
                        pgettext("memo", "Mitigations"),
                    ],
                    (_harm_row(h, lang, labels, severities) for h in harms),
                )
            )
        else:
            blocks.append(paragraph(pgettext("memo", "No harm was found for this person.")))
        if option.get("goals_served"):
            blocks.append(
                paragraph(
                    pgettext("memo", "Client goals served: %(goals)s.")
                    % {
                        "goals": ", ".join(
                            labels.vocabulary("goals", g) for g in option["goals_served"]
                        )
                    }
                )
            )
        if option.get("conflicts_with_limits"):
            blocks.append(
                paragraph(
                    pgettext("memo", "Conflicts with the client's limits: %(limits)s.")
                    % {
                        "limits": ", ".join(
                            labels.vocabulary("limits", lim)
                            for lim in option["conflicts_with_limits"]
                        )
                    },
                    style="warning",
                )
            )
        blocks.append(
            paragraph(
                pgettext("memo", "Sources: %(ids)s")
                % {"ids": ", ".join(option.get("sources") or [])}
            )
        )
    blocks.append(heading(3, pgettext("memo", "Options that are closed, and why")))
    if closed:
        blocks.append(
            table(
                [
                    pgettext("memo", "Option"),
                    pgettext("memo", "Reasons"),
                    pgettext("memo", "Sources"),
                ],
                (
                    [
                        labels.remedy(o["remedy"], o.get("label")),
                        "; ".join(text_of(r, lang) for r in o.get("reasons") or []),
                        ", ".join(o.get("sources") or []),
                    ]
                    for o in closed
                ),
            )
        )
    else:
        blocks.append(paragraph(pgettext("memo", "None.")))
    return blocks


def _harm_row(harm, lang, labels, severities):
    name = labels.harm(harm["harm"], harm.get("label"))
    if harm.get("threatens_liberty_or_status", harm["harm"] in LIBERTY_OR_STATUS_HARMS):
        name += " " + pgettext("memo", "(liberty or status)")
    severity = severities.get(harm.get("severity"), harm.get("severity") or "")
    if is_possible(harm):
        severity += " " + pgettext("memo", "(possible: %(facts)s)") % {
            "facts": ", ".join(harm.get("missing") or []) or "-"
        }
    if harm.get("verification") == "unverified":
        severity += " " + pgettext("memo", "(unverified)")
    mitigations = "; ".join(_mitigation(m, lang, labels) for m in harm.get("mitigations") or [])
    why = text_of(harm.get("why"), lang) + _trace_citation(harm.get("trace"))
    return [name, severity, why, mitigations or "-"]


def _mitigation(mitigation, lang, labels):
    if isinstance(mitigation, dict):
        label = text_of(mitigation.get("label"), lang) or mitigation.get("id", "")
        detail = text_of(mitigation.get("detail"), lang)
        return f"{label}: {detail}" if detail else label
    return labels.vocabulary("mitigations", mitigation)


def is_possible(harm):
    """A harm raised by facts not yet known (the engine's ``likelihood: possible``)."""
    return bool(harm.get("possible")) or harm.get("likelihood") == "possible"


def _trace_citation(trace):
    """``[rule a (sources x, y); rule b (...)]`` from an engine trace."""
    if not trace:
        return ""
    parts = [f"{step['rule']} ({', '.join(step.get('sources') or [])})" for step in trace]
    return " [" + "; ".join(parts) + "]"


def _how_to_start(how, lang):
    if not how:
        return []
    lines = []
    if how.get("body"):
        lines.append(
            pgettext("memo", "Decided by: %(body)s") % {"body": text_of(how["body"], lang)}
        )
    if how.get("steps"):
        lines.append(pgettext("memo", "Steps: %(steps)s") % {"steps": text_of(how["steps"], lang)})
    if how.get("fees"):
        lines.append(pgettext("memo", "Fees: %(fees)s") % {"fees": text_of(how["fees"], lang)})
    flags = [
        label
        for key, label in (
            ("police_contact", pgettext("memo", "police contact")),
            (
                "immigration_authority_contact",
                pgettext("memo", "contact with immigration authorities"),
            ),
            ("public_record", pgettext("memo", "public record")),
            ("costs_money", pgettext("memo", "costs money")),
            ("requires_leaving_job", pgettext("memo", "requires leaving the job")),
        )
        if how.get(key) is True
    ]
    flags += [
        f"{label}: {how[key]}"
        for key, label in (
            ("testimony", pgettext("memo", "testimony")),
            ("in_person_hearing", pgettext("memo", "in-person hearing")),
            ("exploiter_contact", pgettext("memo", "contact with the exploiter")),
            ("in_person", pgettext("memo", "in person")),
        )
        if how.get(key) not in (None, "no", False)
    ]
    if flags:
        lines.append(pgettext("memo", "Exposure: %(flags)s") % {"flags": "; ".join(flags)})
    return [paragraph(pgettext("memo", "How to start:")), bullets(lines)] if lines else []
