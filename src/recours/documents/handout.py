"""The client handout: the options a practitioner selects, in plain words, with where to get help.

``build_handout`` returns a document model (plain dicts and lists) that the renderers lay out;
``handout_prose`` lists the model's running text, which the tests measure for readability.
"""

from recours.documents import plain
from recours.documents.dates import as_date, long_date
from recours.documents.resources import help_resources, may_be_without_status
from recours.engine.vocabulary import LIBERTY_OR_STATUS_HARMS

VARIANTS = ("standard", "large", "safe")
DEFAULT_OPTION_COUNT = 3
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
DATE_FIELD_ENDINGS = ("_on", "_since", "_date", "last_day_worked")


class HandoutError(ValueError):
    """The handout cannot be made as asked (unknown option, variant or language)."""


def ranked_options(plan, count=DEFAULT_OPTION_COUNT):
    """The remedies the plan ranks first: its recommended sequence, open or possibly open."""
    by_remedy = {option["remedy"]: option for option in plan["options"]}
    open_ids = [
        remedy
        for remedy in plan.get("sequence") or []
        if by_remedy.get(remedy, {}).get("eligibility") in ("eligible", "possibly")
    ]
    if not open_ids:
        open_ids = [
            o["remedy"] for o in plan["options"] if o["eligibility"] in ("eligible", "possibly")
        ]
    return open_ids[:count]


def build_handout(
    plan,
    *,
    lang="en",
    options=None,
    variant="standard",
    situation=None,
    client_name=None,
    organisation=None,
    include_police_linked=None,
):
    """The handout model for ``options`` (remedy ids; default: the options ranked first).

    ``organisation`` is ``{"name": ..., "logo": data-URI or path}``; it and ``client_name`` are
    left out of the "safe to carry" variant, whose title is neutral.
    """
    if variant not in VARIANTS:
        raise HandoutError(f"unknown variant {variant!r}; allowed: {', '.join(VARIANTS)}")
    if lang not in plain.LANGUAGES:
        raise HandoutError(f"unknown language {lang!r}; allowed: {', '.join(plain.LANGUAGES)}")
    by_remedy = {option["remedy"]: option for option in plan["options"]}
    selected = list(options) if options else ranked_options(plan)
    unknown = [remedy for remedy in selected if remedy not in by_remedy]
    if unknown:
        raise HandoutError(
            f"the plan has no option {', '.join(map(repr, unknown))}; "
            f"options in the plan: {', '.join(sorted(by_remedy))}"
        )
    safe = variant == "safe"

    def say(key, **values):
        return plain.phrase(key, lang, **values)

    option_models = [
        _option_model(by_remedy[remedy], number, lang, say, safe)
        for number, remedy in enumerate(selected, start=1)
    ]
    deadlines = sorted(
        (
            {
                "date": option["deadline"],
                "date_text": long_date(option["deadline"], lang),
                "title": option["title"],
            }
            for option in option_models
            if option["deadline"]
        ),
        key=lambda item: item["date"],
    )
    resources = help_resources(plan["jurisdiction"], situation, include_police_linked)
    model = {
        "lang": lang,
        "variant": variant,
        "title": say("safe_title") if safe else say("title"),
        "reviewed": plain.is_reviewed(lang),
        "unreviewed": None if plain.is_reviewed(lang) else say("unreviewed"),
        "prepared_for": say("prepared_for", name=client_name) if client_name and not safe else None,
        "organisation": organisation if organisation and not safe else None,
        "prepared_by": (
            say("prepared_by", organisation=organisation["name"])
            if organisation and not safe
            else None
        ),
        "as_of": say("as_of", date=long_date(plan["as_of"], lang)),
        "intro": say("intro"),
        "not_advice": say("not_advice"),
        "labels": {
            key: say(key)
            for key in (
                "what_it_is",
                "what_it_can_give",
                "risks",
                "lower_risk",
                "next_steps",
                "deadlines_heading",
                "help_heading",
                "words_heading",
                "help_languages",
                "page_footer",
            )
        },  # fmt: skip
        "options": option_models,
        "deadlines": deadlines,
        "no_deadlines": None if deadlines else say("no_deadlines"),
        "help": {
            "intro": say("help_intro"),
            "without_status": say("help_without_status")
            if may_be_without_status(situation)
            else None,
            "resources": [_resource_model(entry, lang, say) for entry in resources],
        },
    }
    model["glossary"] = [
        {"term": entry["term"], "means": entry["means"]}
        for entry in plain.glossary_for(handout_prose(model), lang)
    ]
    return model


