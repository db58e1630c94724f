"""Every main page, on a laptop and a phone, passes axe-core with no serious or critical
violation, has a skip link, no duplicate id and a focus ring that can be seen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from rapport import clock
from rapport.contacts.models import Contact
from rapport.meetings.models import Meeting
from rapport.meetings.services import schedule_meeting
from tests.browser.conftest import PATIENCE_MS
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Installed by `make test` (npm ci, package-lock.json); injected into each page, which is why
#: this test's browser context alone bypasses the Content Security Policy.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"laptop": (1200, 900), "phone": (390, 844)}
SERIOUS = ("serious", "critical")


def main_pages(maria: Contact, meeting: Meeting) -> dict[str, str]:
    return {
        "agenda": "/",
        "contacts": "/contacts/",
        "contact": f"/contacts/{maria.pk}/",
        "new-contact": "/contacts/new/",
        "compose": f"/contacts/{maria.pk}/compose/",
        "ask-next": "/next/",
        "meeting": f"/meetings/{meeting.pk}/",
        "notes": f"/meetings/{meeting.pk}/notes/",
        "prep": f"/meetings/{meeting.pk}/prep/",
        "practice": f"/meetings/{meeting.pk}/practice/",
        "thank-you": f"/meetings/{meeting.pk}/thank-you/",
        "dashboard": "/dashboard/",
        "skills": "/skills/",
        "organizations": "/organizations/",
        "import": "/import/",
        "export": "/export/",
        "profile": "/profile/",
        "capture": "/capture/",
        "captured-contact": "/contacts/new/?name=Mar%C3%ADa+Okafor&role=Analyst&source=linkedin",
    }


def problems_on(page) -> list[str]:
    """axe-core's serious and critical violations on the page, and ids used twice."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
    twice = page.evaluate(
        """() => { const seen = {}; document.querySelectorAll('[id]').forEach(
             e => { seen[e.id] = (seen[e.id] || 0) + 1; });
           return Object.keys(seen).filter(id => seen[id] > 1); }"""
    )
    found += [f"duplicate id {name!r}" for name in twice]
    return found


def contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """WCAG's contrast ratio of two sRGB colours given as 0-255 channels."""

    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c <= 10.3 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(part) for part in css.split("(")[1].rstrip(")").split(",")[:3])


@pytest.fixture
def axe_context(browser, live_server):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (make test does)")
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(PATIENCE_MS)
    yield context
    context.close()


def test_every_main_page_passes_axe_at_laptop_and_phone_width(axe_context, shot):
    page = axe_context.new_page()
    set_up(page, demo=True)
    page.get_by_text("demo contacts are loaded").wait_for()
    maria = Contact.objects.get(name="Maria Okafor")
    meeting = schedule_meeting(
        maria.owner, maria, Meeting(starts_at=clock.now() + timedelta(days=2))
    )
    failures = []
    for name, url in main_pages(maria, meeting).items():
        for size, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            page.wait_for_load_state("load")
            failures += [f"{name} ({size}, {url}): {p}" for p in problems_on(page)]
    page.context.clear_cookies()
    for size, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/login/")
        failures += [f"login ({size}): {p}" for p in problems_on(page)]
    assert failures == [], "\n".join(failures)


def test_a_skip_link_comes_first_and_the_focus_ring_stands_out(axe_context):
    page = axe_context.new_page()
    set_up(page, demo=True)
    page.goto("/contacts/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first stop after the skip is in the page, not the menu
    assert page.evaluate("document.activeElement.closest('main') !== null")
    focused = page.locator(":focus")
    ring = rgb(focused.evaluate("e => getComputedStyle(e).outlineColor"))
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    for background in ((255, 255, 255), (245, 247, 250)):  # the paper and the page's wash
        assert contrast(ring, background) >= 3, f"focus ring {ring} on {background}"
