"""Browser tests: Playwright driving the system Chromium, never a downloaded one."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import chromium_path, skip_or_fail

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        skip_or_fail("Chromium not found at CHROMIUM_PATH or /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it is and fail on any violation."""

    def check(page) -> None:
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def assert_serious_free(axe):
    """For Django's own admin screens: no serious or critical axe violations."""

    def check(page) -> None:
        results = axe.run(page)
        serious = [
            violation
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert serious == [], results.generate_report()

    return check


@pytest.fixture
def assert_pages_accessible(axe, page, live_server):
    """Visit each address in turn and fail on any axe violation, naming every page that has
    one. One test walks a list of pages that only read, so their content is set up once
    rather than once a page (each set-up imports the law and the content again)."""

    def check(paths) -> None:
        reports = []
        for path in paths:
            page.goto(live_server.url + path)
            results = axe.run(page)
            if results.violations_count:
                reports.append(f"{path}:\n{results.generate_report()}")
        assert reports == [], "\n\n".join(reports)

    return check
