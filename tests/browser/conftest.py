"""A real Chromium (Debian's package) driven by Playwright against the live test server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RAPPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# Quiet and offline: no sync, no update checks, no background calls home.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: What Debian's faketime adds to the environment (make test-later, make test-dst). Chromium
#: hangs under libfaketime, and only the server's clock is under test: the browser keeps the
#: real one.
FAKETIME_VARIABLES = ("LD_PRELOAD", "FAKETIME")


#: How long a page may take to load or an expectation to come true before the test fails: a
#: passing test never waits it out, and CI runs its passes side by side on two cores, where a
#: first page load has taken more than ten seconds.
PATIENCE_MS = 30_000


def chromium_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in FAKETIME_VARIABLES}


@pytest.fixture(scope="session")
def driver():
    """Playwright, for a test that launches Chromium its own way (with an extension)."""
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set RAPPORT_CHROMIUM"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PATIENCE_MS)

    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # (fixtures, assertions) are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(driver):
    chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS, env=chromium_env())
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(PATIENCE_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def go_to(page, name: str) -> None:
    """Follow the main menu's link ``name``, opening the menu first where it is folded (a
    phone's "Menu" button)."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
