"""Client handouts, checked against the plans they are made from."""

import pytest

from documents.support import problems_against_plan, visible_text
from recours.documents import build_handout, plain, render_handout_html
from recours.documents.handout import HandoutError, handout_prose, ranked_options
from recours.documents.readability import MAX_SENTENCE_WORDS, measure


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_each_handout_has_every_selected_option_and_its_liberty_and_status_harms(case, lang):
    plan, situation = case
    model = build_handout(plan, lang=lang, situation=situation)
    selected = [option["remedy"] for option in model["options"]]
    text = visible_text(render_handout_html(model))
    assert problems_against_plan(text, plan, selected, lang) == []


def test_the_check_against_the_plan_catches_a_dropped_harm(massage):
    plan, situation = massage
    model = build_handout(
        plan, lang="en", situation=situation, options=["police_report_trafficking"]
    )
    text = visible_text(render_handout_html(model))
    removal = plain.harm_text("removal", "en")["plain"]
    assert problems_against_plan(
        text.replace(removal, ""), plan, ["police_report_trafficking"], "en"
    )


def test_without_a_choice_the_handout_covers_the_options_ranked_first(sawp):
    plan, situation = sawp
    model = build_handout(plan, situation=situation)
    assert [o["remedy"] for o in model["options"]] == ranked_options(plan)
    assert ranked_options(plan) == [
        "owp_v",
        "employment_standards_claim",
        "recruitment_fee_recovery",
    ]


def test_the_practitioner_chooses_the_options_and_their_order(massage):
    plan, situation = massage
    chosen = ["police_report_trafficking", "vtip_trp"]
    model = build_handout(plan, situation=situation, options=chosen)
    assert [o["remedy"] for o in model["options"]] == chosen


def test_an_option_missing_from_the_plan_is_refused_by_name(sawp):
    plan, _ = sawp
    del plan["options"][0]
    with pytest.raises(HandoutError, match="'owp_v'"):
        build_handout(plan, options=["owp_v"])


def test_risks_are_in_plain_words_with_their_severity_for_this_person(massage):
    plan, situation = massage
    model = build_handout(plan, situation=situation, options=["police_report_trafficking"])
    risks = model["options"][0]["risks"]
    assert {r["harm"] for r in risks} == {
        "enforcement_exposure", "removal", "inadmissibility_non_compliance", "criminalization",
    }  # fmt: skip
    assert all(r["severity_text"] == "Serious risk for you:" for r in risks)
    assert model["options"][0]["conflicts"] == [
        "You do not want to go to the police.",
        "You do not want to deal with immigration officers.",
    ]


def test_a_harm_that_depends_on_unknown_facts_says_so(massage):
    plan, situation = massage
    model = build_handout(plan, situation=situation, options=["employment_standards_claim"])
    exposure = next(r for r in model["options"][0]["risks"] if r["harm"] == "enforcement_exposure")
    assert exposure["possible"] == plain.phrase("possible_risk", "en")


def test_deadlines_are_listed_by_date_and_an_unknown_start_date_is_asked_for(sawp, massage):
    model = build_handout(sawp[0], situation=sawp[1])
    assert [d["date_text"] for d in model["deadlines"]] == ["May 1, 2028", "August 10, 2029"]
    french = build_handout(sawp[0], situation=sawp[1], lang="fr")
    assert french["deadlines"][0]["date_text"] == "1er mai 2028"
    bc = build_handout(massage[0], situation=massage[1], options=["employment_standards_claim"])
    assert bc["options"][0]["deadline_text"] == plain.phrase("deadline_unknown", "en")


def test_the_safe_to_carry_variant_has_no_name_no_organisation_and_a_neutral_title(massage):
    plan, situation = massage
    logo = "data:image/png;base64,iVBORw0KGgo="
    organisation = {"name": "Migrant Rights Clinic", "logo": logo}
    standard = render_handout_html(
        build_handout(plan, situation=situation, client_name="Mei", organisation=organisation)
    )
    safe = render_handout_html(
        build_handout(
            plan, situation=situation, client_name="Mei", organisation=organisation, variant="safe"
        )
    )
    assert "Mei" in standard and "Migrant Rights Clinic" in standard and logo in standard
    assert "Mei" not in safe and "Migrant Rights Clinic" not in safe and logo not in safe
    assert "<title>Notes</title>" in safe and "<h1>Notes</h1>" in safe
    assert "risk" not in safe.split("<h1>")[1].split("</h1>")[0].lower()


def test_the_large_print_variant_sets_at_least_18_point_text(sawp):
    html = render_handout_html(build_handout(sawp[0], situation=sawp[1], variant="large"))
    assert '<html lang="en" class="large">' in html
    assert "html.large { font-size: 18pt" in html


def test_spanish_handouts_say_the_translation_is_not_yet_reviewed(sawp):
    spanish = visible_text(render_handout_html(build_handout(sawp[0], lang="es")))
    french = visible_text(render_handout_html(build_handout(sawp[0], lang="fr")))
    assert plain.phrase("unreviewed", "es") in spanish
    assert plain.phrase("unreviewed", "fr") not in french


def test_every_legal_word_used_is_explained_and_every_abbreviation_too(case):
    plan, situation = case
    for lang in ("en", "fr", "es"):
        model = build_handout(plan, lang=lang, situation=situation)
        terms = [w["term"] for w in model["glossary"]]
        assert terms, lang
        text = visible_text(render_handout_html(model))
        words_section = text.split(plain.phrase("words_heading", lang))[1]
        assert all(term in words_section for term in terms)
        prose = " ".join(handout_prose(model))
        assert [w for w in prose.split() if w.isupper() and len(w) > 1 and w.isalpha()] == []


@pytest.mark.parametrize("variant", ["standard", "large", "safe"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_handouts_read_at_grade_8_or_easier_with_short_sentences(case, lang, variant):
    plan, situation = case
    model = build_handout(plan, lang=lang, situation=situation, variant=variant)
    result = measure(handout_prose(model), lang)
    assert result.passes, result
    assert result.longest_sentence <= MAX_SENTENCE_WORDS


def test_a_person_without_status_sees_status_blind_services_first_and_no_police_linked_one(massage):
    plan, situation = massage
    model = build_handout(plan, situation=situation)
    ids = [r["id"] for r in model["help"]["resources"]]
    assert ids[:3] == [
        "national.human_trafficking_hotline",
        "national.migrant_workers_alliance",
        "bc.swan_vancouver",
    ]
    assert model["help"]["without_status"]
    assert all(r["police_note"] is None for r in model["help"]["resources"])


def test_a_police_linked_service_is_listed_when_chosen_and_says_so():
    plan = {
        "schema": "recours.plan/1", "as_of": "2026-11-20", "jurisdiction": "PE",
        "options": [{"remedy": "community_support", "eligibility": "eligible", "harms": []}],
        "sequence": ["community_support"],
    }  # fmt: skip
    without = build_handout(plan)
    chosen = build_handout(plan, include_police_linked=True)
    assert "pe.rcmp_trafficking_line" not in [r["id"] for r in without["help"]["resources"]]
    rcmp = next(r for r in chosen["help"]["resources"] if r["id"] == "pe.rcmp_trafficking_line")
    assert rcmp["police_note"] == "This service works with the police."


def test_unknown_variant_and_language_are_refused(sawp):
    with pytest.raises(HandoutError, match="tiny"):
        build_handout(sawp[0], variant="tiny")
    with pytest.raises(HandoutError, match="'de'"):
        build_handout(sawp[0], lang="de")
