"""The intake questions and the situation fields they fill, read from the YAML beside this module.

Questions are data so that a clinic can review and reword them without touching code. Loading
checks the data strictly (every text in English and French, every field and value known) and
fails with a message naming the question, so a typo never reaches a person being interviewed.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml

QUESTIONS_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "fr")
OWN_ACCOUNT = "own_account"  # the person's account: stored on the case, never in the situation
UNKNOWN_ANSWERS = ("dont_know", "prefer_not")
FIELD_TYPES = {"code", "codes", "bool", "date", "int", "money", "languages", "indicators", "text"}
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


class QuestionDataError(ValueError):
    """The question data is malformed; the message names the file and the entry."""


def _text(value, where):
    if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGUAGES):
        raise QuestionDataError(f"{where}: needs text in {' and '.join(LANGUAGES)}")
    return {lang: " ".join(str(value[lang]).split()) for lang in LANGUAGES}


def in_language(text, lang):
    """The text in ``lang`` (English when the language is not one of ours)."""
    return text.get(lang) or text["en"]


@dataclass(frozen=True)
class Field:
    path: str
    type: str
    label: dict
    choices: dict = field(default_factory=dict)  # value -> {en, fr}

    def choice_label(self, value, lang):
        text = self.choices.get(value)
        return in_language(text, lang) if text else str(value)


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    ask: dict
    field: Field
    indicators: tuple = ()
    help: dict | None = None

    @property
    def asks_indicators(self):
        return bool(self.indicators)


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict
    questions: tuple
    intro: dict | None = None
    sensitive: bool = False
    content_note: dict | None = None


@dataclass(frozen=True)
class Interview:
    topics: tuple
    fields: dict  # path -> Field

    def topic(self, topic_id):
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def index(self, topic_id):
        return [t.id for t in self.topics].index(topic_id)

    def questions(self):
        return [q for t in self.topics for q in t.questions]

    def question_for_path(self, path):
        """The first question that asks a situation path (for 'missing fact' links)."""
        if path.startswith("exploitation.indicators"):
            path = "exploitation.indicators"
        for question in self.questions():
            if question.field.path == path:
                return question
        return None


def _read(name):
    with (QUESTIONS_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def indicator_ids():
    groups = _read("choices.yaml")["indicator_ids"]
    return tuple(f"{prefix}.{name}" for prefix, names in groups.items() for name in names)


def _load_fields():
    vocabulary = _read("choices.yaml")
    fields = {}
    for path, spec in _read("fields.yaml").items():
        where = f"fields.yaml: {path}"
        if spec.get("type") not in FIELD_TYPES:
            raise QuestionDataError(f"{where}: type must be one of {sorted(FIELD_TYPES)}")
        if "vocabulary" in spec:
            raw_choices = vocabulary[spec["vocabulary"]]
        else:
            raw_choices = spec.get("choices", {})
        if spec["type"] == "indicators":
            raw_choices = {i: {"en": i, "fr": i} for i in indicator_ids()}
        if spec["type"] in ("code", "codes") and not raw_choices:
            raise QuestionDataError(f"{where}: a code field needs choices or a vocabulary")
        choices = {str(v): _text(t, f"{where}: {v}") for v, t in raw_choices.items()}
        fields[path] = Field(path, spec["type"], _text(spec.get("label"), where), choices)
    fields[OWN_ACCOUNT] = Field(
        OWN_ACCOUNT, "text", {"en": "The person’s account", "fr": "Le récit de la personne"}
    )
    return fields


@cache
def load_interview():
    """The interview, validated; cached for the life of the process (the files never change)."""
    fields = _load_fields()
    indicator_field = fields["exploitation.indicators"]
    topics, seen = [], set()
    for raw_topic in _read("interview.yaml")["topics"]:
        topic_id = raw_topic["id"]
        questions = []
        for raw in raw_topic.get("questions", []):
            where = f"interview.yaml: {topic_id}.{raw.get('id')}"
            if raw.get("id") in seen or not raw.get("id"):
                raise QuestionDataError(f"{where}: question ids must be present and unique")
            seen.add(raw["id"])
            if "indicators" in raw:
                bad = [i for i in raw["indicators"] if i not in indicator_field.choices]
                if bad:
                    raise QuestionDataError(f"{where}: unknown indicator ids {bad}")
                target = indicator_field
            elif raw.get("field") in fields:
                target = fields[raw["field"]]
            else:
                raise QuestionDataError(
                    f"{where}: field {raw.get('field')!r} is not in fields.yaml"
                )
            questions.append(
                Question(
                    id=raw["id"],
                    topic=topic_id,
                    ask=_text(raw.get("ask"), where),
                    field=target,
                    indicators=tuple(raw.get("indicators", ())),
                    help=_text(raw["help"], where) if "help" in raw else None,
                )
            )
        sensitive = bool(raw_topic.get("sensitive"))
        if sensitive and "content_note" not in raw_topic:
            raise QuestionDataError(f"interview.yaml: {topic_id}: a sensitive topic needs a note")
        topics.append(
            Topic(
                id=topic_id,
                title=_text(raw_topic.get("title"), f"interview.yaml: {topic_id}"),
                questions=tuple(questions),
                intro=_text(raw_topic["intro"], topic_id) if "intro" in raw_topic else None,
                sensitive=sensitive,
                content_note=_text(raw_topic["content_note"], topic_id) if sensitive else None,
            )
        )
    return Interview(tuple(topics), fields)


# --- Reading and writing values -------------------------------------------------------------


def get_path(situation, path):
    node = situation
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(situation, path, value):
    """Set a dotted path; ``None`` removes it (unknown is absence, never a default)."""
    parts = path.split(".")
    node = situation
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
        if len(parts) == 2 and not node:
            situation.pop(parts[0], None)
    else:
        node[parts[-1]] = value


class InvalidAnswer(ValueError):
    pass


def parse_value(field_, raw):
    """Turn submitted form values (a list of strings) into a situation value, or ``None``.

    Raises InvalidAnswer with a translatable message key when the input cannot be a value.
    """
    values = [v.strip() for v in raw if v is not None and v.strip()]
    if not values:
        return None
    kind = field_.type
    if kind == "codes":
        unknown = [v for v in values if v not in field_.choices]
        if unknown:
            raise InvalidAnswer("choice")
        return [v for v in field_.choices if v in values]  # stable order of the vocabulary
    value = values[0]
    if kind == "code":
        if value not in field_.choices:
            raise InvalidAnswer("choice")
        return value
    if kind == "bool":
        if value not in ("yes", "no"):
            raise InvalidAnswer("choice")
        return value == "yes"
    if kind == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as error:
            raise InvalidAnswer("date") from error
    if kind == "int":
        if not value.isdigit() or int(value) > 150:
            raise InvalidAnswer("number")
        return int(value)
    if kind == "money":
        try:
            amount = Decimal(value.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation as error:
            raise InvalidAnswer("number") from error
        if amount < 0 or amount > 10_000_000 or not amount.is_finite():
            raise InvalidAnswer("number")
        return int(amount) if amount == amount.to_integral() else float(amount)
    if kind == "languages":
        codes = [c.strip().lower() for c in value.replace(";", ",").split(",") if c.strip()]
        if not all(LANGUAGE_CODE.match(c) for c in codes):
            raise InvalidAnswer("languages")
        return codes
    if kind == "text":
        return value[:20000]
    raise InvalidAnswer("choice")


def format_for_input(field_, value):
    """The value as the form shows it back (a list of selected strings)."""
    if value is None:
        return []
    if field_.type == "bool":
        return ["yes" if value else "no"]
    if field_.type in ("codes",):
        return [str(v) for v in value]
    if field_.type == "languages":
        return [", ".join(value)]
    return [str(value)]
