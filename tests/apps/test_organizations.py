"""Organizations: where contacts work, what people wear there."""

from __future__ import annotations

from django.urls import reverse

from rapport.contacts import services
from rapport.contacts.models import Contact, Organization, Tag


def test_the_list_counts_contacts_and_links_to_each(dana_client, network):
    response = dana_client.get(reverse("organization-list"))
    rows = {org.name: org.contact_count for org in response.context["page"]}
    assert rows == {"Connecticut River Planning Council": 1, "Harbor Policy Institute": 1}


def test_an_empty_list_says_what_to_do(dana_client):
    assert "No organizations yet" in dana_client.get(reverse("organization-list")).content.decode()


def test_the_page_lists_the_people_there(dana_client, network):
    org = network["organization"]
    org.dress = "Business casual; jackets at hearings"
    org.save()
    body = dana_client.get(reverse("organization-detail", args=[org.pk])).content.decode()
    assert "María Okafor" in body
    assert "Business casual; jackets at hearings" in body


def test_an_organization_is_added_with_its_dress_code(dana_client, dana):
    dana_client.post(
        reverse("organization-create"),
        {"name": "Civic Data Lab", "website": "civicdata.example", "dress": "Casual"},
    )
    org = Organization.objects.get(owner=dana)
    assert (org.website, org.dress) == ("https://civicdata.example", "Casual")


def test_a_second_organization_of_the_same_name_is_refused(dana_client, network):
    response = dana_client.post(reverse("organization-create"), {"name": "harbor policy INSTITUTE"})
    assert "already have an organization of this name" in response.content.decode()
    assert Organization.objects.count() == 2


def test_renaming_an_organization_is_searchable_at_once(dana_client, network):
    org = network["organization"]
    dana_client.post(reverse("organization-edit", args=[org.pk]), {"name": "Harbor Think Tank"})
    found = dana_client.get(reverse("contact-list"), {"q": "think tank"})
    assert [row["name"] for row in found.context["rows"]] == ["María Okafor"]


def test_deleting_an_organization_keeps_its_contacts(dana_client, network):
    org = network["organization"]
    dana_client.post(reverse("organization-delete", args=[org.pk]))
    maria = Contact.objects.get(pk=network["contact"].pk)
    assert maria.organization is None
    assert (
        dana_client.get(reverse("contact-list"), {"q": "harbor"}).context["page"].paginator.count
        == 0
    )


def test_organizations_and_tags_are_in_the_order_people_read_names(dana_client, dana):
    # Before, lower(name) put "École" and "Øresund" after "Zurich" on both databases.
    for name in ["Zurich Re", "École Normale", "acme", "Øresund Port", "Dr. Pepper Co"]:
        dana_client.post(reverse("organization-create"), {"name": name})
    listed = dana_client.get(reverse("organization-list")).context["page"]
    # "Dr." is a title before a person's name only: an organization keeps it.
    assert [org.name for org in listed] == [
        "acme",
        "Dr. Pepper Co",
        "École Normale",
        "Øresund Port",
        "Zurich Re",
    ]
    ann = Contact.objects.create(owner=dana, name="Ann")
    services.save_contact(dana, ann, tags=["zoo", "Écoles", "alpha"])
    tags = [tag.name for tag in dana_client.get(reverse("tag-list")).context["tags"]]
    assert tags == ["alpha", "Écoles", "zoo"] == services.tag_menu(dana)
    assert [tag.name for tag in services.about(ann).tags] == tags
    row = dana_client.get(reverse("contact-list")).content.decode()
    in_row = [f'<span class="tag">{name}</span>' for name in tags]
    assert row.index(in_row[0]) < row.index(in_row[1]) < row.index(in_row[2])


def test_a_name_saved_from_an_object_read_in_part_moves_its_sort_key(dana):
    # organization_of_name reads organizations with their name only; a save of such an
    # object writes only what was read, and the key must go with the name all the same.
    made = [
        Organization.objects.create(owner=dana, name="Zurich Re"),
        Tag.objects.create(owner=dana, name="zoo"),
        Contact.objects.create(owner=dana, name="Zoe Adams"),
    ]
    for row in made:
        model = type(row)
        partial = model.objects.only("name").get(pk=row.pk)
        partial.name = "École Normale"
        partial.save()
        assert model.objects.get(pk=row.pk).sort_name == "ecole normale"
        row.name = "Øresund"
        row.save(update_fields=["name"])
        assert model.objects.get(pk=row.pk).sort_name == "oresund"
