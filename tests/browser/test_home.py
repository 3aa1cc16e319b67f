import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_loads_in_english_and_in_french(page, screenshot, foreign_requests):
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Quick exit").is_visible()
    screenshot("home-en")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Sortie rapide").is_visible()
    screenshot("home-fr")
    assert foreign_requests == []


def test_quick_exit_leaves_and_replaces_the_history_entry(page):
    page.goto("/en/")
    page.goto("/fr/")
    page.get_by_role("link", name="Sortie rapide").click()
    page.wait_for_url(settings.QUICK_EXIT_URL + "*")
    page.go_back()
    # The page that was left is gone from history: back lands on the page before it.
    assert page.url.endswith("/en/")


def test_escape_pressed_twice_is_a_quick_exit(page):
    page.goto("/en/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(settings.QUICK_EXIT_URL + "*")
