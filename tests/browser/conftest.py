"""Fixtures for the browser tests: one Chromium for the run, a fresh context per test (its own
tenant, so tests never see each other's rows), axe-core and a CSP watch in every page."""

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from screen import Screen, StandIn

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests/browser/node_modules/axe-core/axe.min.js"

# The flags tests/browser-tests.md documents for Chromium on these machines (root, no sandbox),
# plus /tmp instead of a possibly tiny /dev/shm.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]


def pytest_configure(config):
    missing = [name for name in ("SCREEN_URL", "CHROMIUM", "AWS_ENDPOINT_URL_SESV2") if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(f"run the browser tests with tests/browser/run.sh (missing {', '.join(missing)})")
    if not AXE.is_file():
        raise pytest.UsageError(f"{AXE} is missing: tests/browser/run.sh installs it with npm")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ["CHROMIUM"], args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def stand_in():
    return StandIn(os.environ["AWS_ENDPOINT_URL_SESV2"])


def make_screen(browser, stand_in, request, *, tenant=None, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=os.environ["SCREEN_URL"])
    # Injected by the DevTools protocol before any page script, so the page's strict CSP
    # (script-src 'self') stays on for everything the tests do.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = []
    def on_console(msg):
        # axe-core itself applies inline styles while it checks; the page's CSP blocks them and
        # says so. Those come from the test tool, everything else from the page.
        if msg.type == "error" and not msg.location.get("url", "").endswith("axe.min.js"):
            problems.append(f"{msg.text} [at {msg.location.get('url')}:{msg.location.get('lineNumber')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    tenant = tenant or f"t-{uuid.uuid4().hex[:10]}"
    name = re.sub(r"[^a-z0-9_]+", "-", request.node.name.lower())
    return Screen(page, os.environ["SCREEN_URL"], tenant, stand_in, Path(os.environ["SCREENSHOTS"]), name, problems)


@pytest.fixture
def screen(browser, stand_in, request):
    screens = []

    def open_screen(**kwargs):
        s = make_screen(browser, stand_in, request, **kwargs)
        screens.append(s)
        s.open()
        return s

    yield open_screen
    for s in screens:
        unexpected = [p for p in s.console_errors if not s.expected_console_error(p)]
        s.page.context.close()
        assert not unexpected, f"console errors (CSP violations or script errors): {unexpected}"
