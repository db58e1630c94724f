"""During and after the meeting: notes that are never lost, skill words, suggestions,
referrals with permission, and the thank-you within 12 hours."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.urls import reverse

from rapport.agenda import services as agenda
from rapport.cli import cli
from rapport.contacts.models import Contact, Referral
from rapport.core.skills import as_written, find, parse_vocabulary
from rapport.meetings import followup
from rapport.meetings.models import OwnSkill, Suggestion
from rapport.outreach import services as outreach


def test_the_shipped_vocabulary_states_its_source_and_licence():
    from importlib.resources import files

    text = files("rapport").joinpath("data/skills.txt").read_text()
    assert "O*NET" in text and "CC0" in text
    assert len(parse_vocabulary(text)) > 100


def test_skill_words_match_variants_and_the_longest_term():
    vocabulary = ("data analysis", "data visualization", "public speaking", "planning", "negotiate")
    text = "Strong Data-Analysis, public speaking, planning and negotiating."
    assert [h.term for h in find(text, vocabulary)] == [
        "data analysis",
        "public speaking",
        "planning",
        "negotiate",
    ]
    heard = find(text, vocabulary)[0]
    assert text[heard.start : heard.end] == "Data-Analysis"


def test_notes_autosave_and_skill_words_come_back(dana_client, network):
    meeting = network["meeting"]
    question = meeting.questions.first()
    response = dana_client.post(
        reverse("meeting-notes", args=[meeting.pk]),
        {
            f"note-{question.pk}": "She said grant writing and stakeholder management matter.",
            "notes": "Mentioned public speaking.",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html and "Saved" in html
    for term in ("grant writing", "stakeholder management", "public speaking"):
        assert f'<mark class="skill">{term}</mark>' in html
    question.refresh_from_db()
    assert question.note.startswith("She said grant writing")


def test_a_save_sent_as_the_page_closes_is_kept_and_answered_like_any_autosave(
    dana_client, network
):
    """The notes page's last try on leaving (a beacon) cannot say it is htmx; it says autosave."""
    meeting = network["meeting"]
    question = meeting.questions.first()
    url = reverse("meeting-notes", args=[meeting.pk])
    response = dana_client.post(
        url, {f"note-{question.pk}": "Typed just before leaving.", "autosave": "1"}
    )
    assert response.status_code == 200 and "data-saved-at" in response.content.decode()
    question.refresh_from_db()
    assert question.note == "Typed just before leaving."
    page = dana_client.get(url).content.decode()
    assert "data-saved-at" not in page  # opening the page is no save: nothing claims "Saved"
    assert "Notes saved." not in page


def test_words_for_your_resume_compares_with_a_pasted_resume(dana_client, dana, network):
    meeting = network["meeting"]
    meeting.questions.update(note="Grant writing and data analysis, and more data analysis.")
    dana_client.post(reverse("resume-words"), {"resume": "Research assistant: data analysis in R."})
    body = dana_client.get(reverse("resume-words")).content.decode()
    assert "grant writing" in body
    assert '<mark class="skill missing">grant writing</mark>' in body
    assert '<mark class="skill missing">data analysis</mark>' not in body
    rows = followup.words_for_resume(dana)
    assert rows[0]["from"] == ["María Okafor"]


def test_own_skill_words_are_heard_too(dana_client, dana, network):
    network["meeting"].questions.update(note="Knowing zoning law is key.")
    dana_client.post(reverse("resume-words"), {"term": "zoning law"})
    assert "zoning law" in [row["term"] for row in followup.words_for_resume(dana)]


def test_a_suggestion_becomes_an_action_due_on_its_date(dana_client, dana, network, now):
    meeting = network["meeting"]
    due = (now + timedelta(days=3)).date()
    dana_client.post(
        reverse("meeting-followup", args=[meeting.pk]),
        {"suggestion": "Read the CRS report", "kind": "read", "due": due.isoformat()},
    )
    suggestion = Suggestion.objects.get(text="Read the CRS report")
    items = agenda.agenda_for(dana, now + timedelta(days=3, hours=12)).items
    assert ("suggestion", "Read the CRS report") in [(i.kind.value, i.detail) for i in items]
    dana_client.post(reverse("suggestion-status", args=[suggestion.pk]), {"status": "done"})
    suggestion.refresh_from_db()
    assert suggestion.status == "done"
    body = dana_client.get(reverse("contact-detail", args=[meeting.contact_id])).content.decode()
    assert "Read the CRS report" in body  # it stays on the contact's page


