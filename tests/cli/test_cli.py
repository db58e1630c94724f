"""The `rapport` command: the same services as the web, one clean line when something is wrong."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapport.accounts.models import User
from rapport.cli import cli
from rapport.contacts.models import Contact
from tests.conftest import PASSWORD


def run(*args: str, stdin: str | None = None, code: int = 0):
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == code, result.output
    return result


@pytest.mark.django_db
def test_user_add_makes_the_account_the_set_up_page_makes():
    result = run(
        "user",
        "add",
        "--email",
        "Dana@Example.edu",
        "--name",
        "Dana Brown",
        "--year",
        "junior",
        "--major",
        "History",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert "Created the account dana@example.edu" in result.output
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert (user.year, user.major, user.time_zone) == ("junior", "History", "UTC")


@pytest.mark.django_db
def test_user_add_refuses_a_weak_password_in_one_line():
    result = run(
        "user",
        "add",
        "--email",
        "d@example.edu",
        "--name",
        "D",
        "--password-stdin",
        stdin="12345\n",
        code=1,
    )
    assert result.output.startswith("Error: password:")
    assert len(result.output.strip().splitlines()) == 1
    assert User.objects.count() == 0


def test_user_add_refuses_an_address_already_taken(dana):
    result = run(
        "user",
        "add",
        "--email",
        dana.email,
        "--name",
        "Again",
        "--password-stdin",
        stdin=PASSWORD,
        code=1,
    )
    assert "already exists" in result.output


@pytest.mark.django_db
def test_commands_need_an_account_first():
    result = run("contacts", "list", code=1)
    assert "no account yet" in result.output


def test_with_several_accounts_a_command_asks_which(dana, stranger):
    assert "--user EMAIL" in run("contacts", "list", code=1).output
    assert "no account with the e-mail" in run("contacts", "list", "--user", "x@y.z", code=1).output
    run("contacts", "list", "--user", "SAM@example.edu")


def test_demo_loads_for_the_only_user(dana):
    assert "Loaded 12 fictional contacts" in run("demo").output
    assert "only into an account with no contacts" in run("demo", code=1).output


def test_draft_writes_a_linkedin_connection_a_message_and_refuses_them_a_note(dana):
    run("demo")
    marcus = str(Contact.objects.get(name="Marcus Bell").pk)
    assert run("draft", "linkedin-message", marcus).output.startswith("Hi Marcus, we're both")
    refused = run("draft", "linkedin-note", marcus, code=1).output
    assert "Marcus Bell is a LinkedIn connection already: ask for a linkedin-message" in refused
    maria = str(Contact.objects.get(name="Maria Okafor").pk)
    assert "I'd love to connect" in run("draft", "linkedin-note", maria).output
    assert "ask for a linkedin-note" in run("draft", "linkedin-message", maria, code=1).output


def test_contacts_add_then_list_as_json(dana):
    added = run(
        "contacts",
        "add",
        "--name",
        "Priya Raman",
        "--organization",
        "Civic Data Lab",
        "--tag",
        "policy",
        "--tag",
        "data",
        "--source",
        "alumni",
        "--json",
    )
    record = json.loads(added.output)
    assert record["organization"] == "Civic Data Lab"
    listed = json.loads(run("contacts", "list", "--json").output)
    assert [item["name"] for item in listed] == ["Priya Raman"]
    assert sorted(listed[0]["tags"]) == ["data", "policy"]
    assert listed[0]["source"] == "alumni"


def test_contacts_add_checks_input_as_the_form_does(dana):
    result = run(
        "contacts", "add", "--name", "X", "--email", "nope", "--url", "javascript:x", code=1
    )
    assert "email: Enter a valid email address." in result.output
    assert "profile_url: Enter a valid URL." in result.output
    assert Contact.objects.count() == 0


def test_contacts_list_filters_and_prints_a_table(dana):
    run("demo")
    result = run("contacts", "list", "--search", "harbor")
    assert "Maria Okafor" in result.output and "Marcus Bell" in result.output
    assert "Joe Serra" not in result.output
    assert "2 contacts" in result.output
    tagged = json.loads(run("contacts", "list", "--tag", "journalism", "--json").output)
    assert {item["name"] for item in tagged} == {"Grace Liu", "Hannah Fischer"}


def test_contacts_list_as_csv_is_safe_to_open_in_a_spreadsheet(dana):
    run("contacts", "add", "--name", '=HYPERLINK("http://evil")', "--phone", "+1 413 555 0100")
    rows = list(csv.DictReader(io.StringIO(run("contacts", "list", "--csv").output)))
    assert rows[0]["name"].startswith("'=")
    assert rows[0]["phone"] == "'+1 413 555 0100"


def test_contacts_show_gives_the_timeline(dana):
    run("demo")
    joe = Contact.objects.get(name="Joe Serra")
    shown = run("contacts", "show", str(joe.pk)).output
    assert "Connecticut River Planning Council" in shown
    assert "hometown Pittsfield, MA (strength 5)" in shown
    details = json.loads(run("contacts", "show", str(joe.pk), "--json").output)
    assert [t["kind"] for t in details["timeline"]] == ["thank_you", "call"]
    assert sorted(r["contact"] for r in details["referred"]) == ["Maria Okafor", "Sam Whitaker"]


def test_contacts_show_of_another_users_contact_is_not_found(dana, stranger):
    from rapport.contacts import services

    theirs = services.save_contact(stranger, Contact(name="Private Person"))
    result = run("contacts", "show", str(theirs.pk), "--user", dana.email, code=1)
    assert result.output.strip() == f"Error: no contact with id {theirs.pk}"
    assert "Private Person" not in result.output
    assert (
        "no contact with id abc"
        in run("contacts", "show", "abc", "--user", dana.email, code=1).output
    )


def test_a_fresh_data_folder_works_from_the_first_command(rapport_cli_fresh, tmp_path):
    """As a newcomer runs it: a new folder, real processes, no test database."""
    assert not (tmp_path / "data").exists()
    assert str(tmp_path / "data") in rapport_cli_fresh("where").stdout
    rapport_cli_fresh.first_account(demo=True)
    assert len(json.loads(rapport_cli_fresh("contacts", "list", "--json").stdout)) == 12
    assert (tmp_path / "data" / "rapport.sqlite3").exists()


DATA = Path(__file__).resolve().parent.parent / "data"


def test_import_prints_the_summary_as_json(dana):
    result = run("import", "linkedin", str(DATA / "linkedin_connections.csv"), "--json")
    assert json.loads(result.output) == {
        "created": 4,
        "merged": 0,
        "skipped": 1,
        "set_aside": 0,
        "errors": [],
        "merged_nothing_new": 0,
        "merges": [],
    }
    again = run("import", "linkedin", str(DATA / "linkedin_connections.csv"), "--json")
    assert json.loads(again.output)["created"] == 0
    assert json.loads(again.output)["merged_nothing_new"] == 4


def test_import_dry_run_says_what_it_would_do(dana):
    result = run("import", "google", str(DATA / "google_current.csv"), "--dry-run")
    assert "Would create 3, merged 0, skipped 1." in result.output
    assert "line 5: no name and no e-mail: skipped" in result.output
    assert Contact.objects.count() == 0


def test_import_says_who_is_new_though_their_address_is_someone_elses(dana, tmp_path):
    from rapport.contacts import services

    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    file = tmp_path / "Connections.csv"
    file.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Mo,Okafor,,sam@example.org,,,01 Mar 2026\n"
    )
    result = run("import", "linkedin", str(file), "--dry-run")
    assert "Would create 1, merged 0" in result.output
    assert "line 2: Mo Okafor is new, though sam@example.org is also the address of Sam" in (
        result.output
    )


def test_import_says_what_each_merge_fills_in_and_keeps(dana, tmp_path):
    from rapport.contacts import services

    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org", role="Aide"))
    file = tmp_path / "Connections.csv"
    file.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Whitaker,,sam@example.org,Harbor Policy Institute,Senior aide,01 Mar 2026\n"
    )
    result = run("import", "linkedin", str(file), "--dry-run")
    sam = Contact.objects.get()
    assert (
        f"merged into Sam Whitaker (#{sam.pk}): adds organization Harbor Policy Institute, "
        "connected on 2026-03-01; kept yours: role “Aide” (the file has “Senior aide”)"
    ) in result.output
    [merge] = json.loads(run("import", "linkedin", str(file), "--dry-run", "--json").output)[
        "merges"
    ]
    assert merge["adds"][0] == {
        "field": "organization",
        "label": "organization",
        "value": "Harbor Policy Institute",
    }
    assert merge["kept"] == [
        {"field": "role", "label": "role", "value": "Senior aide", "yours": "Aide"}
    ]
    assert Contact.objects.get().organization is None


def test_import_use_file_values_takes_them_and_says_so(dana, tmp_path, now):
    from rapport.contacts import services

    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org", role="Aide"))
    file = tmp_path / "Connections.csv"
    file.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Whitaker,,sam@example.org,,Senior aide,\n"
    )
    result = run("import", "linkedin", str(file), "--use-file-values", "--dry-run")
    assert "Would create 0, merged 1, updated 1, skipped 0." in result.output
    assert "updates role to “Senior aide” (yours, “Aide”, to the notes)" in result.output
    assert Contact.objects.get().role == "Aide"
    summary = json.loads(run("import", "linkedin", str(file), "--use-file-values", "--json").output)
    assert summary["updated"] == 1
    assert summary["merges"][0]["updated"] == [
        {"field": "role", "label": "role", "value": "Senior aide", "yours": "Aide"}
    ]
    assert summary["merges"][0]["kept"] == []
    sam = Contact.objects.get()
    assert (sam.role, sam.notes) == (
        "Senior aide",
        "Before the import of 25 November 2026: role “Aide”.",
    )


def test_import_of_a_bad_file_exits_1_and_names_the_line(dana):
    result = run("import", "linkedin", str(DATA / "linkedin_bad_date.csv"), code=1)
    assert result.output.startswith("Error: nothing was imported: line 7:")
    assert Contact.objects.count() == 0


def test_import_takes_an_encoding(dana):
    run("import", "linkedin", str(DATA / "linkedin_latin1.csv"), code=1)
    run("import", "linkedin", str(DATA / "linkedin_latin1.csv"), "--encoding", "latin-1")
    assert Contact.objects.filter(name="Elena Vásquez").exists()


def test_export_then_import_rapport_into_a_new_account(dana, stranger, tmp_path):
    run("demo", "--user", dana.email)
    target = tmp_path / "network.json"
    run("export", "--user", dana.email, "-o", str(target))
    result = run("import", "rapport", str(target), "--user", stranger.email, "--json")
    assert json.loads(result.output)["created"] == 12
    assert Contact.objects.filter(owner=stranger).count() == 12
    csv_text = run("export", "--user", stranger.email, "--format", "csv").output
    assert len(list(csv.reader(io.StringIO(csv_text)))) == 13


def test_import_rapport_merges_into_an_account_with_data_and_a_dry_run_writes_nothing(
    dana, tmp_path
):
    run("demo", "--user", dana.email)
    target = tmp_path / "rapport.json"
    run("export", "--user", dana.email, "-o", str(target))
    dry = run("import", "rapport", str(target), "--dry-run", "--user", dana.email)
    assert dry.output.startswith("Would add 0 new contacts (12 matched to yours).")
    before = target.read_text(encoding="utf-8")
    run("import", "rapport", str(target), "--user", dana.email)
    run("export", "--user", dana.email, "-o", str(target))
    unstamped = [json.loads(text) | {"exported_at": ""} for text in (before, target.read_text())]
    assert unstamped[0] == unstamped[1]


def test_export_csv_to_a_file_is_marked_as_utf8_for_excel(dana, tmp_path):
    target = tmp_path / "contacts.csv"
    run("export", "--format", "csv", "--user", dana.email, "-o", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not run("export", "--format", "csv", "--user", dana.email).output.startswith("\ufeff")


def test_import_rapport_refuses_a_file_that_is_not_json(dana):
    result = run("import", "rapport", str(DATA / "google_legacy.csv"), code=1)
    assert result.output.startswith("Error: nothing was restored: this file is not a Rapport")
    assert "it is not JSON (line 1, column 1" in result.output


def test_lint_exits_1_on_a_job_ask_and_shows_the_suggestion():
    result = run("lint", "-", stdin="Thanks for your time. Are you hiring?", code=1)
    assert "error [job-ask]" in result.output
    assert "“Are you hiring?”" in result.output
    assert "try: " in result.output


def test_lint_exits_0_on_an_informational_question_and_prints_json():
    result = run(
        "lint", "--kind", "question", "--json", stdin="What does a typical week look like?"
    )
    assert json.loads(result.output) == {"ok": True, "findings": []}


def test_lint_jsonl_prints_one_line_per_input_with_stable_fields(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text(
        '{"id": "a", "text": "Keep me in mind if anything opens up."}\n'
        '{"id": "b", "text": "Who else should I talk to?"}\n'
    )
    result = run("lint", "--jsonl", str(source), code=1)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["id"], line["ok"]) for line in lines] == [("a", False), ("b", True)]
    assert set(lines[0]["findings"][0]) == {
        "rule",
        "severity",
        "start",
        "end",
        "message",
        "suggestion",
    }


def test_lint_jsonl_with_a_bad_line_is_bad_usage(tmp_path):
    source = tmp_path / "texts.jsonl"
    source.write_text('{"id": "a"}\n')
    assert 'line 1 needs a "text" string' in run("lint", "--jsonl", str(source), code=2).output


def test_agenda_with_the_clock_set_prints_what_is_due(dana):
    run("contacts", "add", "--name", "Maria Okafor")
    maria = Contact.objects.get()
    run(
        "log",
        str(maria.pk),
        "--kind",
        "meeting",
        "--summary",
        "20 minutes",
        "--at",
        "2026-11-24T15:00Z",
    )
    items = json.loads(run("agenda", "--json", "--at", "2026-11-25T09:00Z").output)
    assert [(i["kind"], i["due"], i["overdue"]) for i in items] == [
        ("thank-you", "2026-11-25T03:00:00+00:00", True)
    ]
    early = json.loads(run("agenda", "--json", "--at", "2026-11-24T20:00Z").output)
    assert early[0]["overdue"] is False
    assert "Send the thank-you" in run("agenda", "--at", "2026-11-25T09:00").output


def test_agenda_lists_this_weeks_meetings_first(dana):
    from datetime import UTC, datetime

    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    run("contacts", "add", "--name", "Lena Ortiz")
    lena = Contact.objects.get()
    starts = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
    schedule_meeting(dana, lena, Meeting(starts_at=starts, mode="phone"))
    result = run("agenda", "--at", "2026-11-25T15:00Z")
    assert "Meetings\n  2026-11-26 16:00Z  Lena Ortiz" in result.output
    assert "Nothing is due" not in result.output


def test_agenda_refuses_a_time_it_cannot_read(dana):
    assert "not an ISO time" in run("agenda", "--at", "tomorrow", code=2).output


def test_rebuild_due_finds_and_puts_right_a_timeline_changed_by_hand(dana, stranger):
    from datetime import UTC, datetime

    from rapport.contacts.models import Touch

    maria = Contact.objects.create(owner=dana, name="Maria Okafor")
    sent = ["--kind", "email_sent", "--at", "2026-11-20T15:00Z", "--user", dana.email]
    run("log", str(maria.pk), *sent)
    assert "Checked 2 accounts" in run("rebuild-due", "--check").output
    moment = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    Touch.objects.create(owner=dana, contact=maria, kind="meeting", happened_at=moment)
    found = run("rebuild-due", "--check", code=1).output
    assert "dana@example.edu: missing: " in found and "thank-you" in found
    assert "stranger" not in found
    assert "Rebuilt 1 account" in run("rebuild-due", "--user", dana.email).output
    run("rebuild-due", "--check")
