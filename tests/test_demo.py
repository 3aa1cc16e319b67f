import pytest
from django.contrib.auth import get_user_model

from recours.demo.loader import load_demo, read_fixture


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_the_second_time():
    first = load_demo()
    counts = get_user_model().objects.count()
    second = load_demo()
    assert sum(first.created.values()) > 0
    assert sum(second.created.values()) == 0
    assert get_user_model().objects.count() == counts


@pytest.mark.django_db
def test_loading_again_keeps_changes_made_on_the_demo_site():
    load_demo()
    username = read_fixture("accounts.yaml")["accounts"][0]["username"]
    user = get_user_model().objects.get(username=username)
    user.first_name = "Changed"
    user.save()
    load_demo()
    user.refresh_from_db()
    assert user.first_name == "Changed"


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_with_the_printed_password():
    report = load_demo()
    username, password = report.sign_ins[0].split(" / ")[:2]
    assert get_user_model().objects.get(username=username).check_password(password)
