import shutil

import pytest

from recours.engine.knowledge import (
    KnowledgeError,
    inspect_knowledge,
    load_knowledge,
    resolve_variant,
)

from .conftest import FIXTURE_KB


@pytest.fixture
def kb_copy(tmp_path):
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def errors_after(kb_copy, relative, old, new):
    file = kb_copy / relative
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))
    return inspect_knowledge(kb_copy).errors


def test_the_fixture_knowledge_base_loads_without_errors(fixture_kb):
    assert fixture_kb.version == "test.1"
    assert set(fixture_kb.remedies) == {
        "owp_v",
        "employment_standards_claim",
        "police_report_trafficking",
        "community_support",
    }


def test_it_is_cached_per_path(fixture_kb):
    assert load_knowledge(FIXTURE_KB) is fixture_kb


def test_an_unknown_source_id_is_an_error_naming_the_file_and_rule(kb_copy):
    errors = errors_after(
        kb_copy, "remedies/owp_v.yaml", "sources: [src-statute]\n    verification: primary\n  - id",
        "sources: [src-nowhere]\n    verification: primary\n  - id",
    )  # fmt: skip
    assert any(
        "remedies/owp_v.yaml" in e and "owp_v.employer_specific_permit" in e and "src-nowhere" in e
        for e in errors
    )


def test_a_duplicate_rule_id_is_an_error(kb_copy):
    errors = errors_after(
        kb_copy, "remedies/owp_v.yaml", "id: owp_v.sex_business", "id: owp_v.available"
    )
    assert any("owp_v.available" in e and "unique" in e for e in errors)


def test_a_rule_id_must_start_with_its_file_id(kb_copy):
    errors = errors_after(
        kb_copy, "remedies/owp_v.yaml", "id: owp_v.sex_business", "id: sex_business"
    )
    assert any("must start with 'owp_v.'" in e for e in errors)


def test_a_missing_french_text_is_an_error(kb_copy):
    errors = errors_after(
        kb_copy,
        "harms/employer_retaliation.yaml",
        ', fr: "Travaille encore pour l\'employeur."',
        "",
    )
    assert any("harms/employer_retaliation.yaml" in e and "why.fr" in e for e in errors)


def test_an_unknown_condition_reference_is_an_error(kb_copy):
    errors = errors_after(
        kb_copy, "harms/enforcement_exposure.yaml", "{ref: no_valid_status}", "{ref: no_status}"
    )
    assert any("unknown named condition 'no_status'" in e for e in errors)


def test_an_unknown_mitigation_is_an_error(kb_copy):
    errors = errors_after(
        kb_copy, "harms/enforcement_exposure.yaml", "[status_first]", "[status_later]"
    )
    assert any("unknown mitigation 'status_later'" in e for e in errors)


def test_a_misspelt_field_is_an_error_pointing_at_the_format(kb_copy):
    errors = errors_after(
        kb_copy, "remedies/community_support.yaml", "goals_served:", "goals_serve:"
    )
    assert any("goals_serve" in e and "knowledge-format.md" in e for e in errors)


def test_an_unavailable_variant_needs_a_reason(kb_copy):
    errors = errors_after(
        kb_copy, "remedies/employment_standards_claim.yaml",
        '    reason: {en: "Fixture: no office.", fr: "Fixture : aucun bureau."}\n', "",
    )  # fmt: skip
    assert any("needs a `reason`" in e for e in errors)


def test_load_refuses_a_knowledge_base_with_errors(kb_copy):
    errors_after(kb_copy, "remedies/owp_v.yaml", "venue: immigration", "venue: tribunal")
    with pytest.raises(KnowledgeError, match="venue"):
        load_knowledge(kb_copy)


def test_gaps_list_vocabulary_items_without_files(fixture_kb):
    gaps = inspect_knowledge(FIXTURE_KB).gaps
    assert "remedies/vtip_trp.yaml is missing" in gaps
    assert "harms/removal.yaml is missing" in gaps


def test_a_jurisdiction_key_wins_over_default(fixture_kb):
    import datetime

    remedy = fixture_kb.remedies["employment_standards_claim"]
    on = datetime.date(2026, 1, 1)
    assert resolve_variant(remedy, "ON", on).id == "employment_standards_claim.on"
    assert resolve_variant(remedy, "BC", on).id == "employment_standards_claim.default"
    assert resolve_variant(remedy, "NU", on).available is False


def test_a_changed_file_is_read_again_despite_the_parsed_yaml_cache(kb_copy):
    assert inspect_knowledge(kb_copy).kb.version == "test.1"
    meta = kb_copy / "meta.yaml"
    meta.write_text(meta.read_text().replace('"test.1"', '"test.2"'))
    assert inspect_knowledge(kb_copy).kb.version == "test.2"


def test_a_corrupt_cache_file_is_ignored(kb_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("RECOURS_CACHE_DIR", str(tmp_path / "cache"))
    assert not inspect_knowledge(kb_copy).errors
    for cached in (tmp_path / "cache").iterdir():
        cached.write_text("{not json")
    assert inspect_knowledge(kb_copy).kb.version == "test.1"
