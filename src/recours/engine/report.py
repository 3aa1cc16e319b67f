"""``recours kb report``: every rule with its conditions in words, sources and dates in force,
for a lawyer to review without reading YAML or Python."""

import html
import re

from recours.engine.conditions import explain

# Situation paths whose values are vocabulary ids, and the category that labels them.
VALUE_CATEGORIES = {
    "jurisdiction": "jurisdictions",
    "work_jurisdiction": "jurisdictions",
    "immigration.status": "statuses",
    "immigration.program": "programs",
    "exploitation.types": "exploitation_types",
    "exploitation.exploiter_relation": "exploiter_relations",
    "work.sector": "sectors",
    "goals": "goals",
    "limits": "limits",
}
WORDS = {
    "en": {
        "title": "Recours knowledge base {version}: rules for review",
        "intro": "Each rule with its conditions in words, the sources it cites (with the date "
        "they were checked), its verification level and the dates it is in force. Rules marked "
        "UNVERIFIED rest on a fact no source confirmed.",
        "sections": {
            "indicators": "ILO-EC indicator rules",
            "legal_tests": "Legal tests",
            "vulnerabilities": "Vulnerabilities",
            "remedies": "Remedies",
            "harms": "Harms and their triggers",
            "conditions": "Named conditions",
        },
        "when": "Applies when",
        "applies": "Only considered when",
        "kind": {"requires": "Requires", "excludes": "Excludes when"},
        "in_force": "In force",
        "always": "no dates",
        "from": "from {date}",
        "to": "until {date} (excluded)",
        "sources": "Sources",
        "verification": "Verification",
        "no_source": "NO SOURCE",
        "available": "available",
        "not_available": "not available",
        "jurisdiction": "Jurisdiction",
        "deadline": "Deadline",
        "deadline_from": "{period} from the first known of: {paths}",
        "late": "Late filing",
        "severity": "Severity",
        "remedies": "On remedies",
        "mitigations": "Mitigations",
        "checked": "checked",
    },
    "fr": {
        "title": "Base de connaissances Recours {version} : règles à réviser",
        "intro": "Chaque règle avec ses conditions en mots, les sources citées (avec leur date "
        "de vérification), son niveau de vérification et ses dates de vigueur. Les règles "
        "marquées NON VÉRIFIÉ reposent sur un fait qu’aucune source n’a confirmé.",
        "sections": {
            "indicators": "Règles des indicateurs OIT-CE",
            "legal_tests": "Critères juridiques",
            "vulnerabilities": "Vulnérabilités",
            "remedies": "Recours",
            "harms": "Préjudices et leurs déclencheurs",
            "conditions": "Conditions nommées",
        },
        "when": "S’applique si",
        "applies": "Examiné seulement si",
        "kind": {"requires": "Exige", "excludes": "Exclut si"},
        "in_force": "En vigueur",
        "always": "sans dates",
        "from": "à compter du {date}",
        "to": "jusqu’au {date} (exclu)",
        "sources": "Sources",
        "verification": "Vérification",
        "no_source": "AUCUNE SOURCE",
        "available": "offert",
        "not_available": "non offert",
        "jurisdiction": "Territoire",
        "deadline": "Délai",
        "deadline_from": "{period} à compter de la première date connue parmi : {paths}",
        "late": "Dépôt tardif",
        "severity": "Gravité",
        "remedies": "Pour les recours",
        "mitigations": "Atténuations",
        "checked": "vérifiée le",
    },
}