def _option_model(option, number, lang, say, safe=False):
    text = plain.remedy_text(option["remedy"], lang)
    title = plain.remedy_title(option["remedy"], lang, safe)
    harms = sorted(
        option.get("harms") or [],
        key=lambda h: (
            SEVERITY_ORDER.get(h.get("severity"), 3),
            h["harm"] not in LIBERTY_OR_STATUS_HARMS,
        ),
    )
    deadline = as_date(option.get("deadline"))
    if deadline:
        deadline_text = say("deadline", date=long_date(deadline, lang))
    elif any(str(path).endswith(DATE_FIELD_ENDINGS) for path in option.get("missing") or []):
        deadline_text = say("deadline_unknown")
    else:
        deadline_text = say("deadline_none")
    limits = plain.plain_texts(lang)["limits"]
    return {
        "remedy": option["remedy"],
        "number": number,
        "title": title,
        "heading": say("option_heading", number=number, title=title),
        "eligibility": option["eligibility"],
        "eligibility_text": say(option["eligibility"]),
        "what": text["what"],
        "gives": list(text["gives"]),
        "next": text["next"],
        "deadline": deadline,
        "deadline_text": deadline_text,
        "conflicts_heading": say("conflicts") if option.get("conflicts_with_limits") else None,
        "conflicts": [limits[limit] for limit in option.get("conflicts_with_limits") or []],
        "risks": [_risk_model(harm, lang, say) for harm in harms],
        "no_risks": None if harms else say("no_risks_found"),
    }


def _risk_model(harm, lang, say):
    text = plain.harm_text(harm["harm"], lang)
    severity = harm.get("severity") or "medium"
    return {
        "harm": harm["harm"],
        "severity": severity,
        "threatens_liberty_or_status": harm.get(
            "threatens_liberty_or_status", harm["harm"] in LIBERTY_OR_STATUS_HARMS
        ),
        "severity_text": say(f"severity_{severity}"),
        "name": text["name"],
        "plain": text["plain"],
        "possible": say("possible_risk")
        if harm.get("possible") or harm.get("likelihood") == "possible"
        else None,
        "lower": text["lower"],
    }


def _resource_model(entry, lang, say):
    status = entry["serves_without_status"]
    status_text = {
        "yes": say("help_status_yes"),
        "claimants": say("help_status_claimants"),
    }.get(status, say("help_status_not_stated"))
    contact = entry.get("contact") or {}
    return {
        "id": entry["id"],
        "name": entry["name"],
        "place": entry.get("place"),
        "description": entry["description"][lang],
        "note": (entry.get("note") or {}).get(lang),
        "status_text": status_text,
        "police_note": say("help_police_note") if entry["works_beside_police"] else None,
        "contact": [
            str(contact[key])
            for key in ("phone_toll_free", "phone", "whatsapp", "hours", "web")
            if contact.get(key)
        ],
        "whatsapp": bool(contact.get("whatsapp")),
        "languages": entry.get("languages") or [],
        "checked": say("help_checked", date=long_date(entry["checked_on"], lang)),
    }


def handout_prose(model):
    """The running text of a handout (no names, numbers or addresses), for readability checks."""
    texts = [model["title"], model["intro"], model["not_advice"]]
    for option in model["options"]:
        texts += [option["heading"], option["eligibility_text"], option["what"], *option["gives"]]
        texts += [option["next"], option["deadline_text"]]
        if option["conflicts_heading"]:
            texts += [option["conflicts_heading"], *option["conflicts"]]
        for risk in option["risks"]:
            texts += [risk["name"], risk["plain"], risk["lower"]]
            if risk["possible"]:
                texts.append(risk["possible"])
        if option["no_risks"]:
            texts.append(option["no_risks"])
    texts.append(model["help"]["intro"])
    if model["help"]["without_status"]:
        texts.append(model["help"]["without_status"])
    for resource in model["help"]["resources"]:
        texts += [resource["description"], resource["status_text"]]
        texts += [t for t in (resource["note"], resource["police_note"]) if t]
    texts += [entry["means"] for entry in model.get("glossary", [])]
    return texts