def test_a_suggestion_with_a_mistake_comes_back_as_typed_and_saves_nothing(dana_client, network):
    meeting = network["meeting"]
    before = list(Suggestion.objects.all())
    response = dana_client.post(
        reverse("meeting-followup", args=[meeting.pk]),
        {"suggestion": "Join the APA's student chapter", "kind": "join", "due": "next week"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Give a date, or leave it empty." in body
    assert 'value="Join the APA&#x27;s student chapter"' in body
    assert '<option value="join" selected>' in body
    response = dana_client.post(
        reverse("meeting-followup", args=[meeting.pk]),
        {"suggestion": "   ", "kind": "read", "due": ""},
    )
    assert "Say what they suggested." in response.content.decode()
    assert list(Suggestion.objects.all()) == before


def test_referrals_from_a_meeting_keep_the_permission_and_the_chain(dana_client, dana, network):
    meeting = network["meeting"]
    dana_client.post(
        reverse("meeting-followup", args=[meeting.pk]),
        {"name": "Elena Vasquez", "organization": "Civic Data Lab", "permission": "yes"},
    )
    dana_client.post(
        reverse("meeting-followup", args=[meeting.pk]), {"name": "Tom Brennan", "permission": "no"}
    )
    elena, tom = Contact.objects.get(name="Elena Vasquez"), Contact.objects.get(name="Tom Brennan")
    assert Referral.objects.get(referred=elena).meeting == meeting
    assert elena.organization.name == "Civic Data Lab" and elena.source == "referral"
    assert outreach.connection_for(elena).referrer == "María Okafor"
    for drafts in outreach.drafts_for(tom).values():
        assert all("María" not in d.full_text for d in drafts)
    page = dana_client.get(reverse("contact-detail", args=[elena.pk])).content.decode()
    assert "Joe Serra</a> →" in page and "María Okafor</a> →" in page  # who led to whom
    # The meeting's page offers to write to each person suggested, the method's next step.
    page = dana_client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert f'href="{reverse("compose", args=[elena.pk])}">Write to Elena Vasquez</a>' in page


def refer(client, meeting, **typed):
    """Post the meeting page's referral form, as the user filled it in."""
    values = {"name": "", "organization": "", "email": "", "permission": "not_asked", **typed}
    return client.post(reverse("meeting-followup", args=[meeting.pk]), values, follow=True)


def test_a_referral_keeps_the_address_the_contact_gave(dana_client, network):
    meeting = network["meeting"]
    response = refer(
        dana_client, meeting, name="Elena Vasquez", email="elena@civicdata.org", permission="yes"
    )
    assert response.redirect_chain[-1][0].endswith("#followup")
    assert "Elena Vasquez added, referred by María Okafor." in response.content.decode()
    elena = Contact.objects.get(name="Elena Vasquez")
    assert elena.email == "elena@civicdata.org"
    assert Referral.objects.get(referred=elena).meeting == meeting


def test_a_referral_takes_an_internationalized_address(dana_client, network):
    response = refer(dana_client, network["meeting"], name="Zoë Lambert", email="zoë@exämple.org")
    assert response.status_code == 200
    assert Contact.objects.get(name="Zoë Lambert").email == "zoë@exämple.org"


def test_a_mistyped_address_sends_the_form_back_as_typed_and_saves_nothing(dana_client, network):
    meeting = network["meeting"]
    response = refer(
        dana_client,
        meeting,
        name="Elena Vasquez",
        organization="Civic Data Lab",
        email="elena@civicdata",
        permission="yes",
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="referral_email_error"' in html and "Enter a valid email address." in html
    assert 'class="field invalid"' in html and 'aria-invalid="true"' in html
    for typed in ('value="Elena Vasquez"', 'value="Civic Data Lab"', 'value="elena@civicdata"'):
        assert typed in html
    assert '<option value="yes" selected>' in html
    assert not Contact.objects.filter(name="Elena Vasquez").exists()
    assert not meeting.referrals.exists()


def test_a_known_contact_suggested_gets_the_address_filled_in(dana_client, network):
    joe = network["referrer"]
    response = refer(dana_client, network["meeting"], name="joe serra", email="joe@crpc.org")
    assert "now referred by María Okafor; filled in their e-mail." in response.content.decode()
    joe.refresh_from_db()
    assert joe.email == "joe@crpc.org"
    assert Contact.objects.filter(name__iexact="Joe Serra").count() == 1


def test_a_known_contact_keeps_their_address_and_the_one_given_goes_to_their_notes(
    dana_client, network
):
    joe = network["referrer"]
    Contact.objects.filter(pk=joe.pk).update(email="joe@home.example")
    typed = {"name": "Joe Serra", "email": "j.serra@crpc.org", "organization": "Civic Data Lab"}
    response = refer(dana_client, network["meeting"], **typed)
    said = "Kept their e-mail, joe@home.example; the one you gave, j.serra@crpc.org, is in their"
    assert said in response.content.decode()
    joe.refresh_from_db()
    assert joe.email == "joe@home.example"
    assert "María Okafor gave another e-mail for them: j.serra@crpc.org." in joe.notes
    assert "María Okafor gave another organization for them: Civic Data Lab." in joe.notes
    assert joe.notes.startswith("family friend")  # what the notes held is still there
    refer(dana_client, network["meeting"], **typed)  # given again: noted once
    joe.refresh_from_db()
    assert joe.notes.count("j.serra@crpc.org") == 1
    assert [tag.name for tag in joe.tags.all()] == ["mentor"]
    assert joe.organization.name == "Connecticut River Planning Council"


def test_an_address_another_contact_has_is_asked_about_not_added_twice(dana_client, network):
    meeting, joe = network["meeting"], network["referrer"]
    Contact.objects.filter(pk=joe.pk).update(email="joe@crpc.org")
    response = refer(dana_client, meeting, name="Joseph Serra", email="JOE@crpc.org")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Already the address of Joe Serra." in html and 'value="Joseph Serra"' in html
    assert not Contact.objects.filter(name="Joseph Serra").exists()
    assert not meeting.referrals.exists()
    # "Someone else": ticked for another address than the one now typed, it does not count.
    refer(dana_client, meeting, name="Joseph Serra", email="joe@crpc.org", add_anyway="x@y.org")
    assert not Contact.objects.filter(name="Joseph Serra").exists()
    refer(
        dana_client, meeting, name="Joseph Serra", email="joe@crpc.org", add_anyway="joe@crpc.org"
    )
    assert Contact.objects.get(name="Joseph Serra").email == "joe@crpc.org"


def test_a_strangers_meeting_takes_no_referral(stranger_client, network):
    response = refer(stranger_client, network["meeting"], name="Elena Vasquez", email="e@x.org")
    assert response.status_code == 404
    assert not Contact.objects.filter(name="Elena Vasquez").exists()


def test_report_back_to_the_referrer_after_talking_with_their_referral(dana, network, now):
    maria = network["contact"]
    from rapport.contacts import services as contacts

    contacts.log_touch(dana, maria, "reply_received", now - timedelta(days=20), "Happy to talk")
    items = agenda.agenda_for(dana, now + timedelta(days=14, hours=1)).items
    assert ("report-back", "Joe Serra") not in [
        (i.kind.value, i.name) for i in items
    ]  # no talk yet
    contacts.log_touch(dana, maria, "meeting", now)
    items = agenda.agenda_for(dana, now + timedelta(days=14, hours=1)).items
    assert ("report-back", "Joe Serra") in [(i.kind.value, i.name) for i in items]


def test_the_agenda_says_to_write_to_someone_referred_until_the_user_has(dana_client, network, now):
    """Following a referral is a step of the method: recorded on the meeting page, the person
    is on the agenda within a week, with the referrer's word on the name; writing clears it."""
    refer(dana_client, network["meeting"], name="Elena Vasquez", email="e@x.org", permission="yes")
    elena = Contact.objects.get(name="Elena Vasquez")
    home = dana_client.get(reverse("home")).content.decode()
    assert "Reach out to them" in home
    assert "María Okafor suggested them and said you may use the name" in home
    assert reverse("compose", args=[elena.pk]) in home
    [item] = [
        i
        for i in agenda.agenda_for(network["contact"].owner, now + timedelta(days=8)).items
        if i.contact_id == elena.pk
    ]
    assert item.kind.value == "referral" and item.overdue
    # "I wrote to them": an e-mail on her timeline, and the ask's own clock (3B7) starts.
    dana_client.post(reverse("agenda-act", args=[elena.pk]), {"action": "wrote"})
    assert elena.touches.get().kind == "email_sent"
    kinds = {
        i.kind.value
        for i in agenda.agenda_for(elena.owner, now + timedelta(days=8)).items
        if i.contact_id == elena.pk
    }
    assert kinds == {"follow-up"}
    assert "suggested them" not in dana_client.get(reverse("home")).content.decode()


def test_skill_words_are_spelled_as_the_list_or_the_notes_spell_them_mid_sentence():
    vocabulary = ("writing", "data analysis", "Excel", "SQL", "salesforce", "budgeting")
    notes = [
        "Writing comes first. She lives in Salesforce, and sql too.",
        "- Data analysis daily; clean data analysis matters; budgets and excel",
    ]
    assert as_written(notes, vocabulary) == [
        "writing",  # a sentence's capital is not the term's
        "Salesforce",  # the user's own term, as the notes write it
        "SQL",  # the list's capitals win over hasty notes
        "data analysis",
        "Excel",
    ]
    assert as_written(["Salesforce, then salesforce."], vocabulary) == ["salesforce"]


def thank_you_after(dana, meeting, note: str):
    """The thank-you drafted for ``meeting`` when its notes are ``note`` alone."""
    meeting.questions.update(note="")
    question = meeting.questions.first()
    question.note = note
    question.save()
    return followup.thank_you_draft(dana, meeting)


def test_the_thank_you_keeps_the_capitals_of_the_skill_words_heard(dana, network, now):
    OwnSkill.objects.create(owner=dana, term="salesforce")
    meeting = network["meeting"]
    draft = thank_you_after(
        dana, meeting, "Excel every day. Writing, data analysis; she keeps donors in Salesforce."
    )
    assert "Hearing how Excel, writing and data analysis matter in your work" in draft.text
    meeting.notes = "Salesforce, yes."  # a user's own term, as the notes write it mid-sentence
    meeting.save()
    draft = thank_you_after(dana, meeting, "She does a lot of writing in Salesforce.")
    assert "Hearing how writing and Salesforce matter in your work" in draft.text
    assert draft.ok, draft.findings


def test_the_thank_you_is_due_in_12_hours_and_cites_the_notes(dana_client, dana, network, now):
    meeting = network["meeting"]
    meeting.questions.update(note="")
    question = meeting.questions.first()
    question.note = "mornings: budget docs. afternoons writing briefs, lots of data analysis"
    question.save()
    Suggestion.objects.create(
        owner=dana, contact=meeting.contact, meeting=meeting, text="Read the CRS report"
    )
    followup.refer_from_meeting(dana, meeting, "Lena Ortiz", "", "yes")
    followup.refer_from_meeting(dana, meeting, "Tom Alvarez", "", "not_asked")
    ended = "2026-11-25T09:40"  # three days before it was planned: it took place early
    dana_client.post(reverse("meeting-done", args=[meeting.pk]), {"ended_at": ended, "move": ended})
    meeting.refresh_from_db()
    draft = followup.thank_you_draft(dana, meeting)
    assert "mornings:" not in draft.text  # the notes are not pasted into a sentence
    assert "Hearing how writing and data analysis matter in your work" in draft.text
    assert "suggesting I talk with Lena Ortiz and Tom Alvarez" in draft.text
    assert "read the CRS report" in draft.text
    assert draft.ok and draft.words < 120
    agenda_link = dana_client.get(reverse("contact-thank-you", args=[meeting.contact_id]))
    assert agenda_link["Location"] == reverse("meeting-thank-you", args=[meeting.pk])
    page = dana_client.get(reverse("meeting-thank-you", args=[meeting.pk])).content.decode()
    assert "Thank María Okafor" in page and 'name="kind" value="thank-you"' in page
    assert "<strong>Due by 9:40 p.m. tonight</strong>" in page  # 12 hours after 9:40 a.m.
    dana_client.post(
        reverse("compose-send", args=[meeting.contact_id]),
        {"subject": draft.subject, "body": draft.text, "action": "record", "kind": "thank-you"},
    )
    assert meeting.contact.touches.filter(kind="thank_you").exists()
    assert followup.on_time_rate(dana, now) == (1, 1)


def test_the_thank_you_names_a_skill_once_not_again_inside_a_longer_one(dana, network):
    from rapport.core.skills import without_parts

    assert without_parts(["research", "writing", "legal research", "Excel"]) == [
        "writing",
        "legal research",
        "Excel",
    ]
    assert without_parts(["data", "data analysis", "analysis"]) == ["data analysis"]
    assert without_parts(["policy writing", "writing policy"]) == [
        "policy writing",
        "writing policy",
    ]
    notes = "Research and writing; reading a statute closely. Legal research above all."
    draft = thank_you_after(dana, network["meeting"], notes)
    assert "Hearing how writing and legal research matter in your work" in draft.text


def test_the_thank_you_page_says_where_to_record_what_they_suggested(dana_client, dana, network):
    meeting = network["meeting"]
    meeting.suggestions.all().delete()
    hint = "Nothing they suggested is recorded for this meeting yet"
    link = f'<a href="/meetings/{meeting.pk}/#followup">add it on the meeting page</a>'
    page = dana_client.get(reverse("meeting-thank-you", args=[meeting.pk])).content.decode()
    assert hint in page and link in page
    followup.refer_from_meeting(dana, meeting, "Lena Ortiz", "", "yes")
    page = dana_client.get(reverse("meeting-thank-you", args=[meeting.pk])).content.decode()
    assert hint not in page  # a person suggested is something to act on
    meeting.referrals.all().delete()
    Suggestion.objects.create(owner=dana, contact=meeting.contact, meeting=meeting, text="Read")
    page = dana_client.get(reverse("meeting-thank-you", args=[meeting.pk])).content.decode()
    assert hint not in page


def test_a_thank_you_with_a_resume_offer_is_stopped(dana_client, network):
    maria = network["contact"]
    response = dana_client.post(
        reverse("compose-send", args=[maria.pk]),
        {
            "subject": "Thank you",
            "body": "Thanks! I've attached my resume.",
            "action": "record",
            "kind": "thank-you",
        },
    )
    assert response.status_code == 422
    assert not maria.touches.filter(kind="thank_you").exists()


def test_cli_meetings_done_and_draft_thank_you(dana, network):
    meeting = network["meeting"]
    result = CliRunner().invoke(
        cli, ["meetings", "done", str(meeting.pk), "--ended-at", "2026-11-25T14:20Z", "--move"]
    )
    assert "Thank María Okafor by 2026-11-26 02:20Z" in result.output
    drafted = json.loads(
        CliRunner().invoke(cli, ["draft", "thank-you", str(meeting.pk), "--json"]).output
    )
    assert drafted[0]["kind"] == "thank-you" and drafted[0]["ok"] is True


@pytest.mark.parametrize(
    ("kind", "text", "said"),
    [
        ("read", "Read the CRS report", "Read the CRS report"),
        ("read", "the CRS report", "Read: the CRS report"),
        ("join", "join the APA", "join the APA"),
        ("join", "The APA's student chapter", "Join an association: The APA's student chapter"),
        ("attend", "Attend the May planning forum", "Attend the May planning forum"),
        ("other", "Learn GIS", "Learn GIS"),
    ],
)
def test_a_suggestion_is_said_without_its_verb_twice(kind, text, said):
    assert Suggestion(kind=kind, text=text).said() == said


def test_a_referral_said_again_keeps_its_note_its_permission_and_its_meeting(dana, network):
    """A review found the form's "not asked" default and its missing note overwriting a
    "yes" and the user's note when the same person was recorded again."""
    from rapport.contacts import services as contacts

    meeting = network["meeting"]
    referrer = meeting.contact
    elena = contacts.save_contact(dana, Contact(name="Elena Vasquez"))
    contacts.add_referral(dana, referrer, elena, "yes", note="Mention the transit brief")
    followup.refer_from_meeting(dana, meeting, "Elena Vasquez", "", "not_asked")
    referral = Referral.objects.get(referrer=referrer, referred=elena)
    assert (referral.permission, referral.note) == ("yes", "Mention the transit brief")
    assert referral.meeting == meeting
    followup.refer_from_meeting(dana, meeting, "Elena Vasquez", "", "no")  # an answer counts
    referral.refresh_from_db()
    assert (referral.permission, referral.note) == ("no", "Mention the transit brief")


def test_a_referral_finds_the_contact_whatever_the_case_of_their_accents(dana, network):
    from rapport.contacts import services as contacts

    jose = contacts.save_contact(dana, Contact(name="José Núñez"))
    referred = followup.refer_from_meeting(dana, network["meeting"], "josé NÚÑEZ", "", "yes")
    assert referred.referral.referred == jose and not referred.added
    assert Contact.objects.filter(owner=dana, sort_name="jose nunez").count() == 1
