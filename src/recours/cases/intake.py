"""Apply interview answers and direct situation edits to a case.

An answer is recorded per question as ``answered``, ``yes``/``no`` (indicator questions),
``dont_know`` or ``prefer_not``; the facts themselves go into the case's situation. "Don't know"
and "prefer not to say" leave the fact unknown (absent), never false.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from recours.cases.questions import (
    OWN_ACCOUNT,
    UNKNOWN_ANSWERS,
    InvalidAnswer,
    format_for_input,
    get_path,
    load_interview,
    parse_value,
    set_path,
)

ERROR_MESSAGES = {
    "choice": _("Choose one of the answers offered."),
    "date": _("Enter a date as year-month-day, for example 2026-03-31."),
    "number": _("Enter a number."),
    "languages": _("Enter two-letter language codes separated by commas, for example: es, en."),
}
INDICATOR_KEY = "exploitation.indicators"


def field_name(question):
    return f"q-{question.id}"


def unknown_name(question):
    return f"q-{question.id}-unknown"


@dataclass
class TopicResult:
    errors: dict = field(default_factory=dict)  # question id -> message
    changed: bool = False


def _indicator_answer(situation, question):
    current = get_path(situation, INDICATOR_KEY)
    if current is None:
        return None
    return "yes" if all(i in current for i in question.indicators) else None


def current_values(case, topic):
    """{question id: (list of selected values, unknown marker)} for the form."""
    answers = case.intake_answers or {}
    values = {}
    for question in topic.questions:
        recorded = answers.get(question.id)
        unknown = recorded if recorded in UNKNOWN_ANSWERS else ""
        if question.asks_indicators:
            chosen = (
                recorded
                if recorded in ("yes", "no")
                else _indicator_answer(case.situation, question)
            )
            values[question.id] = ([chosen] if chosen else [], unknown)
        elif question.field.path == OWN_ACCOUNT:
            values[question.id] = ([case.own_account] if case.own_account else [], unknown)
        else:
            value = get_path(case.situation or {}, question.field.path)
            values[question.id] = (format_for_input(question.field, value), unknown)
    return values


def apply_topic(case, topic, data):
    """Validate every answer of the topic first, then apply them all (or none)."""
    parsed, result = {}, TopicResult()
    for question in topic.questions:
        raw = data.getlist(field_name(question))
        marker = data.get(unknown_name(question), "")
        if raw and raw[0] in UNKNOWN_ANSWERS:
            marker, raw = raw[0], []
        if marker in UNKNOWN_ANSWERS:
            parsed[question.id] = (marker, None)
            continue
        try:
            if question.asks_indicators:
                value = raw[0] if raw and raw[0] in ("yes", "no") else None
                if raw and value is None:
                    raise InvalidAnswer("choice")
            else:
                value = parse_value(question.field, raw)
        except InvalidAnswer as error:
            result.errors[question.id] = ERROR_MESSAGES[str(error)]
            continue
        parsed[question.id] = (None, value)
    if result.errors:
        return result

    situation = dict(case.situation or {})
    answers = dict(case.intake_answers or {})
    for question in topic.questions:
        marker, value = parsed[question.id]
        before = (answers.get(question.id), repr(get_path(situation, question.field.path)))
        if question.asks_indicators:
            _apply_indicators(situation, question, value)
            answers[question.id] = marker or value
        elif question.field.path == OWN_ACCOUNT:
            case.own_account = "" if marker else (value or "")
            answers[question.id] = marker or ("answered" if value else None)
        else:
            set_path(situation, question.field.path, None if marker else value)
            answers[question.id] = marker or ("answered" if value is not None else None)
        if answers[question.id] is None:
            answers.pop(question.id)
        after = (answers.get(question.id), repr(get_path(situation, question.field.path)))
        result.changed |= before != after
    case.situation = situation
    case.intake_answers = answers
    return result


def _apply_indicators(situation, question, value):
    """A yes records the indicators; a no, or an unknown, removes them (no longer observed)."""
    current = list(get_path(situation, INDICATOR_KEY) or [])
    current = [i for i in current if i not in question.indicators]
    if value == "yes":
        current.extend(question.indicators)
    if value in ("yes", "no") or get_path(situation, INDICATOR_KEY) is not None:
        set_path(situation, INDICATOR_KEY, sorted(set(current)))


def is_answered(case, question, answers):
    """Answered in the interview, or the fact is already known (entered in the situation)."""
    if question.id in answers:
        return True
    if question.asks_indicators:
        return False
    if question.field.path == OWN_ACCOUNT:
        return bool(case.own_account)
    return get_path(case.situation or {}, question.field.path) is not None


def progress(case):
    """(answered questions, total questions, topics with at least one answer)."""
    interview = load_interview()
    answers = case.intake_answers or {}
    done = [q for q in interview.questions() if is_answered(case, q, answers)]
    return len(done), len(interview.questions()), {q.topic for q in done}


def apply_situation_form(case, data):
    """The practitioner's direct edit of every fact; returns {path: error message}."""
    interview = load_interview()
    situation = dict(case.situation or {})
    errors = {}
    for path, field_ in interview.fields.items():
        if path == OWN_ACCOUNT:
            continue
        name = f"f-{path}"
        if field_.type == "indicators":
            raw = data.getlist(name)
            value = sorted({v for v in raw if v}) if data.get(f"{name}-given") else None
            set_path(situation, path, value)
            continue
        try:
            set_path(situation, path, parse_value(field_, data.getlist(name)))
        except InvalidAnswer as error:
            errors[path] = ERROR_MESSAGES[str(error)]
    if not errors:
        case.situation = situation
    return errors
