"""The plain-language texts of client handouts (``plain/<lang>.yaml``), loaded and checked.

The knowledge base words things for lawyers; a client needs short sentences and everyday words,
so the handout's wording is data of its own, keyed by the same remedy and harm ids.
"""

import re
from functools import cache
from pathlib import Path

import yaml

PLAIN_DIR = Path(__file__).resolve().parent / "plain"
LANGUAGES = ("en", "fr", "es")


class PlainTextError(ValueError):
    """A plain-language file is missing a text the handout needs."""


@cache
def plain_texts(lang):
    """The texts of one language; refuses a language with no file."""
    if lang not in LANGUAGES:
        raise PlainTextError(
            f"no plain-language texts for {lang!r}; allowed: {', '.join(LANGUAGES)}"
        )
    with (PLAIN_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if data.get("language") != lang:
        raise PlainTextError(f"plain/{lang}.yaml says language {data.get('language')!r}")
    return data


def remedy_text(remedy, lang):
    try:
        return plain_texts(lang)["remedies"][remedy]
    except KeyError:
        raise PlainTextError(f"plain/{lang}.yaml has no text for remedy {remedy!r}") from None


def remedy_title(remedy, lang, safe=False):
    """The option's title; ``safe`` gives the neutral one of the safe-to-carry handout, which
    names no crime, no police and no complaint, so the sheet does not endanger its holder."""
    text = remedy_text(remedy, lang)
    if not safe:
        return text["title"]
    try:
        return text["safe_title"]
    except KeyError:
        raise PlainTextError(f"plain/{lang}.yaml has no safe_title for remedy {remedy!r}") from None


def harm_text(harm, lang):
    try:
        return plain_texts(lang)["harms"][harm]
    except KeyError:
        raise PlainTextError(f"plain/{lang}.yaml has no text for harm {harm!r}") from None


def phrase(key, lang, **values):
    return plain_texts(lang)["phrases"][key].format(**values)


def is_reviewed(lang):
    """False until a reviewer sets ``reviewed: true`` in the language's file."""
    return bool(plain_texts(lang).get("reviewed"))


def glossary_for(texts, lang):
    """The glossary entries whose words appear in ``texts``, in glossary order."""
    joined = "\n".join(texts).lower()
    found = []
    for entry in plain_texts(lang)["glossary"]:
        for form in entry["matches"]:
            pattern = r"(?<!\w)" + re.escape(form.lower()) + r"(?![\w])"
            if re.search(pattern, joined):
                found.append(entry)
                break
    return found
