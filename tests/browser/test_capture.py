"""Saving a person from their page, in a real Chromium: the bookmarklet, and the extension
loaded unpacked, each on a local page made to look like a profile, end with Rapport's form
filled in; saving it twice makes one contact."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from rapport import clock
from rapport.api.tokens import create_token
from rapport.contacts.models import Contact

from ..conftest import PASSWORD
from .conftest import CHROMIUM, FLAGS, PATIENCE_MS, chromium_env

PAGES = Path(__file__).resolve().parents[1] / "data" / "capture"
EXTENSION = Path(__file__).resolve().parents[2] / "rapport" / "api" / "extension"


@pytest.fixture(scope="module")
def pages():
    """The profile-like pages, served on their own local address (another site than Rapport)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(PAGES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def filled_in(form) -> dict[str, str]:
    form.wait_for_selector("#id_name")
    fields = ("name", "role", "organization_name", "location", "profile_url", "source")
    return {name: form.locator(f"#id_{name}").input_value() for name in fields}


def test_the_bookmarklet_fills_in_the_form_and_saving_twice_makes_one_contact(
    page, live_server, dana, pages, shot
):
    log_in(page, live_server.url, dana.email)
    page.goto("/capture/")
    shot(page, "capture-help")
    link = page.locator("a.bookmarklet").get_attribute("href") or ""
    code = unquote(link.removeprefix("javascript:"))
    for attempt in (1, 2):
        page.goto(f"{pages}/profile.html")
        with page.context.expect_page() as opened:
            page.evaluate(code)  # what clicking it in the bookmarks bar runs, on this page
        form = opened.value
        assert filled_in(form) == {
            "name": "Lee Chen",
            "role": "Transit planner",
            "organization_name": "Metro Planning Council",
            "location": "",
            "profile_url": "https://www.linkedin.com/in/lee-chen-42/",
            "source": "linkedin",
        }
        if attempt == 2:
            assert form.locator("#already-known").is_visible()
            shot(form, "capture-form-known")
        form.get_by_role("button", name="Save").click()
        form.wait_for_url("**/contacts/*/")
        form.close()
    assert Contact.objects.filter(owner=dana, name="Lee Chen").count() == 1


def test_the_extension_reads_the_clicked_page_and_opens_the_filled_in_form(
    driver, live_server, dana, pages, tmp_path
):
    extension = tmp_path / "extension"
    shutil.copytree(EXTENSION, extension)
    # A click on the button grants the extension this one tab (activeTab), and the options
    # page asks leave to reach Rapport's address; a test can click neither the toolbar nor a
    # permission prompt, so this copy is granted both addresses instead. The code that runs
    # is the extension's own: its click handler's saveFromTab.
    manifest = json.loads((extension / "manifest.json").read_text())
    manifest["host_permissions"] = ["http://127.0.0.1/*", "http://localhost/*"]
    (extension / "manifest.json").write_text(json.dumps(manifest))
    context = driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=[*FLAGS, f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        env=chromium_env(),
    )
    try:
        context.set_default_timeout(PATIENCE_MS)
        worker = context.service_workers[0] if context.service_workers else None
        worker = worker or context.wait_for_event("serviceworker")
        page = context.new_page()
        log_in(page, live_server.url, dana.email)
        token = create_token(dana, "extension", True, clock.now()).secret
        worker.evaluate(
            "settings => chrome.storage.local.set(settings)",
            {"address": live_server.url, "token": token},
        )
        page.goto(f"{pages}/staff.html")

        def click_the_button():
            with context.expect_page() as opened:
                worker.evaluate(
                    """async url => {
                        const [tab] = await chrome.tabs.query({url});
                        await saveFromTab(tab);
                    }""",
                    f"{pages}/staff.html",
                )
            return opened.value

        form = click_the_button()
        assert filled_in(form) == {
            "name": "Amara Osei",
            "role": "Water quality engineer",
            "organization_name": "Riverside Water Authority",
            "location": "Hartford",
            "profile_url": f"{pages}/staff.html",
            "source": "other",
        }
        form.get_by_role("button", name="Save").click()
        form.wait_for_url("**/contacts/*/")
        amara = Contact.objects.get(owner=dana, name="Amara Osei")
        # Clicked again on the same page: Rapport, asked with the token, knows them.
        again = click_the_button()
        again.wait_for_url(f"**/contacts/{amara.pk}/")
        assert Contact.objects.filter(owner=dana, name="Amara Osei").count() == 1
    finally:
        context.close()
