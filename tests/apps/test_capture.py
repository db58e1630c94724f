"""Saving a person from the page they are on: the form filled in from its address, who they
may already be, and one contact however often the same profile is saved."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import unquote, urlencode

from rapport.contacts import services
from rapport.contacts.models import Contact

PROFILE = "https://www.linkedin.com/in/lee-chen-42/"
OFFERED = {
    "name": "Lee  Chen",
    "role": "Transit planner",
    "organization": "Metro Planning Council",
    "profile_url": PROFILE,
    "source": "linkedin",
    "rank": "admin",  # not a field: ignored
}


def form_page(client, **values):
    return client.get(f"/contacts/new/?{urlencode(values)}").content.decode()


def test_the_form_opens_filled_in_from_the_page(dana_client):
    page = form_page(dana_client, **OFFERED)
    assert 'value="Lee Chen"' in page  # one line, spaces folded
    assert 'value="Transit planner"' in page
    assert 'value="Metro Planning Council"' in page
    assert f'value="{PROFILE}"' in page
    assert '<option value="linkedin" selected>' in page
    assert "admin" not in page
    assert 'id="already-known"' not in page


def test_the_form_says_who_is_already_in_the_network(dana_client, dana):
    lee = services.save_contact(dana, Contact(name="Lee Chén", profile_url=PROFILE.upper()))
    page = form_page(dana_client, name="Someone Else", profile_url="linkedin.com/in/lee-chen-42")
    assert 'id="already-known"' in page and f"/contacts/{lee.pk}/" in page
    by_name = form_page(dana_client, name="lee chen")
    assert f"/contacts/{lee.pk}/" in by_name


def test_another_accounts_contacts_are_never_offered_as_known(stranger_client, dana):
    services.save_contact(dana, Contact(name="Lee Chen", profile_url=PROFILE))
    page = form_page(stranger_client, **OFFERED)
    assert 'id="already-known"' not in page


def test_saving_the_same_profile_twice_makes_one_contact(dana_client, dana):
    values = {
        "name": "Lee Chen",
        "role": "Transit planner",
        "profile_url": PROFILE,
        "source": "linkedin",
        "organization_name": "Metro Planning Council",
        "tag_names": "transit",
    }
    first = dana_client.post("/contacts/new/", values)
    assert first.status_code == 302
    again = dana_client.post(
        "/contacts/new/",
        {**values, "role": "Senior planner", "location": "Boston", "tag_names": "mentor"},
        follow=True,
    )
    assert Contact.objects.filter(owner=dana).count() == 1
    lee = Contact.objects.get(owner=dana)
    assert lee.role == "Transit planner"  # never overwritten
    assert lee.location == "Boston"  # an empty field filled in
    assert sorted(t.name for t in lee.tags.all()) == ["mentor", "transit"]
    said = again.content.decode()
    assert "already in your network" in said and "Senior planner" in said


def test_a_different_person_with_the_same_name_is_still_added(dana_client, dana):
    services.save_contact(dana, Contact(name="Lee Chen", profile_url=PROFILE))
    dana_client.post(
        "/contacts/new/",
        {
            "name": "Lee Chen",
            "profile_url": "https://www.linkedin.com/in/lee-chen-7/",
            "source": "other",
        },
    )
    assert Contact.objects.filter(owner=dana, name="Lee Chen").count() == 2


def test_the_same_address_and_name_fills_in_the_contact_already_there(dana_client, dana):
    zoe = services.save_contact(dana, Contact(name="Zoë Brandt", email="zoë@example.org"))
    said = dana_client.post(
        "/contacts/new/",
        {"name": "zoe brandt", "email": "ZOË@Example.org", "role": "Editor", "source": "other"},
        follow=True,
    ).content.decode()
    assert Contact.objects.filter(owner=dana).count() == 1
    zoe.refresh_from_db()
    assert zoe.role == "Editor" and zoe.email == "zoë@example.org"
    assert "already in your network" in said


def test_the_same_address_under_another_name_is_asked_about_first(dana_client, dana):
    ann = services.save_contact(dana, Contact(name="Ann Lee", email="lees@example.org"))
    typed = {"name": "Robert Lee", "email": "Lees@example.org", "role": "Chef", "source": "other"}
    page = dana_client.post("/contacts/new/", typed).content.decode()
    assert 'id="same-address"' in page and f"/contacts/{ann.pk}/" in page
    assert 'value="Robert Lee"' in page and 'value="Chef"' in page  # what was typed is kept
    assert Contact.objects.filter(owner=dana).count() == 1  # nothing saved yet
    # A confirmation given for another address does not carry over to this one.
    dana_client.post("/contacts/new/", {**typed, "add_anyway": "other@example.org"})
    assert Contact.objects.filter(owner=dana).count() == 1
    added = dana_client.post("/contacts/new/", {**typed, "add_anyway": "Lees@example.org"})
    assert added.status_code == 302
    assert sorted(Contact.objects.filter(owner=dana).values_list("name", flat=True)) == [
        "Ann Lee",
        "Robert Lee",
    ]


def test_it_is_them_fills_in_the_contact_with_what_was_typed(dana_client, dana, stranger):
    ann = services.save_contact(dana, Contact(name="Ann Lee", email="lees@example.org"))
    theirs = services.save_contact(stranger, Contact(name="Ann Lee", email="lees@example.org"))
    typed = {"name": "Annie Lee", "email": "lees@example.org", "role": "Chef", "source": "other"}
    page = dana_client.post("/contacts/new/", typed).content.decode()
    assert 'id="id_email_error"' in page and "Already the address of Ann Lee" in page
    assert f'name="fill_in" value="{ann.pk}"' in page
    # Another account's contact is never filled in, whatever the button is made to say.
    dana_client.post("/contacts/new/", {**typed, "fill_in": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.role == "" and Contact.objects.filter(owner=dana).count() == 1
    said = dana_client.post(
        "/contacts/new/", {**typed, "fill_in": str(ann.pk)}, follow=True
    ).content.decode()
    ann.refresh_from_db()
    assert (ann.name, ann.role) == ("Ann Lee", "Chef")
    assert Contact.objects.filter(owner=dana).count() == 1
    assert "the form said “Annie Lee”" in said  # the name typed is said, not lost silently
    assert "source" not in said  # the form's default is no choice of the user's


def test_an_address_is_known_however_unicode_cases_it(dana_client, dana):
    # A ligature pasted from a PDF, or ß written SS: the same address, though the database
    # folds only ASCII letters.
    kim = services.save_contact(dana, Contact(name="Kim Lee", email="o\ufb03ce@example.org"))
    dana_client.post(
        "/contacts/new/", {"name": "Kim Lee", "email": "office@example.org", "source": "other"}
    )
    assert list(Contact.objects.filter(owner=dana)) == [kim]
    services.save_contact(dana, Contact(name="Jo Gross", email="straße@example.de"))
    page = dana_client.post(
        "/contacts/new/", {"name": "Ann Gross", "email": "STRASSE@example.de", "source": "other"}
    ).content.decode()
    assert 'id="same-address"' in page


def test_another_accounts_address_is_never_asked_about(stranger_client, dana, stranger):
    services.save_contact(dana, Contact(name="Ann Lee", email="lees@example.org"))
    typed = {"name": "Robert Lee", "email": "lees@example.org", "source": "other"}
    assert stranger_client.post("/contacts/new/", typed).status_code == 302
    assert Contact.objects.filter(owner=stranger).count() == 1


def test_the_bookmarklet_is_made_for_this_rapport(dana_client):
    page = dana_client.get("/capture/").content.decode()
    link = page.split('class="button bookmarklet" href="')[1].split('"')[0]
    code = unquote(link.removeprefix("javascript:"))
    assert link.startswith("javascript:")
    assert "function rapportCapture()" in code
    assert json.dumps("http://testserver/contacts/new/?") in code
    assert "//" not in code.replace("http://", "")  # no comment swallows the rest


def test_the_extension_asks_for_the_clicked_tab_only(dana_client):
    response = dana_client.get("/capture/rapport-extension.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == sorted(
        f"rapport-extension/{name}"
        for name in ("manifest.json", "background.js", "capture.js", "options.html", "options.js")
    )
    manifest = json.loads(archive.read("rapport-extension/manifest.json"))
    assert manifest["manifest_version"] == 3
    assert set(manifest["permissions"]) == {"activeTab", "scripting", "storage"}
    assert "host_permissions" not in manifest and "content_scripts" not in manifest
    # Rapport's own address, asked for in the options when a token is given, and no other.
    assert manifest["optional_host_permissions"] == ["http://*/*", "https://*/*"]


def test_the_capture_pages_need_an_account(client, dana):
    assert client.get("/capture/").status_code == 302
    assert client.get("/capture/rapport-extension.zip").status_code == 302


def test_a_staff_page_listing_many_merges_only_the_same_name(dana_client, dana):
    team = "https://acme.org/team"
    services.save_contact(dana, Contact(name="Ann Lee", role="Treasurer", profile_url=team))
    dana_client.post(
        "/contacts/new/",
        {"name": "Bob Park", "role": "CFO", "profile_url": f"{team}#bob", "source": "other"},
    )
    assert Contact.objects.get(owner=dana, name="Ann Lee").role == "Treasurer"
    assert Contact.objects.filter(owner=dana, name="Bob Park").exists()
    dana_client.post(
        "/contacts/new/",
        {"name": "ann lee", "location": "Hartford", "profile_url": team, "source": "other"},
    )
    assert Contact.objects.filter(owner=dana).count() == 2
    assert Contact.objects.get(owner=dana, name="Ann Lee").location == "Hartford"


def test_a_different_organization_offered_is_said_not_dropped(dana_client, dana):
    services.save_contact(dana, Contact(name="Lee Chen", profile_url=PROFILE), organization="MPC")
    said = dana_client.post(
        "/contacts/new/",
        {
            "name": "Lee Chen",
            "profile_url": PROFILE,
            "source": "linkedin",
            "organization_name": "Beta Corp",
        },
        follow=True,
    ).content.decode()
    assert "Beta Corp" in said
    assert Contact.objects.get(owner=dana).organization.name == "MPC"


def test_an_escaped_profile_address_is_known_however_written(dana_client, dana):
    escaped = "https://www.linkedin.com/in/mar%C3%ADa-okafor/"
    dana_client.post(
        "/contacts/new/", {"name": "María Okafor", "profile_url": escaped, "source": "linkedin"}
    )
    dana_client.post(
        "/contacts/new/",
        {
            "name": "María Okafor",
            "profile_url": "https://linkedin.com/in/maría-okafor",
            "source": "linkedin",
        },
    )
    assert Contact.objects.filter(owner=dana).count() == 1


def test_a_page_offering_no_link_as_its_address_still_opens_the_form(dana_client):
    response = dana_client.get("/contacts/new/?name=Ann&profile_url=%5Bnot+a+link")
    assert response.status_code == 200 and 'value="[not a link"' in response.content.decode()


def test_a_countrys_linkedin_site_is_the_same_profile(dana_client, dana):
    services.save_contact(
        dana, Contact(name="Jana Novák", profile_url="https://www.linkedin.com/in/jana-n/")
    )
    dana_client.post(
        "/contacts/new/",
        {
            "name": "Jana Novák",
            "profile_url": "https://de.linkedin.com/in/jana-n/details/experience/",
            "source": "linkedin",
            "role": "Curator",
        },
    )
    assert Contact.objects.filter(owner=dana).count() == 1
    assert Contact.objects.get(owner=dana).role == "Curator"


def test_a_name_ending_in_a_full_stop_is_not_given_a_second(dana_client):
    said = dana_client.post(
        "/contacts/new/", {"name": "Joseph Serra Jr.", "source": "other"}, follow=True
    ).content.decode()
    assert "Added Joseph Serra Jr." in said and "Jr.." not in said


def test_an_address_changed_to_another_contacts_is_asked_about_too(dana_client, dana):
    ann = services.save_contact(dana, Contact(name="Ann Lee", email="lees@example.org"))
    sam = services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    edit = f"/contacts/{sam.pk}/edit/"
    typed = {"name": "Sam Whitaker", "email": "LEES@example.org", "source": "other"}
    page = dana_client.post(edit, typed).content.decode()
    assert "Already the address of Ann Lee" in page and 'name="fill_in"' not in page
    sam.refresh_from_db()
    assert sam.email == "sam@example.org"  # nothing saved yet
    assert dana_client.post(edit, {**typed, "add_anyway": "lees@example.org"}).status_code == 302
    sam.refresh_from_db()
    assert sam.email == "LEES@example.org"
    # Saving again, the address unchanged, asks nothing; nor does Ann's own address.
    assert dana_client.post(edit, typed).status_code == 302
    ann_edit = {"name": "Ann Lee", "email": "lees@example.org", "role": "Chef", "source": "other"}
    assert dana_client.post(f"/contacts/{ann.pk}/edit/", ann_edit).status_code == 302
