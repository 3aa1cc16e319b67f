"""Help resources: valid data, and the order and filter a handout applies to them."""

import pytest

from recours.documents.resources import JURISDICTIONS, help_resources, load_resources

WITHOUT_STATUS = {"immigration": {"status": "out_of_status"}, "exploitation": {"types": ["labour"]}}
WITH_STATUS = {"immigration": {"status": "work_permit"}, "exploitation": {"types": ["labour"]}}


def test_every_entry_is_valid_and_every_jurisdiction_has_a_client_service():
    resources = load_resources()
    assert set(resources) == JURISDICTIONS | {"national"}
    for code in JURISDICTIONS:
        assert any(e["audience"] == "client" for e in resources[code]), code


def test_the_national_hotline_comes_first_everywhere():
    for code in JURISDICTIONS:
        assert help_resources(code)[0]["id"] == "national.human_trafficking_hotline"


@pytest.mark.parametrize("code", sorted(JURISDICTIONS))
def test_for_a_person_without_status_status_blind_services_lead_and_police_linked_ones_are_left_out(
    code,
):
    listed = help_resources(code, WITHOUT_STATUS)
    assert not any(e["works_beside_police"] for e in listed)
    local = [e for e in listed if not e["id"].startswith("national.")]
    ranks = [0 if e["serves_without_status"] == "yes" else 1 for e in local]
    assert ranks == sorted(ranks)


def test_police_linked_services_stay_for_a_person_with_status_and_when_chosen():
    assert "qc.cavac" in [e["id"] for e in help_resources("QC", WITH_STATUS)]
    assert "qc.cavac" not in [e["id"] for e in help_resources("QC", WITHOUT_STATUS)]
    chosen = help_resources("QC", WITHOUT_STATUS, include_police_linked=True)
    assert "qc.cavac" in [e["id"] for e in chosen]


def test_an_unknown_status_is_treated_as_possibly_without_status():
    assert "pe.rcmp_trafficking_line" not in [e["id"] for e in help_resources("PE", {})]


def test_sex_worker_groups_are_listed_for_sexual_exploitation_and_not_for_farm_work():
    sexual = [e["id"] for e in help_resources("ON", {"exploitation": {"types": ["sexual"]}})]
    labour = [e["id"] for e in help_resources("ON", WITH_STATUS)]
    assert "on.butterfly" in sexual and "on.butterfly" not in labour


def test_practitioner_only_bodies_are_not_on_handouts():
    ids = {e["id"] for code in JURISDICTIONS for e in help_resources(code, WITH_STATUS)}
    assert "national.ccr" not in ids and "bc.pivot_legal" not in ids
