"""A form's address opened in the browser (a reload after a mistake, a bookmark, the history)
leads back into the app instead of to an empty 405."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.api import tokens

from .conftest import CANARY


def test_reloading_the_follow_up_form_after_a_mistake_leads_back_to_the_meeting(
    dana_client, network
):
    meeting = network["meeting"]
    form = reverse("meeting-followup", args=[meeting.pk])
    mistake = dana_client.post(form, {"suggestion": "", "kind": "read"})
    assert "Say what they suggested." in mistake.content.decode()
    reloaded = dana_client.get(form, follow=True)
    assert reloaded.redirect_chain == [(f"/meetings/{meeting.pk}/", 302)]
    assert reloaded.status_code == 200 and CANARY in reloaded.content.decode()
    assert dana_client.head(form)["Location"] == f"/meetings/{meeting.pk}/"


@pytest.mark.parametrize(
    "name, key", [("meeting-followup", "meeting"), ("compose-check", "contact")]
)
def test_a_stranger_at_a_form_address_gets_not_found_not_the_owners_page(
    stranger_client, network, name, key
):
    response = stranger_client.get(reverse(name, args=[network[key].pk]), follow=True)
    assert response.status_code == 404
    page = response.content.decode()
    assert CANARY not in page and "Okafor" not in page  # neither the meeting nor María


def test_the_composers_check_address_leads_to_the_composer(dana_client, network):
    contact = network["contact"]
    check = reverse("compose-check", args=[contact.pk])
    response = dana_client.get(check, follow=True)
    assert response.redirect_chain == [(reverse("compose", args=[contact.pk]), 302)]
    assert response.status_code == 200 and contact.name in response.content.decode()
    # htmx asks this address for the guard's findings as the user types, with POST, as before
    found = dana_client.post(
        check, {"subject": "Hi", "body": "Are you hiring?"}, HTTP_HX_REQUEST="true"
    )
    assert found.status_code == 200 and "<html" not in found.content.decode()


def test_a_form_address_with_no_page_above_says_what_it_is_in_the_sites_layout(
    dana_client, network
):
    response = dana_client.get(reverse("suggestion-status", args=[network["suggestion"].pk]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "This address receives a form sent from a page; there is nothing to show here." in page
    assert 'href="/"' in page and 'class="site"' in page  # a way back, in base.html
    assert CANARY not in page


def test_htmx_asking_a_form_address_for_a_fragment_still_gets_the_refusal(dana_client, network):
    form = reverse("meeting-followup", args=[network["meeting"].pk])
    response = dana_client.get(form, HTTP_HX_REQUEST="true")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response.content == b""


def test_the_api_still_answers_a_get_to_a_post_only_address_with_its_problem(client, dana, now):
    secret = tokens.create_token(dana, "script", False, now).secret
    response = client.get("/api/v1/lint", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405
