"""The demo cases: loaded once by `make demo`, across provinces, sectors, statuses and teams."""

import pytest

from recours.cases.models import Case, CaseMember
from recours.demo.loader import load_demo


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_has_varied_cases_with_teams_and_loads_once():
    first = load_demo()
    assert first.created["cases"] >= 6
    cases = list(Case.objects.all())
    assert len({c.situation["jurisdiction"] for c in cases}) >= 6
    assert len({c.situation.get("work", {}).get("sector") for c in cases}) >= 6
    assert {c.status for c in cases} == {"intake", "open", "closed"}
    assert all(CaseMember.objects.filter(case=c, role="lead").exists() for c in cases)
    assert load_demo().created["cases"] == 0
    assert Case.objects.count() == len(cases)


@pytest.mark.django_db
def test_every_demo_situation_is_accepted_by_the_engine():
    engine = pytest.importorskip("recours.engine")
    from recours.cases.planning import situation_document

    load_demo()
    for case in Case.objects.all():
        engine.parse_situation(situation_document(case))
