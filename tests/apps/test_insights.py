"""Who to ask next, warm paths and the dashboard, on the demo network; numbers match the rows."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from django.urls import reverse

from rapport import clock
from rapport.cli import cli
from rapport.contacts.demo import load_demo
from rapport.contacts.models import Contact, Referral, Touch
from rapport.insights import services


def test_next_puts_the_permitted_in_field_referral_first(dana, now):
    load_demo(dana, now)
    ranked = services.next_to_ask(dana, now)
    assert ranked[0].candidate.name == "Elena Vasquez"
    assert "referred by Prof. Alan Dwight with permission" in ranked[0].reasons
    asked = {t.contact.name for t in Touch.objects.filter(owner=dana, kind="email_sent")}
    assert not asked & {r.candidate.name for r in ranked}
    waiting = [r for r in ranked if r.waiting]
    assert all(
        "The Valley Ledger" in r.waiting or "Harbor Policy Institute" in r.waiting for r in waiting
    )


def test_paths_lead_through_people_the_user_knows(dana_client, dana, now):
    load_demo(dana, now)
    found = services.paths_to(dana, "civic data")
    assert [step["name"] for step in found[0]["people"]] == ["Prof. Alan Dwight", "Elena Vasquez"]
    body = dana_client.get(reverse("paths"), {"to": "Civic Data Lab"}).content.decode()
    assert "Prof. Alan Dwight" in body and "Elena Vasquez" in body


def test_the_dashboard_numbers_match_the_database(dana_client, dana, now):
    load_demo(dana, now)
    numbers = dict(services.stats(dana, now)["funnel"])
    assert numbers["Identified"] == Contact.objects.filter(owner=dana).count()
    reached = Touch.objects.filter(owner=dana, kind__in=["email_sent", "call", "meeting"])
    assert numbers["Contacted"] == reached.values("contact").distinct().count()
    talked = set(
        Touch.objects.filter(owner=dana, kind__in=["call", "meeting"]).values_list(
            "contact_id", flat=True
        )
    )
    referrers = set(Referral.objects.filter(owner=dana).values_list("referrer_id", flat=True))
    assert numbers["Referred others"] == len(talked & referrers)
    stages = list(numbers.values())
    assert stages == sorted(stages, reverse=True)  # a funnel never widens
    body = dana_client.get(reverse("dashboard")).content.decode()
    assert "<svg" in body and "Who led to whom" in body and "Joe Serra" in body
    assert "<table" in body  # the numbers, not only the picture


def test_the_dashboard_and_next_page_say_what_to_do_when_empty(dana_client):
    assert (
        "Everyone in your network has been asked"
        in dana_client.get(reverse("next")).content.decode()
    )
    assert "No contacts yet" in dana_client.get(reverse("dashboard")).content.decode()


def test_cli_next_paths_and_stats(dana, now):
    load_demo(dana, now)
    ranked = json.loads(CliRunner().invoke(cli, ["next", "--json"]).output)
    assert ranked[0]["name"] == "Elena Vasquez" and ranked[0]["reasons"]
    paths = json.loads(CliRunner().invoke(cli, ["paths", "Civic Data Lab", "--json"]).output)
    assert paths[0]["people"][0]["name"] == "Prof. Alan Dwight"
    numbers = json.loads(CliRunner().invoke(cli, ["stats", "--json"]).output)
    assert numbers["funnel"][0] == ["Identified", 12]


def test_ask_next_agrees_with_the_agenda_after_three_business_days(dana_client, dana, now):
    from datetime import timedelta

    from rapport.contacts import services as contacts

    load_demo(dana, now)
    grace = Contact.objects.get(owner=dana, name="Grace Liu")  # e-mailed 12 days ago
    hannah = Contact.objects.get(owner=dana, name="Hannah Fischer")  # also at The Valley Ledger
    ranked = {r.candidate.name: r for r in services.next_to_ask(dana, now)}
    assert ranked["Hannah Fischer"].waiting == ""  # 3B7: now try a second person there
    contacts.log_touch(dana, grace, "email_sent", now - timedelta(hours=2), "Asked again")
    Touch.objects.filter(contact=grace, kind="email_sent", summary="Asked again").update(
        happened_at=now - timedelta(hours=2)
    )
    Touch.objects.filter(contact=grace).exclude(summary="Asked again").delete()
    ranked = {r.candidate.name: r for r in services.next_to_ask(dana, now)}
    assert "already open at The Valley Ledger" in ranked["Hannah Fischer"].waiting
    # The agenda's "Who else is there?" lists the people at the organization, not Grace again.
    page = dana_client.get(reverse("next"), {"organization": "The Valley Ledger"}).content
    assert b"Who else is at The Valley Ledger" in page
    assert hannah.name.encode() in page and b"Marcus Bell" not in page
    assert b"Above 40 is a warm ask" in page  # the score says what it counts


def test_a_linkedin_connection_is_not_being_in_touch(dana, now):
    from datetime import timedelta

    from rapport.contacts import services as contacts

    kwame = contacts.save_contact(dana, Contact(name="Kwame Mensah", source="linkedin"))
    contacts.log_touch(dana, kwame, "connected", now - timedelta(days=3), "Connected on LinkedIn")
    ranked = {r.candidate.name: r for r in services.next_to_ask(dana, now)}
    assert "in touch recently" not in ranked["Kwame Mensah"].reasons
    contacts.log_touch(dana, kwame, "note", now - timedelta(days=2), "Chatted at the fair")
    ranked = {r.candidate.name: r for r in services.next_to_ask(dana, now)}
    assert "in touch recently" in ranked["Kwame Mensah"].reasons


def test_each_person_to_ask_links_to_their_page_and_to_a_draft(dana, dana_client):
    from rapport.contacts import services as contacts

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    page = dana_client.get(reverse("next")).content.decode()
    assert f'href="{reverse("contact-detail", args=[maria.pk])}"' in page
    assert f'href="{reverse("compose", args=[maria.pk])}"' in page


def test_with_nothing_shared_the_first_step_offered_is_to_find_it(dana, dana_client):
    from rapport.contacts import services as contacts

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    page = dana_client.get(reverse("next")).content.decode()
    assert f'href="{reverse("contact-detail", args=[maria.pk])}#add-commonality"' in page
    assert "Reach out anyway" in page
    assert ">Reach out</a>" not in page  # no primary button for a cold ask
    contacts.add_commonality(dana, maria, "school", "UMass Amherst", 4)
    page = dana_client.get(reverse("next")).content.decode()
    assert ">Reach out</a>" in page
    assert "#add-commonality" not in page


#: The list items as the page's template wrote them before ``ranked_rows``, kept to compare.
ITEMS_AS_THE_TEMPLATE_WROTE_THEM = """{% for item in ranked %}
  <li class="{% if item.waiting %}waiting{% endif %}">
    <div><a href="{% url 'contact-detail' item.candidate.contact_id %}"><strong>{{ item.candidate.name }}</strong></a>{% if item.candidate.organization %} · {{ item.candidate.organization }}{% endif %}
      <span class="score" title="score: the reasons below, added up">{{ item.score|floatformat:0 }} points</span></div>
    <p class="muted">{% for reason in item.reasons %}{{ reason }}{% if not forloop.last %}; {% endif %}{% empty %}no connection yet: add what you share{% endfor %}</p>
    {% if item.waiting %}<p class="finding warning">Wait: {{ item.waiting }}. 3B7 asks one person at a time at an organization: if there is no reply after 3 business days, try the next one here.</p>
    {% elif item.reasons %}<a class="button small primary" href="{% url 'compose' item.candidate.contact_id %}">Reach out</a>{% else %}<a class="button small" href="{% url 'contact-detail' item.candidate.contact_id %}#add-commonality">Add what you share</a> <a class="small" href="{% url 'compose' item.candidate.contact_id %}">Reach out anyway</a>{% endif %}
  </li>
{% endfor %}"""


def test_the_ranked_list_is_the_markup_the_template_wrote(dana):
    from django.template import engines

    from rapport.core.ranking import Candidate, Ranked
    from rapport.insights.templatetags.ranked_rows import ranked_rows

    ranked = [
        Ranked(
            Candidate(7, "O'Brien <b>", 'AT&T "Labs"'),
            12.5,
            ("referred by Ann & Bo (ask if you may use their name)", "x<y"),
            "an ask is already open at AT&T",
        ),
        Ranked(Candidate(8, "Zoë", ""), 0.0, ()),
        Ranked(Candidate(9, "Ann", "Acme"), 13.5, ("shared school (UMass), strength 4",)),
        Ranked(Candidate(10, "Bo", "Acme"), 2.4999, ("a", "b"), "an ask is already open at Acme"),
    ]
    template = engines["django"].from_string(ITEMS_AS_THE_TEMPLATE_WROTE_THEM)
    assert ranked_rows(ranked) == template.render({"ranked": ranked})


def test_people_of_equal_standing_are_in_the_order_people_read_names(dana, now):
    from rapport.contacts import services as contacts

    for name in ["Zoe Adams", "Émile Durand", "Øyvind Berg", "adam Smith"]:
        contacts.save_contact(dana, Contact(name=name))
    ranked = [r.candidate.name for r in services.next_to_ask(dana, now)]
    assert ranked == ["adam Smith", "Émile Durand", "Øyvind Berg", "Zoe Adams"]


def test_the_score_is_the_arithmetic_the_page_explains(dana, dana_client):
    """A student who checks a score against the page's explanation gets the same number."""
    from rapport.contacts import services as contacts

    strengths = {"mutual_person": 4, "club": 2, "other": 2, "hometown": 3}
    for n, (kind, strength) in enumerate(strengths.items()):
        person = contacts.save_contact(dana, Contact(name=f"Person {n}"))
        contacts.add_commonality(dana, person, kind, f"something {n}", strength)
    page = dana_client.get(reverse("next")).content.decode()
    said = re.search(r"strength times what its kind counts for \(([^)]*)\)", page).group(1)
    weights = {
        label.strip(): float(weight) for label, weight in re.findall(r"([a-z ]+) ([\d.]+)", said)
    }
    points = int(re.search(r"for what you share, (\d+) for each point", page).group(1))
    for item in services.next_to_ask(dana, clock.now()):
        (reason,) = item.reasons
        label, strength = re.fullmatch(r"(.+) \(something \d\), strength (\d)", reason).groups()
        assert item.score == pytest.approx(points * int(strength) * weights[label.strip()])
