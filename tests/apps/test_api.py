"""The REST API with personal tokens: the same network, the same isolation, the same guard."""

from __future__ import annotations

import json

import pytest

from rapport.api import tokens
from rapport.api.models import PersonalToken
from rapport.contacts.models import Contact, Touch

from .conftest import CANARY
from .test_isolation import counts


@pytest.fixture
def token(dana, now):
    return tokens.create_token(dana, "script", False, now).secret


@pytest.fixture
def stranger_token(stranger, now):
    return tokens.create_token(stranger, "theirs", False, now).secret


def call(client, method, path, secret=None, body=None, **headers):
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        f"/api/v1{path}", data=data, content_type="application/json", **headers
    )


def test_a_script_lists_creates_updates_and_logs_a_touch(client, token, network):
    listed = call(client, "get", "/contacts?q=okafor", token).json()
    assert [item["name"] for item in listed["items"]] == ["María Okafor"]
    assert listed["count"] == 1

    made = call(client, "post", "/contacts", token, {"name": "Lee Chen", "tags": ["city"]})
    assert made.status_code == 201, made.content
    lee = made.json()
    assert (
        lee["tags"] == ["city"]
        and Contact.objects.get(pk=lee["id"]).owner == network["contact"].owner
    )

    read = call(client, "get", f"/contacts/{lee['id']}", token)
    changed = call(
        client,
        "patch",
        f"/contacts/{lee['id']}",
        token,
        {"role": "Transit planner"},
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["role"] == "Transit planner"
    assert changed.json()["tags"] == ["city"]  # what was not sent is kept

    touched = call(
        client, "post", f"/contacts/{lee['id']}/touches", token, {"kind": "call", "summary": "hi"}
    )
    assert touched.status_code == 201, touched.content
    assert Touch.objects.get(pk=touched.json()["id"]).contact_id == lee["id"]


def test_a_stale_if_match_is_refused_and_changes_nothing(client, token, network):
    maria = network["contact"]
    first = call(client, "get", f"/contacts/{maria.pk}", token)["ETag"]
    call(client, "patch", f"/contacts/{maria.pk}", token, {"role": "Director"}, HTTP_IF_MATCH=first)
    late = call(
        client, "patch", f"/contacts/{maria.pk}", token, {"role": "Intern"}, HTTP_IF_MATCH=first
    )
    assert late.status_code == 412
    assert late["Content-Type"] == "application/problem+json"
    assert Contact.objects.get(pk=maria.pk).role == "Director"
    gone = call(client, "delete", f"/contacts/{maria.pk}", token, HTTP_IF_MATCH=first)
    assert gone.status_code == 412 and Contact.objects.filter(pk=maria.pk).exists()


#: Every operation with an id in its path: the object of the network it takes, what it sends.
ID_OPERATIONS = {
    ("get", "/contacts/{contact_id}"): ("contact", None),
    ("patch", "/contacts/{contact_id}"): ("contact", {"role": "x"}),
    ("delete", "/contacts/{contact_id}"): ("contact", None),
    ("get", "/contacts/{contact_id}/touches"): ("contact", None),
    ("post", "/contacts/{contact_id}/touches"): ("contact", {"kind": "call"}),
    ("get", "/contacts/{contact_id}/drafts"): ("contact", None),
    ("get", "/contacts/{contact_id}/commonalities"): ("contact", None),
    ("post", "/contacts/{contact_id}/commonalities"): (
        "contact",
        {"kind": "school", "detail": "x"},
    ),
    ("delete", "/commonalities/{commonality_id}"): ("commonality", None),
    ("get", "/contacts/{contact_id}/referrals"): ("contact", None),
    ("delete", "/referrals/{referral_id}"): ("referral", None),
    ("get", "/organizations/{organization_id}"): ("organization", None),
    ("patch", "/organizations/{organization_id}"): ("organization", {"notes": "x"}),
    ("delete", "/organizations/{organization_id}"): ("organization", None),
    ("get", "/meetings/{meeting_id}"): ("meeting", None),
}


def test_every_operation_that_takes_an_id_is_checked_here(client, db):
    schema = client.get("/api/v1/schema").json()
    taking_ids = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
        if "{" in path
    }
    assert taking_ids == set(ID_OPERATIONS)


@pytest.mark.parametrize(("method", "path"), list(ID_OPERATIONS))
def test_another_accounts_token_gets_404_and_no_data(client, stranger_token, network, method, path):
    kind, body = ID_OPERATIONS[(method, path)]
    before = counts()
    target = path.replace("{" + kind + "_id}", str(network[kind].pk))
    response = call(client, method, target, stranger_token, body)
    assert response.status_code == 404, response.content
    assert CANARY not in response.content.decode()
    assert counts() == before
    assert Contact.objects.get(pk=network["contact"].pk).role == "Policy analyst"


