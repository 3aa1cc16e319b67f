"""The readability measures themselves, and the plain-language data measured entry by entry."""

import pytest

from recours.documents import plain
from recours.documents.readability import (
    ENGLISH_MAX_GRADE,
    FRENCH_MIN_EASE,
    MAX_SENTENCE_WORDS,
    measure,
    syllables,
)


def test_english_syllables_come_from_the_pronouncing_dictionary():
    assert [syllables(w, "en") for w in ("permit", "every", "immigration", "the")] == [2, 3, 4, 1]


def test_french_and_spanish_syllables_follow_vowel_groups_and_mute_e():
    assert [syllables(w, "fr") for w in ("permis", "porte", "année", "police")] == [2, 1, 2, 2]
    assert [syllables(w, "es") for w in ("permiso", "leer", "caos", "tiempo")] == [3, 2, 2, 2]


def test_flesch_kincaid_grade_matches_the_published_formula():
    # 2 sentences, 13 words, 16 syllables ("to-day", "ve-ry", "hap-py")
    result = measure(["The cat sat on the mat today. It was a very happy cat."], "en")
    assert (result.sentences, result.words, result.syllables) == (2, 13, 16)
    assert result.score == pytest.approx(0.39 * 13 / 2 + 11.8 * 16 / 13 - 15.59, abs=0.05)


def test_kandel_moles_matches_the_published_formula():
    result = measure(["Vous pouvez demander un permis. Il est gratuit."], "fr")
    expected = (
        207 - 1.015 * result.words / result.sentences - 73.6 * result.syllables / result.words
    )
    assert result.score == pytest.approx(expected, abs=0.05)


def test_hard_legal_prose_fails_the_targets():
    english = (
        "Notwithstanding the foregoing, an applicant whose temporary residence authorization "
        "has been extinguished may, within the prescribed period, apply for restoration, "
        "provided that the conditions imposed under the applicable regulations were observed."
    )
    french = (
        "Nonobstant ce qui précède, le demandeur dont l'autorisation de séjour temporaire est "
        "expirée peut, dans le délai réglementaire, présenter une demande de rétablissement, "
        "pourvu que les conditions imposées en application des règlements aient été respectées."
    )
    assert not measure([english], "en").passes
    assert not measure([french], "fr").passes


def _entries(lang):
    data = plain.plain_texts(lang)
    for remedy, text in data["remedies"].items():
        yield f"remedy {remedy}", [text["title"], text["what"], *text["gives"], text["next"]]
    for harm, text in data["harms"].items():
        yield f"harm {harm}", [text["name"], text["plain"], text["lower"]]
    yield "glossary", [entry["means"] for entry in data["glossary"]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_plain_text_is_at_grade_8_or_easier(lang):
    too_hard = []
    for name, texts in _entries(lang):
        result = measure(texts, lang)
        if not result.passes or result.longest_sentence > MAX_SENTENCE_WORDS:
            too_hard.append(f"{name}: {result.score} ({result.longest_sentence} words)")
    assert too_hard == [], (
        f"targets: EN grade <= {ENGLISH_MAX_GRADE}, FR ease >= {FRENCH_MIN_EASE}, "
        f"sentences <= {MAX_SENTENCE_WORDS} words"
    )


def test_the_spanish_texts_as_a_whole_meet_the_same_target():
    texts = [t for _, entry in _entries("es") for t in entry]
    result = measure(texts, "es")
    assert result.passes, result
    assert result.longest_sentence <= MAX_SENTENCE_WORDS
