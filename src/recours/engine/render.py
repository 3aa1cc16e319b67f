"""A plan as Markdown for a practitioner, in the plan's own language."""

HEADINGS = {
    "en": {
        "title": "Plan as of {as_of} ({jurisdiction})",
        "knowledge": "Knowledge base version {version}. This informs a practitioner; it decides "
        "nothing for the client.",
        "alerts": "Urgent",
        "assessment": "Assessment",
        "dimensions": "ILO-EC dimensions",
        "present": {True: "present", False: "not found", None: "cannot say"},
        "tests": "Legal tests (each judged separately)",
        "vulnerabilities": "Vulnerabilities",
        "sequence": "Suggested order",
        "options": "Options",
        "eligibility": "Eligibility",
        "deadline": "Deadline",
        "missing": "To find out",
        "harms": "Collateral harms",
        "mitigations": "Mitigations",
        "conflicts": "Conflicts with the client's limits",
        "evidence": "Evidence",
        "serves": "serves",
        "sources": "Sources",
        "checked": "checked",
        "unverified": "UNVERIFIED",
        "ask": "Facts that would change answers",
        "none": "none",
    },
    "fr": {
        "title": "Plan au {as_of} ({jurisdiction})",
        "knowledge": "Version de la base de connaissances {version}. Ce plan informe un "
        "intervenant; il ne décide rien à la place de la personne.",
        "alerts": "Urgent",
        "assessment": "Évaluation",
        "dimensions": "Dimensions OIT-CE",
        "present": {True: "présente", False: "non constatée", None: "indéterminée"},
        "tests": "Critères juridiques (chacun évalué séparément)",
        "vulnerabilities": "Vulnérabilités",
        "sequence": "Ordre suggéré",
        "options": "Options",
        "eligibility": "Admissibilité",
        "deadline": "Délai",
        "missing": "À vérifier",
        "harms": "Préjudices collatéraux",
        "mitigations": "Atténuations",
        "conflicts": "Conflits avec les limites de la personne",
        "evidence": "Preuves",
        "serves": "sert à",
        "sources": "Sources",
        "checked": "vérifiée le",
        "unverified": "NON VÉRIFIÉ",
        "ask": "Faits qui changeraient les réponses",
        "none": "aucun",
    },
}


def plan_markdown(plan):
    words = HEADINGS[plan["lang"]]
    lines = [
        "# " + words["title"].format(as_of=plan["as_of"], jurisdiction=plan["jurisdiction"]),
        "",
        words["knowledge"].format(version=plan["knowledge_version"]),
        "",
    ]
    if plan["alerts"]:
        lines += [f"## {words['alerts']}", ""]
        lines += [f"- **{alert['kind']}**: {alert['message']}" for alert in plan["alerts"]]
        lines.append("")
    assessment = plan["assessment"]
    lines += [f"## {words['assessment']}", "", f"### {words['dimensions']}", ""]
    for dimension, entry in assessment["dimensions"].items():
        indicators = ", ".join(entry["indicators"])
        lines.append(f"- {dimension}: **{words['present'][entry['present']]}** {indicators}")
        lines += [f"  - {reason}" for reason in entry["reasons"]]
    conclusion = assessment["ilo_ec_conclusion"]
    lines.append("")
    lines += [f"- {text}" for text in conclusion["notes"] + conclusion["reasons"]]
    lines += ["", f"### {words['tests']}", ""]
    for test in assessment["legal_tests"]:
        lines.append(f"- **{test['label']}** ({test['test']}): {test['result']}")
        lines += [f"  - {reason}" for reason in test["reasons"]]
        if test["missing"]:
            lines.append(f"  - {words['missing']}: {', '.join(test['missing'])}")
    if assessment["vulnerabilities"]:
        lines += ["", f"### {words['vulnerabilities']}", ""]
        lines += [f"- {item['label']}" for item in assessment["vulnerabilities"]]
    lines += ["", f"## {words['sequence']}", "", plan["sequence_note"], ""]
    lines += [f"{n}. {remedy}" for n, remedy in enumerate(plan["sequence"], start=1)]
    lines += ["", f"## {words['options']}", ""]
    for option in plan["options"]:
        flag = f" ({words['unverified']})" if option["verification"] == "unverified" else ""
        lines += [f"### {option['rank']}. {option['label']} ({option['remedy']}){flag}", ""]
        lines.append(f"- {words['eligibility']}: **{option['eligibility']}**")
        for reason in option["reasons"]:
            cite = ", ".join(reason["sources"])
            lines.append(f"  - {reason['text']} [{reason['rule']}; {cite}]")
        if option["deadline"]:
            lines.append(
                f"- {words['deadline']}: {option['deadline']} ({option['deadline_reason']})"
            )
        if option["missing"]:
            lines.append(f"- {words['missing']}: {', '.join(option['missing'])}")
        if option["conflicts_with_limits"]:
            lines.append(f"- {words['conflicts']}: {', '.join(option['conflicts_with_limits'])}")
        if option["harms"]:
            lines.append(f"- {words['harms']}:")
            for harm in option["harms"]:
                lines.append(
                    f"  - **{harm['label']}** ({harm['severity']}, {harm['likelihood']}): "
                    f"{harm['why']}"
                )
                for mitigation in harm["mitigations"]:
                    lines.append(f"    - {words['mitigations']}: {mitigation['label']}")
        lines.append("")
    if plan["evidence"]:
        lines += [f"## {words['evidence']}", ""]
        lines += [
            f"- {item['label']} ({words['serves']} {', '.join(item['serves'])})"
            for item in plan["evidence"]
        ]
        lines.append("")
    if plan["missing"]:
        lines += [f"## {words['ask']}", ""]
        lines += [f"- {item['fact']} ({item['options']})" for item in plan["missing"]]
        lines.append("")
    lines += [f"## {words['sources']}", ""]
    for source in plan["sources"]:
        flag = f" ({words['unverified']})" if source["verification"] == "unverified" else ""
        lines.append(
            f"- `{source['id']}`: {source['title']}, <{source['url']}> "
            f"({words['checked']} {source['checked_on']}){flag}"
        )
    return "\n".join(lines) + "\n"
