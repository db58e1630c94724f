"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit, started
here in its own process): a verified address signs in to its invited account; an
unverified address, an unknown one, a replayed state, a token for another audience or
issuer, and an expired token all fail closed."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse

from rapport import clock
from rapport.accounts.oidc import Backend
from tests import oidc_server

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rapport.accounts.oidc.Backend",
]


@pytest.fixture(scope="module")
def provider():
    started = oidc_server.start()
    yield started
    oidc_server.stop(started)


@pytest.fixture
def sso(provider, settings):
    """This Rapport set up for the provider, as a center's environment would set it."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.OIDC_STORE_ID_TOKEN = True
    return provider


def sign_on(provider, browser: Client, email: str) -> tuple[object, str]:
    """Start at Rapport, sign in at the provider as ``email``, come back with its answer.
    Returns Rapport's last answer and the callback address the provider sent back to."""
    start = browser.get(reverse("sso-start"))
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    at_provider = requests.Session()
    login = f"{provider.base}/login/"
    at_provider.get(login)
    at_provider.post(
        login,
        {
            "username": email,
            "password": oidc_server.PASSWORD,
            "csrfmiddlewaretoken": at_provider.cookies["csrftoken"],
        },
        headers={"Referer": login},
    )
    answer = at_provider.get(start["Location"], allow_redirects=False)
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "testserver", answer.headers["Location"]
    callback = f"{back.path}?{back.query}"
    return browser.get(callback), callback


def signed_in_as(browser: Client) -> str | None:
    page = browser.get(reverse("profile"))
    if page.status_code != 200:
        return None
    return page.context["user"].email


def test_a_verified_address_signs_in_to_its_invited_account(sso, dana):
    browser = Client()
    assert "Log in with your university account" in browser.get(reverse("login")).content.decode()
    answer, _ = sign_on(sso, browser, "dana@example.edu")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert signed_in_as(browser) == "dana@example.edu"


@pytest.mark.parametrize("email", ["sam@example.edu", "nobody@example.edu"])
def test_an_unverified_or_unknown_address_signs_in_no_one(sso, dana, stranger, email):
    """sam@example.edu has an account here, but the provider has not verified the address;
    nobody@example.edu is verified but has no account (sign-on never makes one)."""
    browser = Client()
    answer, _ = sign_on(sso, browser, email)
    assert answer["Location"] == "/login/?sso=failed"
    assert signed_in_as(browser) is None
    page = browser.get(answer["Location"]).content.decode()
    assert "Single sign-on did not work, and you are not logged in." in page


def test_a_replayed_state_is_refused(sso, dana):
    browser = Client()
    _, callback = sign_on(sso, browser, "dana@example.edu")
    browser.logout()
    again = browser.get(callback)
    assert again.status_code == 302 and again["Location"] == "/login/?sso=failed"
    assert signed_in_as(browser) is None
    assert Client().get(callback)["Location"] == "/login/?sso=failed"  # another browser


def real_token(sso) -> tuple[str, str]:
    """An ID token the provider really issued to this Rapport, and its nonce."""
    import jwt

    browser = Client()
    sign_on(sso, browser, "dana@example.edu")
    token = browser.session["oidc_id_token"]
    return token, jwt.decode(token, options={"verify_signature": False})["nonce"]


def test_a_token_for_another_audience_or_issuer_or_expired_is_refused(sso, dana, settings):
    token, nonce = real_token(sso)
    assert Backend().verify_token(token, nonce=nonce)["email"] == "dana@example.edu"

    settings.OIDC_RP_CLIENT_ID = oidc_server.CLIENTS[1][0]  # the token is not for this client
    with pytest.raises(SuspiciousOperation, match=r"(?i)audience"):
        Backend().verify_token(token, nonce=nonce)
    settings.OIDC_RP_CLIENT_ID = oidc_server.CLIENTS[0][0]

    settings.OIDC_ISSUER = "https://elsewhere.example.edu/o"
    with pytest.raises(SuspiciousOperation, match=r"(?i)issuer"):
        Backend().verify_token(token, nonce=nonce)
    settings.OIDC_ISSUER = sso.issuer

    later = time_machine.travel(clock.now() + timedelta(hours=2))  # it lived an hour
    with later, pytest.raises(SuspiciousOperation, match=r"(?i)expired"):
        Backend().verify_token(token, nonce=nonce)


def test_without_a_provider_there_is_no_sign_on(client, settings, dana):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("sso-start"))["Location"] == reverse("login")
    assert client.get(reverse("oidc_authentication_callback"))["Location"] == reverse("login")
    assert "university account" not in client.get(reverse("login")).content.decode()


def test_a_password_login_never_falls_through_to_a_code_in_its_address(sso, dana):
    """Without the nonce the callback kept, the backend signs no one on, whatever the
    address says: a failed password login with ?code=…&state=… in it stays failed."""
    from django.test import RequestFactory

    request = RequestFactory().post("/login/?code=stolen&state=forged")
    assert Backend().authenticate(request, username="dana@example.edu", password="x") is None
    browser = Client()
    browser.post(
        "/login/?code=stolen&state=forged",
        {"username": "dana@example.edu", "password": "wrong"},
    )
    assert signed_in_as(browser) is None


def test_a_half_set_up_sign_on_stops_the_app_by_name(settings):
    from rapport.checks import single_sign_on_whole

    settings.OIDC_RP_CLIENT_ID, settings.OIDC_ISSUER = "rapport-center", ""
    (error,) = single_sign_on_whole()
    assert "RAPPORT_OIDC_ISSUER" in error.msg and error.id == "rapport.E012"
