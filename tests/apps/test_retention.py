"""Keeping and letting go: an account inactive for the set months is warned by e-mail, and
deleted with everything it owns 30 days later if still inactive; signing in keeps it;
administrators and recent accounts are never touched; with no setting, nothing happens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from rapport import clock
from rapport.accounts.models import RetentionWarning, User
from rapport.accounts.retention import GRACE, apply_retention
from rapport.contacts.models import Contact
from rapport.core.errors import RapportError
from tests.conftest import PASSWORD, free_port, text_of


@pytest.fixture
def old(db):
    """An account last used 25 months ago, with a contact of then."""
    then = clock.now() - timedelta(days=25 * 31)
    user = User.objects.create_user("old@example.edu", "Olga Old", PASSWORD, date_joined=then)
    User.objects.filter(pk=user.pk).update(last_login=then)
    Contact.objects.create(owner=user, name="Ana", created_at=then)
    return user


def test_inactive_is_warned_then_deleted_with_everything(old, dana, smtp):
    admin = User.objects.create_user("a@x.edu", "Admin", PASSWORD, is_staff=True)
    User.objects.filter(pk=admin.pk).update(date_joined=old.date_joined)
    now = clock.now()

    first = apply_retention(now, months=24)
    assert (first.warned, first.deleted) == (["old@example.edu"], [])
    (warning,) = smtp.messages
    assert warning["To"] == "old@example.edu"
    assert "will be deleted on" in text_of(warning) and "Export everything" in text_of(warning)

    assert apply_retention(now + GRACE, months=24).deleted == []  # the whole last day too
    later = apply_retention(now + GRACE + timedelta(days=1, minutes=1), months=24)
    assert later.deleted == ["old@example.edu"]
    assert not User.objects.filter(email="old@example.edu").exists()
    assert not Contact.objects.filter(name="Ana").exists()
    assert User.objects.filter(pk__in=[dana.pk, admin.pk]).count() == 2  # recent, admin: kept
    assert len(smtp.messages) == 1  # warned once


def test_signing_in_after_the_warning_keeps_the_account(old, smtp):
    now = clock.now()
    apply_retention(now, months=24)
    assert RetentionWarning.objects.filter(user=old).exists()
    Client().post(reverse("login"), {"username": old.email, "password": PASSWORD})
    assert not RetentionWarning.objects.filter(user=old).exists()
    assert apply_retention(now + GRACE + timedelta(days=2), months=24).deleted == []
    assert User.objects.filter(pk=old.pk).exists()


def test_without_a_setting_every_account_is_kept(old, smtp, settings):
    settings.RETENTION_MONTHS = 0
    outcome = apply_retention(clock.now())
    assert (outcome.warned, outcome.deleted) == ([], [])
    assert smtp.messages == []


def test_no_mail_server_no_deletion_and_a_failed_warning_is_not_a_warning(old, settings):
    settings.SMTP_ENABLED = False
    with pytest.raises(RapportError, match="needs a mail server"):
        apply_retention(clock.now(), months=24)
    settings.SMTP_ENABLED = True
    settings.EMAIL_BACKEND = "rapport.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    outcome = apply_retention(clock.now(), months=24)
    assert outcome.warned == [] and len(outcome.failed) == 1
    assert not RetentionWarning.objects.exists()
    assert apply_retention(clock.now() + timedelta(days=40), months=24).deleted == []


def test_advisors_and_what_a_sync_logged_do_not_count(old, smtp, admin_advisor):
    from rapport.contacts.models import Touch

    ana = Contact.objects.get(owner=old)
    Touch.objects.create(owner=old, contact=ana, kind="reply_received", source="mailbox:INBOX")
    assert apply_retention(clock.now(), months=24).warned == ["old@example.edu"]
    assert User.objects.filter(pk=admin_advisor.pk).exists()


@pytest.fixture
def admin_advisor(old):
    from rapport.advising.models import Advisor

    lee = User.objects.create_user("lee@x.edu", "Lee", PASSWORD, date_joined=old.date_joined)
    Advisor.objects.create(user=lee)
    return lee
