"""Dates written out in the document's language, without depending on the machine's locales."""

import datetime

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ),
}


def as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def long_date(value, lang):
    """``2026-11-20`` -> "November 20, 2026" / "20 novembre 2026" / "20 de noviembre de 2026"."""
    day = as_date(value)
    if day is None:
        return ""
    month = MONTHS[lang].split()[day.month - 1]
    if lang == "en":
        return f"{month} {day.day}, {day.year}"
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} de {month} de {day.year}"
