"""The interview data: complete in both languages, and in step with the situation standard."""

import json
from pathlib import Path

import pytest

from recours.cases.questions import OWN_ACCOUNT, load_interview

engine = pytest.importorskip("recours.engine")
SCHEMA = json.loads((Path(engine.__file__).parent / "situation.schema.json").read_text())


def schema_enum(path):
    node = SCHEMA
    for part in path.split("."):
        node = node["properties"][part]
        if "$ref" in node:
            node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    values = node.get("enum") or node.get("items", {}).get("enum")
    return {v for v in values or [] if v is not None}


def test_every_question_and_topic_has_english_and_french():
    interview = load_interview()
    for topic in interview.topics:
        assert topic.title["en"] and topic.title["fr"]
        for question in topic.questions:
            assert question.ask["en"] and question.ask["fr"], question.id


def test_every_fact_of_the_situation_is_asked_by_some_question():
    interview = load_interview()
    asked = {q.field.path for q in interview.questions()}
    assert set(interview.fields) - asked == set()


def test_every_sensitive_topic_starts_with_a_content_note():
    sensitive = [t for t in load_interview().topics if t.sensitive]
    assert {"control", "violence", "safety"} <= {t.id for t in sensitive}
    assert all(t.content_note["en"] and t.content_note["fr"] for t in sensitive)


def test_the_person_can_tell_their_own_account():
    assert load_interview().question_for_path(OWN_ACCOUNT) is not None


@pytest.mark.parametrize(
    "path", [p for p, f in load_interview().fields.items() if f.type in ("code", "codes")]
)
def test_the_answers_offered_are_exactly_the_standard_values(path):
    offered = set(load_interview().fields[path].choices)
    assert offered == schema_enum(path)


def test_indicator_questions_use_indicator_ids_of_the_standard():
    allowed = schema_enum("exploitation.indicators")
    used = {i for q in load_interview().questions() for i in q.indicators}
    assert used and used <= allowed