def test_ids_in_the_body_are_checked_too(client, stranger_token, network):
    before = counts()
    ids = {"referrer_id": network["referrer"].pk, "referred_id": network["contact"].pk}
    assert call(client, "post", "/referrals", stranger_token, ids).status_code == 404
    meeting = {"contact_id": network["contact"].pk, "starts_at": "2026-12-01T15:00:00Z"}
    assert call(client, "post", "/meetings", stranger_token, meeting).status_code == 404
    assert counts() == before


def test_another_accounts_list_and_search_hold_none_of_it(client, stranger_token, network):
    paths = ("/contacts", "/contacts?q=okafor", "/agenda", "/next", "/stats")
    known = "/contacts/known?name=Mar%C3%ADa+Okafor"
    for path in (*paths, "/organizations", "/meetings", known):
        response = call(client, "get", path, stranger_token)
        assert response.status_code == 200, path
        assert CANARY not in response.content.decode() and "Okafor" not in response.content.decode()


def test_a_read_only_token_reads_but_cannot_write(client, dana, now, network):
    secret = tokens.create_token(dana, "dashboard", True, now).secret
    assert call(client, "get", "/contacts", secret).status_code == 200
    refused = call(client, "post", "/contacts", secret, {"name": "Nobody"})
    assert refused.status_code == 403
    assert not Contact.objects.filter(name="Nobody").exists()
    maria = network["contact"]
    assert call(client, "delete", f"/contacts/{maria.pk}", secret).status_code == 403
    assert Contact.objects.filter(pk=maria.pk).exists()


