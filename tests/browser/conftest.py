"""Playwright for Python driving Debian's chromium, headless, against the live test server."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="Debian's chromium is not installed: browser test SKIPPED")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def foreign_requests():
    """Every request the page made to another origin (filled in by the ``page`` fixture)."""
    return []


@pytest.fixture
def page(browser, live_server, foreign_requests):
    context = browser.new_context(base_url=live_server.url, locale="en-CA")
    own = urlsplit(live_server.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            # The machine has no network; answer locally so navigation away can be observed.
            foreign_requests.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>elsewhere</title>")

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
