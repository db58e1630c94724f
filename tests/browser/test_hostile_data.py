"""A canary crawl in a real Chromium: every text of one user's data carries a marker and
script payloads. On the owner's pages no payload runs, even with the Content Security Policy
switched off; on another user's pages the marker never appears."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import get_resolver, reverse

from rapport import clock
from rapport.accounts.models import User
from rapport.contacts import services
from rapport.contacts.models import Contact, Organization, PendingImport
from rapport.meetings import followup
from rapport.meetings import services as meetings
from rapport.meetings.models import Meeting, Suggestion
from tests.apps.test_isolation import all_patterns
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANARY = "CANARY-b41e"
PART = CANARY[-4:]


def hostile(where: str) -> str:
    """A text that runs script if any page puts it in the HTML unescaped."""
    return (
        f"{CANARY} <img src=x onerror=\"window.__pwned='{where}'\">"
        f"<script>window.__pwned='{where}'</script>"
        f'" onmouseover="window.__pwned=\'{where}\'" [link](javascript:window.__pwned=1)'
    )


def seed(owner: User) -> dict[str, int]:
    """One object of every kind, every free text hostile; returns the ids to visit."""
    now = clock.now()
    User.objects.filter(pk=owner.pk).update(
        name=hostile("user name")[:150], interests=hostile("interests")[:300]
    )
    owner.refresh_from_db()
    referrer = services.save_contact(owner, Contact(name=hostile("referrer")[:200]))
    contact = services.save_contact(
        owner,
        Contact(
            name=hostile("name")[:200],
            role=hostile("role")[:200],
            email="target@example.org",
            notes=hostile("notes"),
            research=hostile("research"),
            how_we_know=hostile("how we know"),
        ),
        organization=hostile("organization")[:200],
        tags=[f"{CANARY}<b>tag</b>"],
    )
    Organization.objects.filter(pk=contact.organization_id).update(
        notes=hostile("org notes"), research=hostile("org research"), dress=hostile("dress")[:200]
    )
    services.add_commonality(owner, contact, "school", hostile("commonality")[:200], 4)
    services.log_touch(owner, contact, "email_sent", now - timedelta(days=5), hostile("touch"))
    services.add_referral(owner, referrer, contact, "yes", hostile("referral note"))
    # A call with the referrer makes a warm path to the organization: /paths/ has a result.
    services.log_touch(owner, referrer, "call", now - timedelta(days=9), hostile("call"))
    meeting = meetings.schedule_meeting(
        owner, contact, Meeting(starts_at=now + timedelta(days=2), place=hostile("place")[:200])
    )
    followup.save_notes(
        meeting,
        hostile("meeting notes"),
        {q.pk: hostile("answer") for q in meeting.questions.all()},
    )
    Suggestion.objects.create(owner=owner, contact=contact, meeting=meeting, text=hostile("idea"))
    pending = PendingImport.objects.create(
        owner=owner,
        kind="vcard",
        filename=f"{CANARY}.vcf",
        content=f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{hostile('card')}\r\nEND:VCARD\r\n".encode(),
    )
    return {
        "contact": contact.pk,
        "organization": contact.organization_id,
        "meeting": meeting.pk,
        "pending": pending.pk,
    }


def pages_of(ids: dict[str, int]) -> list[str]:
    """Every page a person opens in the browser: those without an id, and the owner's own."""
    # Files to download, and the actions a page's buttons post to, are not pages.
    not_pages = (
        "export-",
        "feed",
        "logout",
        "demo",
        "account-delete",
        "contact-names",
        "touch-restore",
        "capture-extension",
        "mail-",
        "dav-",
        "advisor-",
        "advising",  # an advisor's pages, not the student's: tests/apps/test_advising.py
    )
    no_id = [
        reverse(name)
        for name, route in all_patterns(get_resolver())
        if name and "<" not in route and not name.startswith(not_pages)
    ]
    contact, organization, meeting = ids["contact"], ids["organization"], ids["meeting"]
    return [
        *no_id,
        f"/contacts/{contact}/",
        f"/contacts/{contact}/edit/",
        f"/contacts/{contact}/compose/",
        f"/contacts/{contact}/compose/?kind=thank-you",
        f"/contacts/?q={PART}",  # part of the marker, so that a leak differs from the echo
        f"/organizations/{organization}/",
        f"/organizations/{organization}/edit/",
        f"/meetings/{meeting}/",
        f"/meetings/{meeting}/prep/",
        f"/meetings/{meeting}/practice/",
        f"/meetings/{meeting}/notes/",
        f"/import/{ids['pending']}/",
        f"/paths/?to={PART}",
    ]


def log_in(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_no_payload_runs_on_any_page_even_without_the_csp(
    browser, live_server, dana, shot, settings
):
    settings.SIGNUP = "open"  # every page exists: sign-up, and invitations for staff
    User.objects.filter(pk=dana.pk).update(is_staff=True)
    ids = seed(dana)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, dana.email)
    visited = 0
    for url in pages_of(ids):
        response = page.goto(url)
        assert response is not None and response.status < 400, url
        page.hover("body")
        assert page.evaluate("window.__pwned") is None, url
        active = page.locator("[onerror], [onmouseover], [onload], script:not([src])")
        assert active.count() == 0, url
        scripted = page.locator("a[href^='javascript:' i]")
        if url == "/capture/":
            # The bookmarklet: the one javascript: link Rapport writes, from its own file;
            # nothing of the user's goes into it.
            scripted = page.locator("a[href^='javascript:' i]:not(.bookmarklet)")
            code = page.locator("a.bookmarklet").get_attribute("href") or ""
            assert CANARY not in unquote(code) and PART not in unquote(code)
        assert scripted.count() == 0, url
        visited += 1
    assert visited > 30 and dialogs == []
    page.goto(f"/contacts/{ids['contact']}/")
    assert CANARY in page.content()  # the marked data is shown, as text
    page.goto(f"/paths/?to={PART}")
    assert page.locator("ol.paths li").count() > 0 and CANARY in page.content()
    shot(page, "hostile-contact-page")
    context.close()


def test_another_user_sees_no_marker_on_any_page(browser, live_server, dana, stranger, settings):
    settings.SIGNUP = "open"
    User.objects.filter(pk=stranger.pk).update(is_staff=True)
    ids = seed(dana)
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, stranger.email)
    for url in pages_of(ids):
        response = page.goto(url)
        assert response is not None, url
        if any(str(value) in url.split("?")[0] for value in ids.values()):
            assert response.status == 404, url
        assert CANARY not in page.content(), url
    context.close()
