"""Every object belongs to a user: another user gets 404, an anonymous visitor the login page."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rapport.advising.models import AccessLog, Advisor, Consent
from rapport.api.models import PersonalToken
from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    PendingImport,
    PreparedExport,
    Referral,
    Touch,
)
from rapport.mailbox.models import MailNotice
from rapport.meetings.models import Meeting, MeetingQuestion, Suggestion
from tests.apps.conftest import CANARY
from tests.conftest import body_of

# url name -> (which object of the network it takes, the HTTP methods it answers)
OBJECT_URLS = {
    "contact-detail": ("contact", ["get"]),
    "contact-edit": ("contact", ["get", "post"]),
    "contact-delete": ("contact", ["get", "post"]),
    "commonality-add": ("contact", ["post"]),
    "touch-add": ("contact", ["post"]),
    "referral-add": ("contact", ["post"]),
    "commonality-delete": ("commonality", ["post"]),
    "touch-delete": ("touch", ["post"]),
    "referral-delete": ("referral", ["post"]),
    "organization-detail": ("organization", ["get"]),
    "organization-edit": ("organization", ["get", "post"]),
    "organization-delete": ("organization", ["get", "post"]),
    "import-preview": ("pending", ["get", "post"]),
    "export-file": ("export", ["get"]),
    "compose": ("contact", ["get"]),
    "compose-check": ("contact", ["post"]),
    "compose-send": ("contact", ["post"]),
    "agenda-act": ("contact", ["post"]),
    "tag-cadence": ("tag", ["post"]),
    "meeting-create": ("contact", ["get", "post"]),
    "contact-thank-you": ("contact", ["get"]),
    "meeting-detail": ("meeting", ["get", "post"]),
    "meeting-questions": ("meeting", ["post"]),
    "meeting-done": ("meeting", ["get", "post"]),
    "meeting-invitation": ("meeting", ["get"]),
    "meeting-invitation-send": ("meeting", ["post"]),
    "meeting-prep": ("meeting", ["get"]),
    "meeting-prep-pdf": ("meeting", ["get"]),
    "meeting-practice": ("meeting", ["get", "post"]),
    "meeting-question-change": ("meeting_question", ["post"]),
    "meeting-notes": ("meeting", ["get", "post"]),
    "meeting-followup": ("meeting", ["post"]),
    "meeting-thank-you": ("meeting", ["get"]),
    "suggestion-status": ("suggestion", ["post"]),
    "token-revoke": ("token", ["post"]),
    "mail-notice-dismiss": ("mail_notice", ["post"]),
    "advising-student": ("student", ["get"]),
    "advisor-revoke": ("consent", ["post"]),
}
CASES = [(name, method) for name, (_, methods) in OBJECT_URLS.items() for method in methods]
MODELS = [
    Contact,
    Organization,
    Commonality,
    Touch,
    Referral,
    PendingImport,
    PreparedExport,
    Meeting,
    MeetingQuestion,
    Suggestion,
    PersonalToken,
    MailNotice,
    Consent,
    AccessLog,
]


@pytest.fixture
def network(network, dana, now):
    """The shared network, and Dana's consent to an advisor (who is not the stranger)."""
    from rapport.accounts.models import User

    lee = User.objects.create_user("lee@center.edu", "Lee", "a long enough password 1")
    Advisor.objects.create(user=lee)
    consent = Consent.objects.create(student=dana, advisor=lee, granted_at=now)
    return {**network, "student": dana, "consent": consent}


