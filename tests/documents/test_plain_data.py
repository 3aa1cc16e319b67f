"""The plain-language files cover every remedy and harm, in three languages, with the same keys."""

import re

import pytest
import yaml

from recours.documents import plain

VOCABULARY = yaml.safe_load(
    """
remedies: [vtip_trp, fv_trp, owp_v, humanitarian_compassionate, refugee_claim, prra,
  restoration_of_status, new_employer_work_permit, permit_holder_class, deferral_of_removal,
  police_report_trafficking, police_report_other_offences, peace_bond, employment_standards_claim,
  canada_labour_code_complaint, recruitment_fee_recovery, tfwp_employer_compliance_tip,
  workers_compensation_claim, occupational_health_safety_complaint, human_rights_complaint,
  statutory_trafficking_tort, civil_claim, trafficking_protection_order,
  victim_financial_assistance, community_support]
harms: [enforcement_exposure, immigration_detention, removal, inadmissibility_non_compliance,
  criminal_inadmissibility, criminalization, misrepresentation_bar, loss_of_status,
  claim_ineligibility, application_bars, no_stay_of_removal, temporary_relief_only,
  information_sharing, employer_retaliation, retaliation_against_family, exploiter_contact,
  public_exposure, retraumatization, deadline_lapse, income_loss, child_protection_involvement,
  no_legal_aid]
limits: [no_police, no_contact_with_exploiter, no_in_person_hearing, no_public_record,
  no_testimony, avoid_immigration_authorities, cannot_pay_fees, must_keep_working]
"""
)


@pytest.mark.parametrize("lang", plain.LANGUAGES)
@pytest.mark.parametrize("kind", ["remedies", "harms", "limits"])
def test_every_vocabulary_id_has_a_plain_text(lang, kind):
    assert sorted(plain.plain_texts(lang)[kind]) == sorted(VOCABULARY[kind])


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_translations_have_the_same_keys_and_placeholders_as_english(lang):
    english, other = plain.plain_texts("en"), plain.plain_texts(lang)
    assert set(other["phrases"]) == set(english["phrases"])
    for key, text in english["phrases"].items():
        assert re.findall(r"{\w+}", other["phrases"][key]) == re.findall(r"{\w+}", text), key
    for remedy, text in english["remedies"].items():
        assert len(other["remedies"][remedy]["gives"]) == len(text["gives"]), remedy
    assert [g["id"] for g in other["glossary"]] == [g["id"] for g in english["glossary"]]


def test_spanish_is_marked_unreviewed_until_a_reviewer_says_so():
    assert plain.is_reviewed("en") and plain.is_reviewed("fr")
    assert not plain.is_reviewed("es")


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(plain.PlainTextError, match="'de'"):
        plain.plain_texts("de")


@pytest.mark.parametrize("lang", plain.LANGUAGES)
def test_every_glossary_term_is_found_in_the_texts_it_explains(lang):
    data = plain.plain_texts(lang)
    corpus = [
        t
        for r in data["remedies"].values()
        for t in (r["title"], r["what"], r["next"], *r["gives"])
    ]
    corpus += [t for h in data["harms"].values() for t in (h["name"], h["plain"], h["lower"])]
    found = {entry["id"] for entry in plain.glossary_for(corpus, lang)}
    unused = [entry["id"] for entry in data["glossary"] if entry["id"] not in found]
    assert unused == []