class Report:
    """Collects (heading level, text) blocks, then renders them as Markdown or HTML."""

    def __init__(self, kb, lang):
        self.kb, self.lang, self.words = kb, lang, WORDS[lang]
        self.blocks = []

    def t(self, text):
        return getattr(text, self.lang) if text is not None else ""

    def label_of(self, kind, value):
        kb, lang = self.kb, self.lang
        if kind == "field":
            label = kb.label("fields", value, lang)
            return f"{label} [{value}]" if label != value else f"`{value}`"
        if kind == "unrecorded":
            fact = kb.unrecorded.get(value)
            return f"{self.t(fact.label)} [unrecorded.{value}]" if fact else value
        if kind in VALUE_CATEGORIES:
            return kb.label(VALUE_CATEGORIES[kind], value, lang)
        if kind == "ref":
            named = kb.conditions.get(value)
            return f"“{self.t(named.description)}” [{value}]" if named else value
        if kind == "dimension":
            return kb.label("dimensions", value, lang)
        if kind == "test":
            return kb.label("legal_tests", value, lang)
        if kind == "indicator":
            entry = kb.catalogue.get(value)
            return self.t(entry.label) if entry else value
        return str(value)

    def heading(self, level, text):
        self.blocks.append(("h", level, text))

    def para(self, text):
        self.blocks.append(("p", 0, text))

    def items(self, lines):
        self.blocks.append(("ul", 0, lines))

    def condition(self, title, node):
        self.blocks.append(("pre", 0, f"{title}:\n{explain(node, self.lang, self.label_of)}"))

    def meta(self, item):
        words = self.words
        in_force = getattr(item, "in_force", None)
        if in_force is None or (in_force.from_ is None and in_force.to is None):
            dates = words["always"]
        else:
            parts = []
            if in_force.from_:
                parts.append(words["from"].format(date=in_force.from_))
            if in_force.to:
                parts.append(words["to"].format(date=in_force.to))
            dates = ", ".join(parts)
        verification = getattr(item, "verification", None) or "-"
        if verification == "unverified":
            verification = "**UNVERIFIED**" if self.lang == "en" else "**NON VÉRIFIÉ**"
        lines = [f"{words['in_force']}: {dates}", f"{words['verification']}: {verification}"]
        sources = getattr(item, "sources", [])
        if not sources:
            lines.append(f"{words['sources']}: **{words['no_source']}**")
        for source_id in sources:
            source = self.kb.sources.get(source_id)
            if source is None:
                lines.append(f"{words['sources']}: {source_id}")
                continue
            title = source.title if isinstance(source.title, str) else self.t(source.title)
            lines.append(
                f"`{source_id}`: {title}, <{source.url}> ({words['checked']} {source.checked_on}, "
                f"{source.verification})"
            )
        self.items(lines)

    def build(self):
        kb, words = self.kb, self.words
        sections = words["sections"]
        self.heading(1, words["title"].format(version=kb.version))
        self.para(words["intro"])
        if kb.indicator_rules:
            self.heading(2, sections["indicators"])
            rule = kb.indicator_rules.dimension_rule
            self.heading(3, f"{self.t(rule.label)} [{rule.id}]")
            self.items(
                [
                    ", ".join(f"{n} {s}" for s, n in combo.model_dump().items() if n)
                    for combo in rule.present_when_any
                ]
            )
            self.meta(rule)
            for rule in kb.indicator_rules.conclusion_rules:
                self.heading(3, f"{self.t(rule.label)} [{rule.id}]")
                self.condition(words["applies"], rule.applies)
                self.condition(words["when"], rule.when)
                self.meta(rule)
            for indicator_list in kb.indicator_lists.values():
                self.heading(3, f"{self.t(indicator_list.label)} [{indicator_list.id}]")
                self.condition(words["when"], indicator_list.applies)
                self.meta(indicator_list)
        self.heading(2, sections["legal_tests"])
        for test in kb.legal_tests.values():
            self.heading(3, f"{self.t(test.label)} [{test.id}]")
            self.para(self.t(test.definition))
            self.meta(test)
            for element in test.elements:
                self.heading(4, f"{self.t(element.label)} [{element.id}]")
                if element.applies is not None:
                    self.condition(words["applies"], element.applies)
                self.condition(words["when"], element.when)
                self.meta(element)
        self.heading(2, sections["vulnerabilities"])
        for item in kb.vulnerabilities:
            self.heading(3, f"{self.t(item.label)} [{item.id}]")
            self.condition(words["when"], item.when)
            self.meta(item)
        self.heading(2, sections["remedies"])
        for remedy in kb.remedies.values():
            self.remedy(remedy)
        self.heading(2, sections["harms"])
        for harm in kb.harms.values():
            self.heading(3, f"{self.t(harm.label)} [{harm.id}]")
            self.para(self.t(harm.definition))
            for trigger in harm.triggers:
                self.heading(4, trigger.id)
                self.para(self.t(trigger.why))
                self.items(
                    [
                        f"{words['remedies']}: {', '.join(trigger.remedies)}",
                        f"{words['severity']}: {trigger.severity}",
                        f"{words['mitigations']}: {', '.join(trigger.mitigations) or '-'}",
                    ]
                )
                self.condition(words["when"], trigger.when)
                self.meta(trigger)
        self.heading(2, sections["conditions"])
        for name, named in kb.conditions.items():
            self.heading(3, name)
            self.para(self.t(named.description))
            self.condition(words["when"], named.when)
            self.meta(named)
        return self.blocks

    def remedy(self, remedy):
        words = self.words
        self.heading(3, f"{self.t(remedy.label)} [{remedy.id}]")
        self.para(self.t(remedy.definition))
        self.para(self.t(remedy.legal_basis))
        self.meta(remedy)
        for rule in remedy.eligibility:
            self.eligibility(rule)
        for deadline in remedy.deadlines:
            self.deadline(deadline)
        for key, versions in remedy.variants.items():
            for variant in versions if isinstance(versions, list) else [versions]:
                status = words["available"] if variant.available else words["not_available"]
                self.heading(4, f"{words['jurisdiction']} {key}: {status} [{variant.id}]")
                text = variant.body if variant.available else variant.reason
                if text is not None:
                    self.para(self.t(text))
                self.meta(variant)
                for rule in variant.eligibility:
                    self.eligibility(rule)
                for deadline in variant.deadlines:
                    self.deadline(deadline)

    def eligibility(self, rule):
        self.heading(5, f"{self.words['kind'][rule.kind]} [{rule.id}]")
        self.para(self.t(rule.yes))
        self.condition(self.words["when"], rule.when)
        self.meta(rule)

    def deadline(self, rule):
        words = self.words
        self.heading(5, f"{words['deadline']}: {self.t(rule.label)} [{rule.id}]")
        period = ", ".join(f"{n} {unit}" for unit, n in rule.period.model_dump().items() if n)
        lines = [words["deadline_from"].format(period=period, paths=", ".join(rule.from_))]
        if rule.late_filing is not None:
            lines.append(f"{words['late']}: {self.t(rule.late_filing)}")
        self.items(lines)
        self.meta(rule)