def all_patterns(resolver: URLResolver, prefix: str = ""):
    """Every page's name and route; the REST API's operations are checked operation by
    operation, from its schema, in tests/apps/test_api.py."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "api":
            continue
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name, prefix + str(pattern.pattern)


# Reached by a secret token instead of a login; tests/apps/test_feed.py checks it.
TOKEN_URLS = {
    "feed",
    "join",
    "password-reset-confirm",
    # A volunteer's answer and own page, by the secret in their e-mail: test_alumni.py.
    "volunteer-answer",
    "volunteer-manage",
    "volunteer-join",
}
# The center's, not one student's: any student may ask any volunteer (test_alumni.py).
SHARED_URLS = {"volunteer-ask"}


def test_every_url_that_takes_an_id_is_checked_here():
    taking_ids = {name for name, route in all_patterns(get_resolver()) if "<" in route}
    assert taking_ids == set(OBJECT_URLS) | TOKEN_URLS | SHARED_URLS


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.parametrize(("name", "method"), CASES)
def test_another_user_gets_404_and_changes_nothing(stranger_client, network, name, method):
    before = counts()
    url = reverse(name, args=[network[OBJECT_URLS[name][0]].pk])
    payload = {
        "notes": "Hijacked",
        "suggestion": "Hijacked",
        "status": "done",
        "name": "Hijacked",
        "kind": "note",
        "detail": "x",
        "strength": 3,
        "happened_at": "2026-11-20T10:00",
        "referrer_name": "Joe Serra",
        "permission": "yes",
    }
    response = getattr(stranger_client, method)(url, payload)
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    assert counts() == before
    assert not Contact.objects.filter(name="Hijacked").exists()


@pytest.mark.parametrize(("name", "method"), CASES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, network, name, method):
    before = counts()
    url = reverse(name, args=[network[OBJECT_URLS[name][0]].pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert counts() == before


@pytest.mark.parametrize("query", ["", CANARY, "okafor", "%", "_", "1')%20or%20('%'='"])
@pytest.mark.parametrize(
    "name", ["contact-list", "organization-list", "export-json", "export-csv", "export-vcard"]
)
def test_lists_and_searches_show_nothing_of_another_user(
    client, dana, stranger, network, name, query
):
    client.force_login(dana)  # the owner's page shows what the stranger's must not
    assert "Harbor Policy" in body_of(client.get(reverse(name))).decode()
    client.force_login(stranger)
    response = client.get(reverse(name), {"q": query} if query else {})
    assert response.status_code == 200
    body = body_of(response).decode()
    assert "Okafor" not in body
    assert "Harbor Policy" not in body
    if query != CANARY:  # a search box shows what was typed in it
        assert CANARY not in body


def test_the_referral_form_offers_only_the_users_own_contacts(dana_client, stranger, network):
    from rapport.contacts import services

    theirs = services.save_contact(stranger, Contact(name=f"Stranger's friend {CANARY}"))
    response = dana_client.get(reverse("contact-detail", args=[network["contact"].pk]))
    assert theirs.name not in response.content.decode()
    posted = dana_client.post(
        reverse("referral-add", args=[network["contact"].pk]),
        {"referrer_name": theirs.name, "permission": "yes"},
    )
    assert "You have no other contact named" in posted.content.decode()
    assert not Referral.objects.filter(referrer=theirs).exists()


def test_name_suggestions_come_from_the_users_own_contacts(dana_client, stranger, network):
    from rapport.contacts import services

    services.save_contact(stranger, Contact(name="Joe Stranger"))
    body = dana_client.get(reverse("contact-names"), {"referrer_name": "joe"}).content.decode()
    assert 'value="Joe Serra"' in body
    assert "Stranger" not in body


def test_the_owner_is_never_taken_from_the_request(stranger_client, stranger, dana):
    stranger_client.post(
        reverse("contact-create"), {"name": "Mine", "source": "other", "owner": dana.pk}
    )
    assert Contact.objects.get(name="Mine").owner == stranger


def test_no_page_without_an_id_shows_another_users_canary(
    stranger_client, stranger, network, dana, now, settings
):
    """A canary crawl: every page that takes no id, as the stranger, with Dana's data seeded."""
    settings.SIGNUP = "open"  # so that the sign-up page is there to crawl
    type(stranger).objects.filter(pk=stranger.pk).update(is_staff=True)  # and invitations
    Advisor.objects.create(user=stranger)  # and the advising pages, with no consent of Dana's
    from rapport.contacts import services

    marked = services.save_contact(
        dana,
        Contact(name=f"Name {CANARY}", field="public policy"),
        organization=f"Org {CANARY}",
        tags=[f"tag-{CANARY}"],
    )
    services.log_touch(dana, marked, "meeting", now)
    services.add_referral(dana, network["referrer"], marked, "yes")
    routes = [
        (name, route) for name, route in all_patterns(get_resolver()) if "<" not in route and name
    ]
    assert len(routes) > 15
    for name, _route in routes:
        response = stranger_client.get(reverse(name))
        assert response.status_code in (200, 302, 405), name
        assert CANARY.encode() not in body_of(response), name
