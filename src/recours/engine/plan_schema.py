"""The shape of a plan (``recours.plan/1``) as pydantic models: the engine's output contract.

Used by the tests (every generated situation must give a valid plan) and available to any
consumer that wants to check a stored plan.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from recours.engine.vocabulary import DIMENSIONS, REMEDIES

Result = Literal["met", "not_met", "unknown"]
Eligibility = Literal["eligible", "possibly", "not_eligible"]
Level = Literal["primary", "secondary", "unverified"]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Trace(Closed):
    rule: str
    sources: list[str]


class Dimension(Closed):
    present: bool | None
    indicators: list[str]
    reasons: list[str]
    trace: list[Trace]


class Conclusion(Closed):
    rule: str | None
    result: Result
    missing: list[str]
    reasons: list[str]
    notes: list[str]
    trace: list[Trace]
    verification: Level | None


class Element(Closed):
    id: str
    label: str
    result: Literal["met", "not_met", "unknown", "not_applicable"]
    missing: list[str] = []


class LegalTest(Closed):
    test: str
    label: str
    result: Result
    missing: list[str]
    reasons: list[str]
    elements: list[Element]
    sources: list[str]
    verification: Level
    trace: list[Trace]


class Vulnerability(Closed):
    id: str
    label: str
    verification: Level | None
    trace: list[Trace]


class Assessment(Closed):
    indicator_lists: list[str]
    dimensions: dict[Literal[DIMENSIONS], Dimension]
    ilo_ec_conclusion: Conclusion
    legal_tests: list[LegalTest]
    vulnerabilities: list[Vulnerability]


class Reason(Closed):
    rule: str | None
    text: str = Field(min_length=1)
    sources: list[str]
    verification: Level | None


class Mitigation(Closed):
    id: str
    label: str
    detail: str
    remedy: str | None


class Harm(Closed):
    harm: str
    label: str
    likelihood: Literal["likely", "possible"]
    severity: Literal["high", "medium", "low"]
    threatens_liberty_or_status: bool
    why: str = Field(min_length=1)
    missing: list[str]
    mitigations: list[Mitigation]
    verification: Level | None
    trace: list[Trace] = Field(min_length=1)


class DeadlineEntry(Closed):
    rule: str
    date: str | None
    label: str


class HowToStart(Closed):
    body: str | None
    steps: str | None
    fees: str | None
    in_person: Literal["required", "possible", "no"] | None
    anonymous: bool | None
    third_party: bool | None
    police_contact: bool | None
    immigration_authority_contact: bool | None
    testimony: Literal["required", "possible", "no"] | None
    in_person_hearing: Literal["required", "possible", "no"] | None
    public_record: bool | None
    exploiter_contact: Literal["required", "possible", "no"] | None
    costs_money: bool | None
    requires_leaving_job: bool | None


class Option(Closed):
    remedy: Literal[REMEDIES]
    label: str
    venue: str | None
    jurisdiction: str
    eligibility: Eligibility
    reasons: list[Reason] = Field(min_length=1)
    missing: list[str]
    benefits: list[str]
    deadline: str | None
    deadline_reason: str | None
    deadlines: list[DeadlineEntry]
    harms: list[Harm]
    goals_served: list[str]
    conflicts_with_limits: list[str]
    secures_status: bool
    exposes_person: bool
    how_to_start: HowToStart | None
    legal_basis: str | None
    verification: Level
    unverified_rules: list[str]
    sources: list[str]
    trace: list[Trace]
    rank: int


class Step(Closed):
    remedy: str
    step: Literal["secure_status", "claim", "exposing"]


class EvidenceItem(Closed):
    item: str
    label: str
    detail: str
    serves: list[str] = Field(min_length=1)
    sources: list[str]


class Alert(Closed):
    kind: Literal["immediate_danger", "removal_scheduled", "minor", "deadline_soon"]
    harm: str | None
    message: str
    date: str | None = None
    remedy: str | None = None


class MissingFact(Closed):
    fact: str
    options: int


class Source(Closed):
    id: str
    title: str
    url: str
    checked_on: str
    verification: Level


class Plan(Closed):
    schema_: Literal["recours.plan/1"] = Field(alias="schema")
    as_of: str
    jurisdiction: str
    work_jurisdiction: str
    lang: Literal["en", "fr"]
    knowledge_version: str
    assessment: Assessment
    options: list[Option] = Field(min_length=len(REMEDIES), max_length=len(REMEDIES))
    sequence: list[str]
    sequence_steps: list[Step]
    sequence_note: str
    evidence: list[EvidenceItem]
    alerts: list[Alert]
    missing: list[MissingFact]
    unverified_rules: list[str]
    sources: list[Source]