def _markdown(blocks):
    out = []
    for kind, level, content in blocks:
        if kind == "h":
            out.append("#" * level + " " + content)
        elif kind == "p":
            out.append(content)
        elif kind == "ul":
            out.append("\n".join(f"- {line}" for line in content))
        else:
            out.append("```\n" + content + "\n```")
    return "\n\n".join(out) + "\n"


def _inline(text):
    """Escape, then turn the few Markdown marks used above into HTML."""
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
    return re.sub(r"&lt;(https?://[^&\s]+)&gt;", r'<a href="\1">\1</a>', text)


def _html(blocks, lang, title):
    body = []
    for kind, level, content in blocks:
        if kind == "h":
            body.append(f"<h{level}>{_inline(content)}</h{level}>")
        elif kind == "p":
            body.append(f"<p>{_inline(content)}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(line)}</li>" for line in content) + "</ul>")
        else:
            body.append(f"<pre>{html.escape(content)}</pre>")
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;"
        "padding:1rem;line-height:1.5}pre{white-space:pre-wrap;background:#f4f4f4;"
        "padding:.5rem}code{background:#f4f4f4}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def render_report(kb, fmt="markdown", lang="en"):
    report = Report(kb, lang)
    blocks = report.build()
    if fmt == "html":
        return _html(blocks, lang, WORDS[lang]["title"].format(version=kb.version))
    return _markdown(blocks)
