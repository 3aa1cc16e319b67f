import json
import shutil
import sys
from pathlib import Path

import pytest

from recours.cli import main
from recours.engine.knowledge import DEFAULT_PATH, inspect_knowledge

from .conftest import FIXTURE_KB

# Copies of the data standard's worked examples (tests/test_spec_examples.py keeps them in step).
EXAMPLES = Path(__file__).resolve().parents[1] / "spec_examples"


def test_plan_reads_yaml_from_stdin_and_prints_json(capsys, monkeypatch):
    import io

    situation = 'schema: recours.situation/1\nas_of: 2026-11-20\njurisdiction: "ON"\n'
    monkeypatch.setattr(sys, "stdin", io.StringIO(situation))
    assert main(["plan", "-", "--knowledge", str(FIXTURE_KB)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["schema"] == "recours.plan/1"
    assert plan["knowledge_version"] == "test.1"


def test_plan_refuses_a_bare_on_with_exit_2_naming_the_field(tmp_path, capsys):
    file = tmp_path / "situation.yaml"
    file.write_text("schema: recours.situation/1\nas_of: 2026-11-20\njurisdiction: ON\n")
    assert main(["plan", str(file), "--knowledge", str(FIXTURE_KB)]) == 2
    error = capsys.readouterr().err
    assert "jurisdiction" in error and "quote" in error and "allowed: AB" in error


def test_plan_refuses_an_unknown_status_listing_the_allowed_values(tmp_path, capsys):
    file = tmp_path / "situation.json"
    file.write_text(
        json.dumps(
            {
                "schema": "recours.situation/1",
                "as_of": "2026-11-20",
                "jurisdiction": "QC",
                "immigration": {"status": "illegal"},
            }
        )
    )
    assert main(["plan", str(file), "--knowledge", str(FIXTURE_KB)]) == 2
    error = capsys.readouterr().err
    assert "immigration.status" in error and "never_had_status" in error


def test_plan_markdown_in_french_with_an_as_of(tmp_path, capsys):
    file = tmp_path / "situation.json"
    file.write_text(
        '{"schema": "recours.situation/1", "as_of": "2026-11-20", "jurisdiction": "BC"}'
    )
    args = ["plan", str(file), "--format", "markdown", "--lang", "fr", "--as-of", "2026-11-25"]
    assert main([*args, "--knowledge", str(FIXTURE_KB)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Plan au 2026-11-25 (BC)")
    assert "## Sources" in text


def test_kb_check_json_maps_every_jurisdiction_and_remedy(capsys):
    assert main(["kb", "check", "--json", "--path", str(FIXTURE_KB)]) == 1  # gaps in the fixture
    result = json.loads(capsys.readouterr().out)
    assert len(result["jurisdictions"]) == 13
    assert result["jurisdictions"]["NU"]["employment_standards_claim"] == "not_available"
    assert result["jurisdictions"]["ON"]["owp_v"] == "available"
    assert "remedies/vtip_trp.yaml is missing" in result["missing"]
    assert result["errors"] == []
    assert result["rules_without_source"] == 0
    assert result["cases_passed"] == result["cases_run"] == 1
    assert "owp_v.employer_specific_permit" not in result["rules_without_test_ids"]
    assert "enforcement_exposure.police_without_status" in result["rules_without_test_ids"]
    assert result["unverified_facts"] == 2


def test_kb_report_writes_html_with_rules_in_words(tmp_path):
    output = tmp_path / "report.html"
    assert (
        main(["kb", "report", "--format", "html", "-o", str(output), "--path", str(FIXTURE_KB)])
        == 0
    )
    text = output.read_text()
    assert text.startswith("<!doctype html>")
    assert "owp_v.employer_specific_permit" in text
    assert "`immigration.work_permit_type` is employer_specific" in text
    assert "checked 2026-11-01" in text


def test_the_three_spec_examples_give_valid_plans_with_the_real_knowledge(capsys):
    from recours.engine.plan_schema import Plan

    for name in ("sawp-worker-ontario", "massage-worker-bc", "refugee-claimant-quebec"):
        assert main(["plan", f"{EXAMPLES}/{name}.yaml"]) == 0
        Plan.model_validate(json.loads(capsys.readouterr().out))


def test_kb_report_names_situation_fields_in_words_with_the_path_in_brackets(tmp_path):
    output = tmp_path / "report.md"
    assert main(["kb", "report", "-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "Immigration status today [immigration.status] is one of:" in text
    assert "Fear of persecution or risk on return [unrecorded.fear_of_return]" in text
    assert "`immigration.status`" not in text
    output_fr = tmp_path / "rapport.md"
    assert main(["kb", "report", "--lang", "fr", "-o", str(output_fr)]) == 0
    assert "Statut d'immigration aujourd'hui [immigration.status]" in output_fr.read_text("utf-8")


def test_kb_check_help_says_it_uses_the_day_it_is_run_unless_as_of_is_given(capsys):
    with pytest.raises(SystemExit):
        main(["kb", "check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--as-of DATE" in text
    assert "Default: the day the command is run" in text


def test_kb_check_reports_a_situation_field_without_a_label(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    fields = root / "vocabulary" / "fields.yaml"
    text = fields.read_text(encoding="utf-8")
    start = text.index("work.injury_on:")
    end = text.index("work.harassment_or_discrimination:")
    fields.write_text(text[:start] + text[end:], encoding="utf-8")
    gaps = inspect_knowledge(root).gaps
    assert any("fields has no label for work.injury_on" in gap for gap in gaps)
