"""The spec's three worked situations, planned by the engine, made into documents."""

import pytest

from documents.support import EXAMPLE_NAMES, engine_available, problems_against_plan, visible_text
from recours.documents import build_handout, build_memo, render_handout_html, render_memo_markdown
from recours.documents.handout import handout_prose
from recours.documents.readability import MAX_SENTENCE_WORDS, measure

pytestmark = pytest.mark.skipif(not engine_available(), reason="engine not merged: SKIPPED")


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def example(request):
    from documents.support import example_plan

    return {lang: example_plan(request.param, lang) for lang in ("en", "fr")}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_each_example_handout_matches_its_plan_and_reads_at_grade_8(example, lang):
    plan, situation, _ = example["fr" if lang == "fr" else "en"]
    for variant in ("standard", "large", "safe"):
        model = build_handout(plan, lang=lang, situation=situation, variant=variant)
        assert model["options"], "the plan ranks no option first"
        selected = [option["remedy"] for option in model["options"]]
        text = visible_text(render_handout_html(model))
        assert problems_against_plan(text, plan, selected, lang, variant) == []
        result = measure(handout_prose(model), lang)
        assert result.passes, result
        assert result.longest_sentence <= MAX_SENTENCE_WORDS


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_example_memo_has_every_option_and_every_source(example, lang):
    plan, _, kb = example[lang]
    markdown = render_memo_markdown(build_memo(plan, lang=lang, kb=kb))
    for option in plan["options"]:
        assert option["label"] in markdown, option["remedy"]
    sources = markdown.split("\n## Sources")[1]
    for source in plan["sources"]:
        assert f"| {source['id']} |" in sources
