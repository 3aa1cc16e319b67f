"""The stable identifiers of the data standard (../shared/spec/vocabulary.md).

The situation's closed lists come from the packaged JSON Schema, so they cannot drift from it; the
plan-side lists (remedies, harms, legal tests, ...) are not in the schema and are listed here.
"""

import json
from importlib import resources

SITUATION_SCHEMA = json.loads(
    resources.files("recours.engine").joinpath("situation.schema.json").read_text("utf-8")
)


def _enum(*path):
    node = SITUATION_SCHEMA["properties"]
    for key in path[:-1]:
        node = node[key]["properties"]
    spec = node[path[-1]]
    spec = spec.get("items", spec)
    return tuple(value for value in spec["enum"] if value is not None)


JURISDICTIONS = _enum("jurisdiction")
STATUSES = _enum("immigration", "status")
PROGRAMS = _enum("immigration", "program")
EXPLOITATION_TYPES = _enum("exploitation", "types")
EXPLOITER_RELATIONS = _enum("exploitation", "exploiter_relation")
SECTORS = _enum("work", "sector")
GOALS = _enum("goals")
LIMITS = _enum("limits")
INDICATORS = _enum("exploitation", "indicators")

DIMENSIONS = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
    "exploitative_conditions",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
)
DIMENSION_PREFIX = {
    "dr": "deceptive_recruitment",
    "cr": "coercive_recruitment",
    "av": "recruitment_abuse_of_vulnerability",
    "ex": "exploitative_conditions",
    "cd": "coercion_at_destination",
    "vd": "abuse_of_vulnerability_at_destination",
}
LEGAL_TESTS = ("palermo_protocol", "cc_279_01", "irpa_118", "vtip_criteria", "ilo_forced_labour")
VENUES = ("immigration", "criminal", "labour", "human_rights", "civil", "support")
REMEDIES = (
    "vtip_trp",
    "fv_trp",
    "owp_v",
    "humanitarian_compassionate",
    "refugee_claim",
    "prra",
    "restoration_of_status",
    "new_employer_work_permit",
    "permit_holder_class",
    "deferral_of_removal",
    "police_report_trafficking",
    "police_report_other_offences",
    "peace_bond",
    "employment_standards_claim",
    "canada_labour_code_complaint",
    "recruitment_fee_recovery",
    "tfwp_employer_compliance_tip",
    "workers_compensation_claim",
    "occupational_health_safety_complaint",
    "human_rights_complaint",
    "statutory_trafficking_tort",
    "civil_claim",
    "trafficking_protection_order",
    "victim_financial_assistance",
    "community_support",
)
HARMS = (
    "enforcement_exposure",
    "immigration_detention",
    "removal",
    "inadmissibility_non_compliance",
    "criminal_inadmissibility",
    "criminalization",
    "misrepresentation_bar",
    "loss_of_status",
    "claim_ineligibility",
    "application_bars",
    "no_stay_of_removal",
    "temporary_relief_only",
    "information_sharing",
    "employer_retaliation",
    "retaliation_against_family",
    "exploiter_contact",
    "public_exposure",
    "retraumatization",
    "deadline_lapse",
    "income_loss",
    "child_protection_involvement",
    "no_legal_aid",
)
# Harms the plan must never drop for brevity (plan.md).
LIBERTY_OR_STATUS_HARMS = frozenset(
    {
        "enforcement_exposure",
        "immigration_detention",
        "removal",
        "inadmissibility_non_compliance",
        "criminalization",
        "misrepresentation_bar",
        "loss_of_status",
        "claim_ineligibility",
    }
)
ALERTS = ("immediate_danger", "removal_scheduled", "minor", "deadline_soon")
INDICATOR_LISTS = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")

# Categories that vocabulary/*.yaml must label, each with the ids it must cover.
VOCABULARY_CATEGORIES = {
    "jurisdictions": JURISDICTIONS + ("FED",),
    "statuses": STATUSES,
    "programs": PROGRAMS,
    "exploitation_types": EXPLOITATION_TYPES,
    "exploiter_relations": EXPLOITER_RELATIONS,
    "sectors": SECTORS,
    "goals": GOALS,
    "limits": LIMITS,
    "dimensions": DIMENSIONS,
    "venues": VENUES,
    "indicator_lists": (),
    "alerts": ALERTS,
    "remedies": REMEDIES,
    "harms": HARMS,
    "legal_tests": LEGAL_TESTS,
}


def situation_paths():
    """Every dotted leaf path of a situation, with its schema node (for condition checks)."""
    paths = {}

    def walk(prefix, properties):
        for key, spec in properties.items():
            path = f"{prefix}{key}"
            if "properties" in spec:
                walk(path + ".", spec["properties"])
            else:
                paths[path] = spec

    walk("", SITUATION_SCHEMA["properties"])
    return paths


SITUATION_PATHS = situation_paths()
# Situation fields are labelled too, for the review report.
VOCABULARY_CATEGORIES["fields"] = tuple(SITUATION_PATHS)
DATE_PATHS = frozenset(
    path for path, spec in SITUATION_PATHS.items() if spec.get("format") == "date"
)
