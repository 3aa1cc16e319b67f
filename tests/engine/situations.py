"""Hypothesis strategies for valid situations, built from the packaged situation schema so that
they follow it as it grows, then repaired to respect the cross-field rules."""

import datetime

from hypothesis import strategies as st

from recours.engine.vocabulary import SITUATION_SCHEMA

EARLIEST = datetime.date(2012, 1, 1)
AS_OF = st.dates(datetime.date(2019, 1, 1), datetime.date(2027, 12, 31))


def _value(spec, as_of):
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    types = spec.get("type")
    types = [types] if isinstance(types, str) else types
    nullable = st.none() if "null" in types else st.nothing()
    if spec.get("format") == "date":
        return nullable | st.dates(EARLIEST, as_of).map(str)
    if "boolean" in types:
        return nullable | st.booleans()
    if "integer" in types:
        return nullable | st.integers(spec.get("minimum", 0), spec.get("maximum", 12))
    if "number" in types:
        return nullable | st.integers(0, 20000) | st.floats(0, 20000, allow_nan=False)
    if "array" in types:
        items = spec["items"]
        inner = st.sampled_from(items["enum"]) if "enum" in items else st.sampled_from(["es", "en"])
        return nullable | st.lists(inner, unique=True, max_size=6)
    return nullable | st.just("x")


def _section(spec, as_of):
    fields = {key: _value(child, as_of) for key, child in spec["properties"].items()}
    return st.none() | st.fixed_dictionaries({}, optional=fields)


@st.composite
def situations(draw):
    as_of = draw(AS_OF)
    properties = SITUATION_SCHEMA["properties"]
    data = {
        "schema": "recours.situation/1",
        "as_of": str(as_of),
        "jurisdiction": draw(st.sampled_from(properties["jurisdiction"]["enum"])),
    }
    for key, spec in properties.items():
        if key in data or not draw(st.booleans()):
            continue
        if "properties" in spec:
            data[key] = draw(_section(spec, as_of))
        else:
            data[key] = draw(_value(spec, as_of))
    return repair(data, draw)


def _order(section, earlier, later):
    if (
        section
        and section.get(earlier)
        and section.get(later)
        and section[later] < section[earlier]
    ):
        section[earlier], section[later] = section[later], section[earlier]


def repair(data, draw):
    """Make generated data satisfy the rules the schema cannot state (dates in order, age)."""
    person = data.get("person")
    if person and person.get("age") is not None and person.get("minor") is not None:
        person["minor"] = person["age"] < 18
    _order(data.get("exploitation"), "started_on", "ended_on")
    immigration = data.get("immigration")
    _order(immigration, "refugee_claim_made_on", "refugee_claim_decided_on")
    _order(immigration, "first_entered_canada_on", "refugee_claim_made_on")
    _order(immigration, "refugee_claim_made_on", "refugee_claim_decided_on")
    if immigration and draw(st.booleans()):
        immigration["removal_date"] = str(
            datetime.date.fromisoformat(data["as_of"])
            + datetime.timedelta(days=draw(st.integers(0, 90)))
        )
    return data
