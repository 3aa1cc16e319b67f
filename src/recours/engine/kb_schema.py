"""Pydantic models of every knowledge-base file kind (docs/knowledge-format.md).

They check shape only: the loader (``knowledge.py``) then cross-checks identifiers between files.
Conditions are checked structurally here by ``check_condition`` so that an error names the exact
key; their references (facts, indicators, named conditions...) are checked by the loader.
"""

import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Verification = Literal["primary", "secondary", "unverified"]
Strength = Literal["strong", "medium", "weak"]
Severity = Literal["high", "medium", "low"]
Tristate = Literal["required", "possible", "no"]
Venue = Literal["immigration", "criminal", "labour", "human_rights", "civil", "support"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """Bilingual text; ``es`` may be added for client-facing text."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    es: str | None = None


# ---------------------------------------------------------------- conditions

PERIOD_UNITS = ("days", "months", "years")
FACT_OPERATORS = {
    "is": "bool",
    "equals": "scalar",
    "in": "list",
    "contains_any": "list",
    "contains_all": "list",
    "lt": "number",
    "lte": "number",
    "gt": "number",
    "gte": "number",
    "known": "bool",
    "on_or_after": "date",
    "before": "date",
}


class ConditionShapeError(ValueError):
    pass


def check_period(period, where):
    if not isinstance(period, dict) or not period:
        raise ConditionShapeError(f"{where}: a period is a mapping such as {{years: 1}}")
    for unit, amount in period.items():
        if unit not in PERIOD_UNITS:
            raise ConditionShapeError(
                f"{where}: unknown period unit {unit!r}; allowed: {', '.join(PERIOD_UNITS)}"
            )
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ConditionShapeError(f"{where}.{unit}: must be a whole number >= 0")


def _check(node, where):
    if not isinstance(node, dict) or len(node) == 0:
        raise ConditionShapeError(f"{where}: a condition is a mapping, got {node!r}")
    if "fact" in node:
        operators = [key for key in node if key != "fact"]
        if not isinstance(node["fact"], str):
            raise ConditionShapeError(f"{where}.fact: must be a dotted situation path")
        if len(operators) != 1 or operators[0] not in FACT_OPERATORS:
            raise ConditionShapeError(
                f"{where}: a fact condition takes exactly one of "
                f"{', '.join(FACT_OPERATORS)}; got {', '.join(operators) or 'none'}"
            )
        operator = operators[0]
        value = node[operator]
        kind = FACT_OPERATORS[operator]
        ok = {
            "bool": isinstance(value, bool),
            "scalar": isinstance(value, str | int | float) and not isinstance(value, bool),
            "list": isinstance(value, list) and len(value) > 0,
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "date": isinstance(value, datetime.date),
        }[kind]
        if operator == "equals" and isinstance(value, bool):
            ok = False
        if not ok:
            expected = {
                "bool": "true or false",
                "scalar": "a quoted code or a number (use `is:` for booleans)",
                "list": "a non-empty list",
                "number": "a number",
                "date": "a date YYYY-MM-DD",
            }[kind]
            raise ConditionShapeError(f"{where}.{operator}: expected {expected}, got {value!r}")
        return
    if len(node) != 1 and "elapsed" not in node:
        raise ConditionShapeError(
            f"{where}: a condition has exactly one key, got {', '.join(map(str, node))}"
        )
    key = next(iter(node))
    if "elapsed" in node:
        others = set(node) - {"elapsed"}
        if len(others) != 1 or next(iter(others)) not in ("more_than", "at_most"):
            raise ConditionShapeError(f"{where}: elapsed takes exactly one of more_than, at_most")
        span = node["elapsed"]
        if not isinstance(span, dict) or set(span) != {"from", "to"}:
            raise ConditionShapeError(f"{where}.elapsed: needs from: PATH and to: PATH or as_of")
        comparison = next(iter(others))
        check_period(node[comparison], f"{where}.{comparison}")
        return
    value = node[key]
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionShapeError(f"{where}.{key}: must be a non-empty list of conditions")
        for index, child in enumerate(value):
            _check(child, f"{where}.{key}[{index}]")
    elif key == "not":
        _check(value, f"{where}.not")
    elif key == "indicators_any":
        if not isinstance(value, list) or not value:
            raise ConditionShapeError(f"{where}.indicators_any: must be a non-empty list of ids")
    elif key in ("dimension", "test", "ref", "helper", "unrecorded"):
        if not isinstance(value, str):
            raise ConditionShapeError(f"{where}.{key}: must be an id")
    else:
        raise ConditionShapeError(
            f"{where}: unknown condition {key!r}; allowed: fact, elapsed, indicators_any, "
            "dimension, test, ref, helper, unrecorded, all, any, not"
        )


def check_condition(node):
    _check(node, "condition")
    return node


Condition = Annotated[Any, AfterValidator(check_condition)]


# ---------------------------------------------------------------- common parts


class InForce(Strict):
    from_: datetime.date | None = Field(default=None, alias="from")
    to: datetime.date | None = None

    def applies(self, on):
        return (self.from_ is None or self.from_ <= on) and (self.to is None or on < self.to)


class Rule(Strict):
    """Anything with an id that cites sources and may be dated and verified."""

    id: str
    sources: list[str] = []
    verification: Verification | None = None
    in_force: InForce | None = None


class Meta(Strict):
    version: str
    languages: list[str]
    checked_on: datetime.date


class Source(Strict):
    id: str
    title: str | Text
    url: str
    checked_on: datetime.date
    kind: Literal["statute", "regulation", "guidance", "case_law", "secondary", "tool"]
    verification: Verification
    note: str | Text | None = None


class Labelled(Strict):
    label: Text
    definition: Text


class NamedCondition(Strict):
    description: Text
    when: Condition
    sources: list[str] = []
    verification: Verification | None = None


class CatalogueIndicator(Strict):
    dimension: str
    label: Text
    definition: Text


class ListIndicator(Strict):
    strength: Strength
    verification: Verification | None = None


class IndicatorList(Strict):
    id: str
    label: Text
    child: bool = False
    sources: list[str] = []
    verification: Verification
    applies: Condition
    indicators: dict[str, ListIndicator]


class StrengthCombination(Strict):
    strong: int = 0
    medium: int = 0
    weak: int = 0


class DimensionRule(Rule):
    label: Text
    # Minimum counts by strength; a dimension is present when any combination is reached.
    present_when_any: list[StrengthCombination] = Field(min_length=1)
    yes: Text | None = None
    no: Text | None = None
    ask: Text | None = None


class ConclusionRule(Rule):
    """Whether the dimensions found fit the ILO-EC pattern, for the persons ``applies`` names."""

    label: Text
    applies: Condition
    when: Condition
    yes: Text
    no: Text
    ask: Text


class IndicatorRules(Strict):
    dimension_rule: DimensionRule
    conclusion_rules: list[ConclusionRule] = Field(min_length=1)


class Vulnerability(Rule):
    label: Text
    when: Condition


class Element(Rule):
    label: Text
    when: Condition
    applies: Condition | None = None
    yes: Text
    no: Text
    ask: Text


class LegalTest(Strict):
    id: str
    label: Text
    definition: Text
    sources: list[str] = []
    verification: Verification
    in_force: InForce | None = None
    elements: list[Element] = Field(min_length=1)


class HowToStart(Strict):
    steps: Text | None = None
    in_person: Tristate | None = None
    anonymous: bool | None = None
    third_party: bool | None = None
    fees: Text | None = None
    police_contact: bool | None = None
    immigration_authority_contact: bool | None = None
    testimony: Tristate | None = None
    in_person_hearing: Tristate | None = None
    public_record: bool | None = None
    exploiter_contact: Tristate | None = None
    costs_money: bool | None = None
    requires_leaving_job: bool | None = None


class EligibilityRule(Rule):
    kind: Literal["requires", "excludes"]
    when: Condition
    yes: Text
    no: Text
    ask: Text


class Period(Strict):
    days: int = 0
    months: int = 0
    years: int = 0


class Deadline(Rule):
    from_: list[str] = Field(alias="from", min_length=1)
    period: Period
    label: Text
    late_filing: Text | None = None


class Variant(Rule):
    available: bool
    body: Text | None = None
    reason: Text | None = None
    eligibility: list[EligibilityRule] = []
    deadlines: list[Deadline] = []
    how_to_start: HowToStart | None = None
    benefits: list[Text] | None = None


class Remedy(Strict):
    id: str
    venue: Venue
    label: Text
    definition: Text
    legal_basis: Text
    sources: list[str] = []
    verification: Verification
    in_force: InForce | None = None
    jurisdiction_from: Literal["residence", "work"] = "residence"
    secures_status: bool = False
    goals_served: list[str] = []
    benefits: list[Text] = []
    how_to_start: HowToStart
    eligibility: list[EligibilityRule] = []
    deadlines: list[Deadline] = []
    # One variant, or several dated versions of it, per jurisdiction code or `default`.
    variants: dict[str, Variant | list[Variant]]


class Trigger(Rule):
    remedies: list[str] = Field(min_length=1)
    when: Condition
    severity: Severity
    why: Text
    mitigations: list[str] = []


class Harm(Strict):
    id: str
    threatens_liberty_or_status: bool = False
    label: Text
    definition: Text
    sources: list[str] = []
    triggers: list[Trigger] = []


class UnrecordedFact(Strict):
    """A fact a rule needs that no situation field records: always asked, never assumed."""

    label: Text
    ask: Text


class Mitigation(Strict):
    label: Text
    detail: Text
    remedy: str | None = None
    sources: list[str] = []
    verification: Verification | None = None


class EvidenceItem(Strict):
    id: str
    label: Text
    detail: Text
    serves: list[str] = Field(min_length=1)
    sources: list[str] = []
    verification: Verification | None = None


class OptionExpectation(Strict):
    eligibility: Literal["eligible", "possibly", "not_eligible"] | None = None
    harms: list[str] | None = None
    harms_exclude: list[str] | None = None
    deadline: datetime.date | None | Literal["any"] = "any"
    conflicts_with_limits: list[str] | None = None


class CaseExpectation(Strict):
    options: dict[str, OptionExpectation] = {}
    legal_tests: dict[str, Literal["met", "not_met", "unknown"]] = {}
    dimensions: dict[str, bool | None] = {}
    sequence_starts_with: list[str] | None = None
    sequence_excludes: list[str] | None = None
    alerts: list[str] | None = None
    missing_includes: dict[str, list[str]] = {}
    vulnerabilities: list[str] | None = None


class Case(Strict):
    name: str
    situation: dict[str, Any]
    lang: Literal["en", "fr"] = "en"
    expect: CaseExpectation