def test_a_revoked_token_is_refused_at_once(client, dana, token, network):
    assert call(client, "get", "/contacts", token).status_code == 200
    tokens.revoke_token(dana, PersonalToken.objects.get(digest=tokens.digest_of(token)).pk)
    response = call(client, "get", "/contacts", token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_token_and_no_session_is_401_in_one_shape(client, db):
    response = call(client, "get", "/contacts", "rpt_made-up")
    assert response.status_code == 401
    assert response.json()["status"] == 401 and "Bearer" in response.json()["detail"]


def test_only_the_tokens_hash_is_stored(dana, now):
    made = tokens.create_token(dana, "script", False, now)
    row = PersonalToken.objects.get(pk=made.token.pk)
    assert made.secret not in {row.digest, row.prefix, row.name}
    assert row.digest == tokens.digest_of(made.secret)


def test_invalid_input_names_the_field_and_changes_nothing(client, token, network):
    before = Contact.objects.count()
    response = call(
        client, "post", "/contacts", token, {"name": "Ana", "email": "not an address", "rank": 3}
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert "rank" in fields  # unknown fields are refused by name
    response = call(client, "post", "/contacts", token, {"name": "Ana", "email": "not an address"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["email"]
    assert Contact.objects.count() == before


def test_an_internationalized_address_is_accepted(client, token, db):
    response = call(client, "post", "/contacts", token, {"name": "Zoë", "email": "zoë@bücher.de"})
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "zoë@bücher.de"


def test_a_touch_time_without_an_offset_is_refused(client, token, network):
    maria = network["contact"]
    response = call(
        client,
        "post",
        f"/contacts/{maria.pk}/touches",
        token,
        {"kind": "call", "happened_at": "2026-11-20T10:00:00"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "happened_at"


def test_the_guard_applies_through_the_api(client, token, db):
    response = call(
        client, "post", "/lint", token, {"text": "Keep me in mind if anything opens up."}
    )
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert [f["rule"] for f in response.json()["findings"]] == ["job-ask"]


def test_the_rate_limit_answers_429_with_retry_after(client, token, settings, network):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [call(client, "get", "/contacts", token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = call(client, "get", "/contacts", token)
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_a_signed_in_page_may_read_but_must_send_its_csrf_token(db, dana):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(dana)
    assert browser.get("/api/v1/contacts").status_code == 200
    refused = browser.post(
        "/api/v1/contacts", data=json.dumps({"name": "X"}), content_type="application/json"
    )
    assert refused.status_code in (401, 403)
    assert not Contact.objects.filter(name="X").exists()


def test_pages_are_stable_and_complete(client, token, dana):
    from rapport.contacts import services

    for n in range(7):
        services.save_contact(dana, Contact(name=f"Person {n}"))
    seen = []
    for page in (1, 2, 3):
        body = call(client, "get", f"/contacts?page={page}&page_size=3", token).json()
        assert body["pages"] == 3 and body["count"] == 7
        seen += [item["name"] for item in body["items"]]
    assert seen == [f"Person {n}" for n in range(7)]


def test_the_schema_and_its_reference_page_are_served(client, db):
    schema = client.get("/api/v1/schema").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/contacts/{contact_id}" in schema["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"swagger-ui" in page.content


def test_tokens_are_made_shown_once_and_revoked_on_the_profile_page(dana_client, dana):
    response = dana_client.post(
        "/profile/", {"token": "1", "token-name": "sheet", "token-read_only": "on"}, follow=True
    )
    row = PersonalToken.objects.get(owner=dana)
    page = response.content.decode()
    assert row.read_only and row.prefix in page
    secret = page.split('id="new-token" value="')[1].split('"')[0]
    assert tokens.digest_of(secret) == row.digest
    assert 'id="new-token"' not in dana_client.get("/profile/").content.decode()  # once only
    dana_client.post(f"/profile/tokens/{row.pk}/revoke/")
    assert not PersonalToken.objects.exists()


def test_another_account_cannot_revoke_a_token(stranger_client, dana, now):
    made = tokens.create_token(dana, "script", False, now)
    stranger_client.post(f"/profile/tokens/{made.token.pk}/revoke/")
    assert PersonalToken.objects.filter(pk=made.token.pk).exists()


def test_organizations_commonalities_referrals_and_meetings_through_the_api(client, token, network):
    maria, joe = network["contact"], network["referrer"]
    made = call(
        client, "post", "/organizations", token, {"name": "Urban Institute", "motivation": 4}
    )
    assert made.status_code == 201, made.content
    same = call(client, "post", "/organizations", token, {"name": "urban institute"})
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "name"
    org = made.json()["id"]
    read = call(client, "get", f"/organizations/{org}", token)
    changed = call(
        client,
        "patch",
        f"/organizations/{org}",
        token,
        {"dress": "Business casual"},
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.json()["dress"] == "Business casual" and changed.json()["motivation"] == 4
    stale = call(
        client,
        "patch",
        f"/organizations/{org}",
        token,
        {"dress": "Suits"},
        HTTP_IF_MATCH=read["ETag"],
    )
    assert stale.status_code == 412

    shared = call(
        client,
        "post",
        f"/contacts/{maria.pk}/commonalities",
        token,
        {"kind": "club", "detail": "Debate  club", "strength": 5},
    )
    assert shared.status_code == 201 and shared.json()["detail"] == "Debate club"
    listed = call(client, "get", f"/contacts/{maria.pk}/commonalities", token).json()
    assert {c["detail"] for c in listed} >= {"Debate club"}
    assert call(client, "delete", f"/commonalities/{shared.json()['id']}", token).status_code == 204

    lee = call(client, "post", "/contacts", token, {"name": "Lee Chen"}).json()
    referral = call(
        client,
        "post",
        "/referrals",
        token,
        {"referrer_id": maria.pk, "referred_id": lee["id"], "permission": "yes"},
    )
    assert referral.status_code == 201, referral.content
    assert [
        r["referrer_id"]
        for r in call(client, "get", f"/contacts/{lee['id']}/referrals", token).json()
    ] == [maria.pk]
    itself = call(
        client, "post", "/referrals", token, {"referrer_id": joe.pk, "referred_id": joe.pk}
    )
    assert itself.status_code == 422

    meeting = call(
        client,
        "post",
        "/meetings",
        token,
        {"contact_id": lee["id"], "starts_at": "2026-12-10T15:00:00-05:00"},
    )
    assert meeting.status_code == 201, meeting.content
    assert meeting.json()["minutes"] == 20 and meeting.json()["questions"]
    ids = [m["id"] for m in call(client, "get", "/meetings", token).json()]
    assert meeting.json()["id"] in ids and network["meeting"].pk in ids

    drafts = call(client, "get", f"/contacts/{maria.pk}/drafts", token).json()
    assert set(drafts) >= {"email", "soundbite", "linkedin_note"}
    assert all(not any(f["severity"] == "error" for f in d["findings"]) for d in drafts["email"])


def test_values_a_database_cannot_hold_are_refused_by_field(client, token, network):
    maria = network["contact"]
    far = call(
        client,
        "post",
        f"/contacts/{maria.pk}/touches",
        token,
        {"kind": "call", "happened_at": "9999-12-31T23:00:00-05:00"},
    )
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "happened_at"
    early = call(
        client,
        "post",
        "/meetings",
        token,
        {"contact_id": maria.pk, "starts_at": "0001-01-01T00:30:00+01:00"},
    )
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "starts_at"
    comma = call(client, "post", "/contacts", token, {"name": "Ann", "tags": ["New York, NY"]})
    assert comma.status_code == 422 and comma.json()["errors"][0]["field"].startswith("tags")
    long = call(client, "post", "/contacts", token, {"name": "Ann", "organization": "x" * 201})
    assert [e["field"] for e in long.json()["errors"]] == ["organization"]  # as the API names it


def test_a_read_only_token_may_still_ask_the_guard(client, dana, now):
    secret = tokens.create_token(dana, "checker", True, now).secret
    response = call(client, "post", "/lint", secret, {"text": "Are you hiring?"})
    assert response.status_code == 200 and response.json()["ok"] is False


def test_a_wrong_address_or_method_answers_in_the_same_shape(client, token, db):
    missing = call(client, "get", "/nothing-here", token)
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    wrong = call(client, "put", "/contacts", token, {})
    assert wrong.status_code == 405 and wrong.json()["status"] == 405


def test_a_weak_etag_never_matches(client, token, network):
    maria = network["contact"]
    etag = call(client, "get", f"/contacts/{maria.pk}", token)["ETag"]
    response = call(
        client, "patch", f"/contacts/{maria.pk}", token, {"role": "x"}, HTTP_IF_MATCH=f"W/{etag}"
    )
    assert response.status_code == 412


def test_who_a_saved_page_may_already_be(client, token, network):
    maria = network["contact"]
    call(
        client,
        "patch",
        f"/contacts/{maria.pk}",
        token,
        {"profile_url": "https://www.linkedin.com/in/maria-o/"},
    )
    by_address = call(
        client, "get", "/contacts/known?profile_url=linkedin.com/in/maria-o", token
    ).json()
    assert by_address["same_profile"] == maria.pk
    by_name = call(client, "get", "/contacts/known?name=maria+okafor", token).json()
    assert by_name["same_profile"] is None and [c["id"] for c in by_name["known"]] == [maria.pk]


def test_the_same_address_and_name_is_refused_as_a_second_contact(client, token, network):
    maria = network["contact"]
    call(client, "patch", f"/contacts/{maria.pk}", token, {"email": "maria@example.org"})
    again = call(
        client, "post", "/contacts", token, {"name": "MARÍA OKAFOR", "email": "Maria@example.org"}
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "email"
    assert f"contact {maria.pk}" in again.json()["detail"]
    # Another name at the address is for the client to judge: /known says who has it.
    other = call(
        client, "post", "/contacts", token, {"name": "Kim Okafor", "email": "maria@example.org"}
    )
    assert other.status_code == 201
    known = call(client, "get", "/contacts/known?email=MARIA@example.org", token).json()
    assert sorted(c["id"] for c in known["known"]) == sorted([maria.pk, other.json()["id"]])


def test_an_organization_differing_only_in_accented_case_is_the_same_one(client, token, db):
    assert (
        call(client, "post", "/organizations", token, {"name": "bücher museum"}).status_code == 201
    )
    again = call(client, "post", "/organizations", token, {"name": "BÜCHER MUSEUM"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "name"
    call(client, "post", "/contacts", token, {"name": "Ann", "organization": "ÉCOLE NORMALE"})
    call(client, "post", "/contacts", token, {"name": "Bo", "organization": "école normale"})
    names = [o["name"] for o in call(client, "get", "/organizations", token).json()]
    assert sorted(names) == ["bücher museum", "ÉCOLE NORMALE"]


def test_recording_a_referral_again_keeps_what_is_not_sent(client, token, network):
    maria, joe = network["contact"], network["referrer"]
    ids = {"referrer_id": maria.pk, "referred_id": joe.pk}
    first = call(
        client, "post", "/referrals", token, {**ids, "permission": "no", "note": "met at the fair"}
    )
    assert first.status_code == 201
    again = call(client, "post", "/referrals", token, ids)
    assert again.status_code == 200
    assert (again.json()["permission"], again.json()["note"]) == ("no", "met at the fair")


def test_adding_a_profile_already_in_the_network_is_a_conflict(client, token, network):
    maria = network["contact"]
    call(
        client,
        "patch",
        f"/contacts/{maria.pk}",
        token,
        {"profile_url": "https://www.linkedin.com/in/maria-o/"},
    )
    before = Contact.objects.count()
    response = call(
        client,
        "post",
        "/contacts",
        token,
        {"name": "María O.", "profile_url": "https://de.linkedin.com/in/maria-o"},
    )
    assert response.status_code == 409 and response.json()["errors"][0]["field"] == "profile_url"
    assert str(maria.pk) in response.json()["detail"] and Contact.objects.count() == before


def test_list_parameters_out_of_range_are_refused(client, token, db):
    for query in ("page_size=0", "page_size=101", "page=0", "source=bogus"):
        response = call(client, "get", f"/contacts?{query}", token)
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["field"] == query.split("=")[0]
    said = call(client, "post", "/contacts", token, {"name": "Ann", "tags": ["a, b"]}).json()
    assert said["errors"][0]["message"] == "a tag cannot hold a comma"  # no library prefix
