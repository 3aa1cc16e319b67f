"""The knowledge-base check behind ``recours kb check``: errors, gaps, coverage, counts."""

import datetime

from recours.engine import vocabulary as vocab
from recours.engine.knowledge import inspect_knowledge, resolve_variant, rule_references


def availability(kb, on):
    """For each of the 13 jurisdictions, each vocabulary remedy: available or not_available
    (absent when the knowledge base cannot say, which is reported as missing)."""
    table, missing = {}, []
    for code in vocab.JURISDICTIONS:
        row = table[code] = {}
        for remedy_id in vocab.REMEDIES:
            remedy = kb.remedies.get(remedy_id)
            if remedy is None:
                continue  # reported once as a missing remedy file
            variant = resolve_variant(remedy, code, on)
            if variant is None:
                missing.append(f"{code}: {remedy_id}")
                continue
            row[remedy_id] = "available" if variant.available else "not_available"
    return table, missing


def unverified_count(kb):
    count = sum(1 for rule in kb.rules.values() if rule.verification == "unverified")
    count += sum(1 for source in kb.sources.values() if source.verification == "unverified")
    for indicator_list in kb.indicator_lists.values():
        count += sum(
            1 for row in indicator_list.indicators.values() if row.verification == "unverified"
        )
    count += sum(1 for item in kb.mitigations.values() if item.verification == "unverified")
    count += sum(1 for item in kb.evidence if item.verification == "unverified")
    return count


def tested_rules(kb, traces):
    """Rules exercised by passing cases: traced rules and the named conditions they rely on."""
    tested = set()
    for rule_id in traces:
        if rule_id in kb.rules:
            tested.add(rule_id)
            tested.update(rule_references(kb, rule_id))
    return tested


def check_knowledge(path=None, as_of=None):
    as_of = as_of or datetime.date.today()
    inspection = inspect_knowledge(path)
    kb = inspection.kb
    table, unresolved = availability(kb, as_of)
    missing = list(inspection.gaps)
    missing.extend(f"no availability for {item}" for item in unresolved)
    without_source = sorted(rule.id for rule in kb.rules.values() if not rule.sources)
    cases_run = cases_passed = 0
    failing, traces = [], set()
    if not inspection.errors:
        from recours.engine.cases import run_case

        for file, case in kb.cases:
            cases_run += 1
            outcome = run_case(kb, case)
            if outcome.failures:
                failing.extend(f"{file}: {case.name}: {failure}" for failure in outcome.failures)
            else:
                cases_passed += 1
                traces.update(outcome.trace)
    tested = tested_rules(kb, traces)
    untested = sorted(rule_id for rule_id in kb.rules if rule_id not in tested)
    return {
        "path": str(kb.path),
        "knowledge_version": kb.version,
        "as_of": as_of.isoformat(),
        "kb_load_ms": round(kb.load_ms, 1),
        "counts": {
            "sources": len(kb.sources),
            "rules": len(kb.rules),
            "remedies": len(kb.remedies),
            "harms": len(kb.harms),
            "legal_tests": len(kb.legal_tests),
            "cases": len(kb.cases),
        },
        "errors": inspection.errors,
        "missing": missing,
        "jurisdictions": table,
        "rules_without_source": len(without_source),
        "rules_without_source_ids": without_source,
        "rules_without_test": len(untested),
        "rules_without_test_ids": untested,
        "unverified_facts": unverified_count(kb),
        "cases_run": cases_run,
        "cases_passed": cases_passed,
        "failing_cases": failing,
    }
