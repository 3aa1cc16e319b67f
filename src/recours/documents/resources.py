"""Help resources (``knowledge/resources/*.yaml``) and the choice of those a handout lists.

For a person who may be without status, services that say they serve people without status
come first, and services that work beside police are left out unless the practitioner chooses
them: a referral must not become the way enforcement finds the person.
"""

from functools import cache
from pathlib import Path

import yaml

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "resources"
STATUS_VALUES = {"yes", "not_stated", "claimants", "temporary_residents"}
AUDIENCES = {"client", "practitioner"}
TOPICS = {"any", "labour", "sexual"}
JURISDICTIONS = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
REQUIRED = (
    "id", "name", "kind", "audience", "topics", "serves_without_status", "works_beside_police",
    "sex_worker_led", "contact", "description", "verification", "sources", "checked_on",
)  # fmt: skip
PRECARIOUS_STATUSES = {"out_of_status", "never_had_status", "unknown", None}
MAX_LOCAL = 8


class ResourceError(ValueError):
    """A resource file breaks the format described in knowledge/resources/README.md."""


@cache
def load_resources():
    """Every resource, keyed by jurisdiction code (``national`` for the whole country)."""
    by_jurisdiction = {}
    seen = set()
    for path in sorted(RESOURCES_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        code = data["jurisdiction"]
        if code != "national" and code not in JURISDICTIONS:
            raise ResourceError(f"{path.name}: unknown jurisdiction {code!r}")
        for entry in data["resources"]:
            _check(entry, path.name)
            if entry["id"] in seen:
                raise ResourceError(f"{path.name}: duplicate id {entry['id']!r}")
            seen.add(entry["id"])
        by_jurisdiction[code] = tuple(data["resources"])
    return by_jurisdiction


def _check(entry, filename):
    where = f"{filename}: {entry.get('id', '?')}"
    for field in REQUIRED:
        if field not in entry:
            raise ResourceError(f"{where}: missing field {field!r}")
    if entry["serves_without_status"] not in STATUS_VALUES:
        raise ResourceError(
            f"{where}: serves_without_status must be one of {sorted(STATUS_VALUES)}"
        )
    if entry["audience"] not in AUDIENCES:
        raise ResourceError(f"{where}: audience must be one of {sorted(AUDIENCES)}")
    if not set(entry["topics"]) <= TOPICS:
        raise ResourceError(f"{where}: topics must be among {sorted(TOPICS)}")
    for lang in ("en", "fr", "es"):
        if not entry["description"].get(lang):
            raise ResourceError(f"{where}: description has no {lang!r} text")
        if "note" in entry and not entry["note"].get(lang):
            raise ResourceError(f"{where}: note has no {lang!r} text")
    if not entry["sources"]:
        raise ResourceError(f"{where}: no source")


def may_be_without_status(situation):
    """True unless the situation says the person holds some status (unknown counts as maybe)."""
    if not situation:
        return True
    status = (situation.get("immigration") or {}).get("status")
    return status in PRECARIOUS_STATUSES


def situation_topics(situation):
    types = set(((situation or {}).get("exploitation") or {}).get("types") or [])
    sector = ((situation or {}).get("work") or {}).get("sector")
    topics = set()
    if types & {"sexual"} or sector in {"sex_work", "massage_spa", "strip_club_escort"}:
        topics.add("sexual")
    if types & {"labour", "domestic_servitude", "forced_criminality", "other"} or (
        sector and sector not in {"sex_work", "none"}
    ):
        topics.add("labour")
    return topics or {"labour", "sexual"}


def help_resources(jurisdiction, situation=None, include_police_linked=None):
    """The national line(s), then local services that fit, in the order the handout lists them.

    ``include_police_linked``: ``None`` keeps police-linked services only for a person who holds
    status; ``True`` or ``False`` is the practitioner's explicit choice.
    """
    resources = load_resources()
    without_status = may_be_without_status(situation)
    if include_police_linked is None:
        include_police_linked = not without_status
    topics = situation_topics(situation)

    def fits(entry):
        if entry["audience"] != "client":
            return False
        if entry["works_beside_police"] and not include_police_linked:
            return False
        return "any" in entry["topics"] or bool(topics & set(entry["topics"]))

    def order(indexed):
        index, entry = indexed
        status_rank = 0 if entry["serves_without_status"] == "yes" else 1
        police_rank = 1 if entry["works_beside_police"] else 0
        return (status_rank if without_status else 0, police_rank, index)

    national = [e for e in resources.get("national", ()) if fits(e)]
    local = [e for e in resources.get(jurisdiction, ()) if fits(e)]
    local = [e for _, e in sorted(enumerate(local), key=order)][:MAX_LOCAL]
    national = [e for _, e in sorted(enumerate(national), key=order)]
    return national + local
