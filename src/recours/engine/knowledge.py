"""Load, validate and cross-check the knowledge base, then compile its conditions.

``load_knowledge`` refuses a knowledge base with any error; ``inspect_knowledge`` collects every
error and gap instead, for ``recours kb check``, so a data author sees all problems at once.
"""

import datetime
import gc
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from recours.engine import kb_schema as schema
from recours.engine import vocabulary as vocab
from recours.engine.conditions import Compiler, ConditionRefError, references
from recours.engine.dates import in_force_on

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "knowledge"
_CACHE = {}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """The knowledge base is invalid; ``errors`` names each file and field."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("invalid knowledge base:\n" + "\n".join(self.errors))


@dataclass
class RuleRecord:
    """One citable, testable rule, wherever it sits, for checks, coverage and the report."""

    id: str
    kind: str
    file: str
    sources: list
    verification: str | None
    label: object = None
    conditions: dict = field(default_factory=dict)  # role -> raw condition
    in_force: object = None
    owner: str | None = None


@dataclass(repr=False, eq=False)
class KnowledgeBase:
    path: Path
    meta: schema.Meta | None = None
    sources: dict = field(default_factory=dict)
    vocabulary: dict = field(default_factory=dict)  # category -> {id: Labelled}
    conditions: dict = field(default_factory=dict)
    unrecorded: dict = field(default_factory=dict)  # key -> UnrecordedFact
    catalogue: dict = field(default_factory=dict)
    indicator_lists: dict = field(default_factory=dict)
    indicator_rules: schema.IndicatorRules | None = None
    vulnerabilities: list = field(default_factory=list)
    legal_tests: dict = field(default_factory=dict)
    remedies: dict = field(default_factory=dict)
    harms: dict = field(default_factory=dict)
    mitigations: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    cases: list = field(default_factory=list)  # (file, Case)
    rules: dict = field(default_factory=dict)  # id -> RuleRecord
    compiled: dict = field(default_factory=dict)  # (rule id, role) -> closure
    named_compiled: dict = field(default_factory=dict)
    load_ms: float = 0.0
    tables: dict = field(default_factory=dict)  # per-jurisdiction caches built by plan.py

    def __repr__(self):
        return f"<KnowledgeBase {self.version} at {self.path}>"

    @property
    def version(self):
        return self.meta.version if self.meta else "unversioned"

    def condition(self, rule_id, role="when"):
        return self.compiled[(rule_id, role)]

    def label(self, category, item_id, lang):
        entry = self.vocabulary.get(category, {}).get(item_id)
        return getattr(entry.label, lang) if entry else item_id


@dataclass
class Inspection:
    kb: KnowledgeBase
    errors: list
    gaps: list


class ParsedYamlCache:
    """Parsed YAML by file content hash, kept as JSON in the user's cache folder.

    PyYAML's constructors dominate loading time; a file whose bytes have not changed is read
    back from the cache instead (validation always runs on it again, so no error can hide).
    JSON, not pickle, so a cache file can never run code. Unwritable caches are ignored.
    """

    def __init__(self, root):
        base = os.environ.get("RECOURS_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "recours"
        )
        digest = hashlib.sha1(str(root).encode(), usedforsecurity=False).hexdigest()[:16]
        self.file = Path(base) / f"knowledge-{digest}.json"
        self.entries, self.changed = {}, False
        try:
            self.entries = json.loads(self.file.read_text("utf-8"), object_hook=_decode_dates)
        except (OSError, ValueError):
            self.entries = {}
        self.seen = set()

    def load(self, relative, raw):
        digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
        self.seen.add(relative)
        entry = self.entries.get(relative)
        if entry is not None and entry[0] == digest:
            return entry[1]
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - CSafeLoader is safe
        self.entries[relative] = [digest, data]
        self.changed = True
        return data

    def save(self):
        stale = set(self.entries) - self.seen
        for relative in stale:
            del self.entries[relative]
        if not (self.changed or stale):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.entries, default=_encode_date), "utf-8")
            os.replace(temporary, self.file)
        except OSError:
            pass


def _encode_date(value):
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode_dates(mapping):
    if len(mapping) == 1 and "$date" in mapping:
        return datetime.date.fromisoformat(mapping["$date"])
    return mapping


def _read(path, root, errors, cache):
    relative = str(path.relative_to(root))
    try:
        return cache.load(relative, path.read_bytes())
    except yaml.YAMLError as error:
        errors.append(f"{relative}: not valid YAML: {error}")
    except OSError as error:
        errors.append(f"{relative}: cannot be read: {error}")
    return None


def _validate(model, data, where, errors):
    """Validate ``data`` against a pydantic model or type; errors name the file and field."""
    try:
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model.model_validate(data)
        return TypeAdapter(model).validate_python(data)
    except ValidationError as error:
        for problem in error.errors():
            location = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            message = problem["msg"]
            if problem["type"] == "missing":
                message = "required field is missing"
            elif problem["type"] == "extra_forbidden":
                message = "unknown field (check the spelling against docs/knowledge-format.md)"
            errors.append(f"{where}: {location}: {message}")
    return None


def _files(root, pattern):
    return sorted(root.glob(pattern))


def inspect_knowledge(path=None):
    """Load everything that can be loaded; return the KB with every error and gap found."""
    root = Path(path or DEFAULT_PATH).resolve()
    started = time.perf_counter()
    kb = KnowledgeBase(path=root)
    errors, gaps = [], []
    if not root.is_dir():
        return Inspection(kb, [f"{root}: knowledge folder not found"], [])

    def rel(file):
        return str(file.relative_to(root))

    cache = ParsedYamlCache(root)

    def read(file):
        return _read(file, root, errors, cache)

    def register(record):
        previous = kb.rules.get(record.id)
        if previous is not None:
            errors.append(
                f"{record.file}: rule id {record.id!r} is also used in {previous.file}; "
                "rule ids must be unique"
            )
            return
        kb.rules[record.id] = record

    # meta
    meta_file = root / "meta.yaml"
    if meta_file.exists():
        kb.meta = _validate(schema.Meta, read(meta_file), "meta.yaml", errors)
    else:
        gaps.append("meta.yaml is missing")

    # sources
    for file in _files(root, "sources/*.yaml"):
        data = read(file)
        items = _validate(list[schema.Source], data or [], rel(file), errors) or []
        for source in items:
            if source.id in kb.sources:
                errors.append(f"{rel(file)}: source id {source.id!r} is defined twice")
            kb.sources[source.id] = source

    # vocabulary
    for file in _files(root, "vocabulary/*.yaml"):
        data = read(file) or {}
        if not isinstance(data, dict):
            errors.append(f"{rel(file)}: expected a mapping of category -> {{id: entry}}")
            continue
        # A file named for one category holds its entries, unless every key is a category
        # (fields.yaml has `goals` and `limits`, which are both fields and categories).
        if file.stem in vocab.VOCABULARY_CATEGORIES and not set(data) <= set(
            vocab.VOCABULARY_CATEGORIES
        ):
            data = {file.stem: data}
        for category, entries in data.items():
            parsed = _validate(
                dict[str, schema.Labelled], entries or {}, f"{rel(file)}: {category}", errors
            )
            if parsed is None:
                continue
            known = kb.vocabulary.setdefault(category, {})
            for item_id, entry in parsed.items():
                if item_id in known:
                    errors.append(f"{rel(file)}: {category}.{item_id} is labelled twice")
                known[item_id] = entry

    # named conditions
    for file in _files(root, "conditions/*.yaml"):
        data = read(file) or {}
        parsed = _validate(dict[str, schema.NamedCondition], data, rel(file), errors) or {}
        for name, condition in parsed.items():
            if name in kb.conditions:
                errors.append(f"{rel(file)}: named condition {name!r} is defined twice")
            kb.conditions[name] = condition
            register(
                RuleRecord(
                    name,
                    "condition",
                    rel(file),
                    condition.sources,
                    condition.verification,
                    condition.description,
                    {"when": condition.when},
                )
            )

    # indicators
    catalogue_file = root / "indicators" / "catalogue.yaml"
    if catalogue_file.exists():
        data = read(catalogue_file) or {}
        kb.catalogue = (
            _validate(
                dict[str, schema.CatalogueIndicator], data, "indicators/catalogue.yaml", errors
            )
            or {}
        )
    for file in _files(root, "indicators/*.yaml"):
        if file.stem in ("catalogue", "rules"):
            continue
        indicator_list = _validate(schema.IndicatorList, read(file), rel(file), errors)
        if indicator_list is None:
            continue
        if indicator_list.id != file.stem:
            errors.append(f"{rel(file)}: id {indicator_list.id!r} must match the file name")
        kb.indicator_lists[indicator_list.id] = indicator_list
        register(
            RuleRecord(
                indicator_list.id,
                "indicator_list",
                rel(file),
                indicator_list.sources,
                indicator_list.verification,
                indicator_list.label,
                {"applies": indicator_list.applies},
            )
        )
    rules_file = root / "indicators" / "rules.yaml"
    if rules_file.exists():
        kb.indicator_rules = _validate(
            schema.IndicatorRules, read(rules_file), "indicators/rules.yaml", errors
        )
        if kb.indicator_rules:
            rule = kb.indicator_rules.dimension_rule
            register(
                RuleRecord(
                    rule.id, "dimension_rule", "indicators/rules.yaml", rule.sources,
                    rule.verification, rule.label, in_force=rule.in_force,
                )
            )  # fmt: skip
            for rule in kb.indicator_rules.conclusion_rules:
                register(
                    RuleRecord(
                        rule.id, "conclusion_rule", "indicators/rules.yaml", rule.sources,
                        rule.verification, rule.label, {"applies": rule.applies, "when": rule.when},
                        rule.in_force,
                    )
                )  # fmt: skip
    else:
        gaps.append("indicators/rules.yaml is missing (dimension and conclusion rules)")

    # vulnerabilities
    vulnerabilities_file = root / "vulnerabilities.yaml"
    if vulnerabilities_file.exists():
        kb.vulnerabilities = (
            _validate(
                list[schema.Vulnerability],
                read(vulnerabilities_file) or [],
                "vulnerabilities.yaml",
                errors,
            )
            or []
        )
        for item in kb.vulnerabilities:
            register(
                RuleRecord(
                    item.id, "vulnerability", "vulnerabilities.yaml", item.sources,
                    item.verification, item.label, {"when": item.when}, item.in_force,
                )
            )  # fmt: skip

    # legal tests
    for file in _files(root, "legal_tests/*.yaml"):
        test = _validate(schema.LegalTest, read(file), rel(file), errors)
        if test is None:
            continue
        _check_own_id(test.id, file, vocab.LEGAL_TESTS, "legal test", errors, rel)
        kb.legal_tests[test.id] = test
        register(
            RuleRecord(
                test.id, "legal_test", rel(file), test.sources, test.verification, test.label,
                in_force=test.in_force,
            )
        )  # fmt: skip
        for element in test.elements:
            _check_prefix(element.id, test.id, rel(file), errors)
            roles = {"when": element.when}
            if element.applies is not None:
                roles["applies"] = element.applies
            register(
                RuleRecord(
                    element.id, "element", rel(file), element.sources, element.verification,
                    element.label, roles, element.in_force, test.id,
                )
            )  # fmt: skip

    # remedies
    for file in _files(root, "remedies/*.yaml"):
        remedy = _validate(schema.Remedy, read(file), rel(file), errors)
        if remedy is None:
            continue
        _check_own_id(remedy.id, file, vocab.REMEDIES, "remedy", errors, rel)
        kb.remedies[remedy.id] = remedy
        where = rel(file)
        register(
            RuleRecord(
                remedy.id, "remedy", where, remedy.sources, remedy.verification, remedy.label,
                in_force=remedy.in_force,
            )
        )  # fmt: skip
        for goal in remedy.goals_served:
            if goal not in vocab.GOALS:
                errors.append(
                    f"{where}: goals_served: unknown goal {goal!r}; "
                    f"allowed: {', '.join(vocab.GOALS)}"
                )
        for rule in remedy.eligibility:
            _register_eligibility(rule, remedy.id, where, register, errors)
        for deadline in remedy.deadlines:
            _register_deadline(deadline, remedy.id, where, register, errors)
        for key, versions in remedy.variants.items():
            if key != "default" and key not in vocab.JURISDICTIONS:
                errors.append(
                    f"{where}: variants.{key}: not a jurisdiction code; allowed: default, "
                    + ", ".join(vocab.JURISDICTIONS)
                )
            for variant in versions if isinstance(versions, list) else [versions]:
                _check_prefix(variant.id, remedy.id, where, errors)
                if not variant.available and variant.reason is None:
                    errors.append(
                        f"{where}: variants.{key}: an unavailable variant needs a `reason`"
                    )
                register(
                    RuleRecord(
                        variant.id, "variant", where, variant.sources, variant.verification,
                        variant.body or variant.reason, in_force=variant.in_force, owner=remedy.id,
                    )
                )  # fmt: skip
                for rule in variant.eligibility:
                    _register_eligibility(rule, remedy.id, where, register, errors)
                for deadline in variant.deadlines:
                    _register_deadline(deadline, remedy.id, where, register, errors)

    # harms
    for file in _files(root, "harms/*.yaml"):
        harm = _validate(schema.Harm, read(file), rel(file), errors)
        if harm is None:
            continue
        _check_own_id(harm.id, file, vocab.HARMS, "harm", errors, rel)
        kb.harms[harm.id] = harm
        register(RuleRecord(harm.id, "harm", rel(file), harm.sources, None, harm.label))
        if harm.id in vocab.LIBERTY_OR_STATUS_HARMS and not harm.threatens_liberty_or_status:
            errors.append(
                f"{rel(file)}: threatens_liberty_or_status must be true for {harm.id} "
                "(plan.md lists it among the harms never dropped)"
            )
        for trigger in harm.triggers:
            _check_prefix(trigger.id, harm.id, rel(file), errors)
            for remedy_id in trigger.remedies:
                if remedy_id not in vocab.REMEDIES:
                    errors.append(f"{rel(file)}: {trigger.id}: unknown remedy {remedy_id!r}")
            register(
                RuleRecord(
                    trigger.id, "trigger", rel(file), trigger.sources, trigger.verification,
                    trigger.why, {"when": trigger.when}, trigger.in_force, harm.id,
                )
            )  # fmt: skip

    # facts no situation field records
    unrecorded_file = root / "unrecorded.yaml"
    if unrecorded_file.exists():
        kb.unrecorded = (
            _validate(
                dict[str, schema.UnrecordedFact],
                read(unrecorded_file) or {},
                "unrecorded.yaml",
                errors,
            )
            or {}
        )

    # mitigations and evidence
    mitigations_file = root / "mitigations.yaml"
    if mitigations_file.exists():
        kb.mitigations = (
            _validate(
                dict[str, schema.Mitigation],
                read(mitigations_file) or {},
                "mitigations.yaml",
                errors,
            )
            or {}
        )
    evidence_file = root / "evidence.yaml"
    if evidence_file.exists():
        kb.evidence = (
            _validate(
                list[schema.EvidenceItem],
                read(evidence_file) or [],
                "evidence.yaml",
                errors,
            )
            or []
        )

    # cases
    for file in _files(root, "cases/*.yaml"):
        cases = _validate(list[schema.Case], read(file) or [], rel(file), errors)
        kb.cases.extend((rel(file), case) for case in cases or [])

    cache.save()
    _cross_check(kb, errors, gaps)
    _compile(kb, errors)
    kb.load_ms = (time.perf_counter() - started) * 1000
    return Inspection(kb, errors, gaps)


def _check_own_id(item_id, file, allowed, kind, errors, rel):
    if item_id != file.stem:
        errors.append(f"{rel(file)}: id {item_id!r} must match the file name {file.stem!r}")
    if item_id not in allowed:
        errors.append(f"{rel(file)}: {item_id!r} is not a {kind} of the vocabulary (vocabulary.md)")


def _check_prefix(rule_id, owner, where, errors):
    if not rule_id.startswith(owner + "."):
        errors.append(f"{where}: rule id {rule_id!r} must start with {owner + '.'!r}")


def _register_eligibility(rule, remedy_id, where, register, errors):
    _check_prefix(rule.id, remedy_id, where, errors)
    register(
        RuleRecord(
            rule.id, "eligibility", where, rule.sources, rule.verification, rule.yes,
            {"when": rule.when}, rule.in_force, remedy_id,
        )
    )  # fmt: skip


def _register_deadline(deadline, remedy_id, where, register, errors):
    _check_prefix(deadline.id, remedy_id, where, errors)
    for path in deadline.from_:
        if path not in vocab.DATE_PATHS:
            errors.append(f"{where}: {deadline.id}.from: {path!r} is not a situation date path")
    register(
        RuleRecord(
            deadline.id, "deadline", where, deadline.sources, deadline.verification,
            deadline.label, in_force=deadline.in_force, owner=remedy_id,
        )
    )  # fmt: skip


def _cross_check(kb, errors, gaps):
    """Every id one file uses must exist in another; every vocabulary id must be covered."""
    for record in kb.rules.values():
        for source_id in record.sources:
            if source_id not in kb.sources:
                errors.append(f"{record.file}: {record.id}: unknown source id {source_id!r}")
    for name, mitigation in kb.mitigations.items():
        for source_id in mitigation.sources:
            if source_id not in kb.sources:
                errors.append(f"mitigations.yaml: {name}: unknown source id {source_id!r}")
        if mitigation.remedy is not None and mitigation.remedy not in vocab.REMEDIES:
            errors.append(f"mitigations.yaml: {name}: unknown remedy {mitigation.remedy!r}")
    for item in kb.evidence:
        for source_id in item.sources:
            if source_id not in kb.sources:
                errors.append(f"evidence.yaml: {item.id}: unknown source id {source_id!r}")
        for remedy_id in item.serves:
            if remedy_id not in vocab.REMEDIES:
                errors.append(f"evidence.yaml: {item.id}: serves unknown remedy {remedy_id!r}")
    seen = set()
    for item in kb.evidence:
        if item.id in seen:
            errors.append(f"evidence.yaml: evidence id {item.id!r} is defined twice")
        seen.add(item.id)
    for harm in kb.harms.values():
        for trigger in harm.triggers:
            for mitigation in trigger.mitigations:
                if mitigation not in kb.mitigations:
                    errors.append(
                        f"harms/{harm.id}.yaml: {trigger.id}: unknown mitigation {mitigation!r}"
                    )
    # indicators
    for indicator_id, entry in kb.catalogue.items():
        if indicator_id not in vocab.INDICATORS:
            errors.append(f"indicators/catalogue.yaml: {indicator_id!r} is not a vocabulary id")
        elif vocab.DIMENSION_PREFIX[indicator_id.split(".")[0]] != entry.dimension:
            errors.append(
                f"indicators/catalogue.yaml: {indicator_id}: dimension must be "
                f"{vocab.DIMENSION_PREFIX[indicator_id.split('.')[0]]}"
            )
    if kb.catalogue:
        for indicator_id in vocab.INDICATORS:
            if indicator_id not in kb.catalogue:
                gaps.append(f"indicators/catalogue.yaml: indicator {indicator_id} is not described")
    else:
        gaps.append("indicators/catalogue.yaml is missing")
    for indicator_list in kb.indicator_lists.values():
        for indicator_id in indicator_list.indicators:
            if indicator_id not in vocab.INDICATORS:
                errors.append(
                    f"indicators/{indicator_list.id}.yaml: unknown indicator {indicator_id!r}"
                )
    for required in ("adult_labour", "adult_sexual"):
        if required not in kb.indicator_lists:
            gaps.append(f"indicators/{required}.yaml is missing")
    # completeness against the vocabulary
    for remedy_id in vocab.REMEDIES:
        if remedy_id not in kb.remedies:
            gaps.append(f"remedies/{remedy_id}.yaml is missing")
            continue
        variants = kb.remedies[remedy_id].variants
        if "default" not in variants:
            for code in vocab.JURISDICTIONS:
                if code not in variants:
                    gaps.append(f"remedies/{remedy_id}.yaml: no variant for {code} and no default")
    for harm_id in vocab.HARMS:
        if harm_id not in kb.harms:
            gaps.append(f"harms/{harm_id}.yaml is missing")
    for test_id in vocab.LEGAL_TESTS:
        if test_id not in kb.legal_tests:
            gaps.append(f"legal_tests/{test_id}.yaml is missing")
    for category, ids in vocab.VOCABULARY_CATEGORIES.items():
        labelled = kb.vocabulary.get(category, {})
        missing = [item_id for item_id in ids if item_id not in labelled]
        if category == "indicator_lists":
            missing = [item for item in kb.indicator_lists if item not in labelled]
        if missing:
            gaps.append(f"vocabulary: {category} has no label for {', '.join(missing)}")


def _compile(kb, errors):
    compiler = Compiler(
        {name: item.when for name, item in kb.conditions.items()}, unrecorded=kb.unrecorded
    )
    for name in kb.conditions:
        try:
            kb.named_compiled[name] = compiler.named_condition(name)
        except ConditionRefError as error:
            errors.append(f"{kb.rules[name].file}: {name}: {error}")
    for record in kb.rules.values():
        for role, node in record.conditions.items():
            try:
                kb.compiled[(record.id, role)] = compiler.compile(node, f"{record.id}.{role}")
            except ConditionRefError as error:
                errors.append(f"{record.file}: {error}")


def rule_references(kb, rule_id):
    """Named conditions a rule relies on, directly or through other named conditions."""
    found, stack = [], []
    for node in kb.rules[rule_id].conditions.values():
        stack.extend(references(node))
    while stack:
        name = stack.pop()
        if name in found or name not in kb.conditions:
            continue
        found.append(name)
        stack.extend(references(kb.conditions[name].when))
    return found


def load_knowledge(path=None):
    """The validated knowledge base at ``path`` (default: the packaged one), cached per path."""
    key = str(Path(path or DEFAULT_PATH).resolve())
    kb = _CACHE.get(key)
    if kb is None:
        inspection = inspect_knowledge(key)
        if inspection.errors:
            raise KnowledgeError(inspection.errors)
        kb = _CACHE[key] = inspection.kb
        # The knowledge base lives as long as the process: keep its objects out of the cycle
        # collector's generations, which plans would otherwise make it walk again and again.
        gc.freeze()
    return kb


def clear_cache():
    _CACHE.clear()


def resolve_variant(remedy, code, on):
    """The variant of ``remedy`` for jurisdiction ``code`` in force on ``on``, or None.

    A jurisdiction's own key wins over ``default``; among dated versions the one in force wins.
    """
    for key in (code, "default"):
        versions = remedy.variants.get(key)
        if versions is None:
            continue
        for variant in versions if isinstance(versions, list) else [versions]:
            if in_force_on(variant, on):
                return variant
    return None
