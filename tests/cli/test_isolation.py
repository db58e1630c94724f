"""Every command that takes an id treats another user's object as missing, and no command run
for one account prints anything of another's."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from rapport import clock
from rapport.cli import cli
from rapport.contacts.services import log_touch
from rapport.meetings.models import OwnQuestion
from tests.apps.conftest import CANARY, network  # noqa: F401  (one object of every kind)
from tests.apps.test_isolation import counts

#: Every command with an id argument: its words, the kind of object, what else it needs.
ID_COMMANDS = {
    "contacts show": ("contact", []),
    "log": ("contact", ["--kind", "note", "--summary", "sneaking in"]),
    "draft email": ("contact", []),
    "draft thank-you": ("meeting", []),
    "send": ("contact", ["--draft", "-"]),
    "prep": ("meeting", []),
    "meetings done": ("meeting", ["--move"]),  # planned in three days: it took place early
    "token revoke": ("token", []),
}
#: Commands without an id that print what an account holds, and what the owner sees in each
#: (so that the stranger's check is of something that is there to leak).
LISTINGS = {
    "contacts list --json": "María",
    "contacts list --csv": "María",
    "export --format json": CANARY,
    "export --format csv": CANARY,
    "export --format vcard": "Joe Serra",
    "agenda --json": "María Okafor",
    "next --json": "Joe Serra",
    "stats": "Identified: 2",
    "questions list": CANARY,
    "token list --json": CANARY,
}


def commands_taking_ids(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        words = f"{prefix}{name}"
        if isinstance(command, click.Group):
            yield from commands_taking_ids(command, words + " ")
        elif any(p.name and p.name.endswith("_id") for p in command.params):
            yield words


def invoke(words: str, *extra: str, stdin: str = ""):
    return CliRunner().invoke(cli, [*words.split(), *extra], input=stdin)


def test_every_command_that_takes_an_id_is_checked_here():
    # "draft email" and "draft thank-you" are the one command `draft` with a kind before the id.
    checked = {words.removesuffix(" email").removesuffix(" thank-you") for words in ID_COMMANDS}
    assert set(commands_taking_ids(cli)) == checked


@pytest.mark.django_db
@pytest.mark.parametrize("words", list(ID_COMMANDS))
def test_another_users_id_is_not_found_and_changes_nothing(stranger, network, words):  # noqa: F811
    kind, extra = ID_COMMANDS[words]
    before = counts()
    draft = "Subject: Hello\n\nWould you have twenty minutes to tell me about your work?\n"
    result = invoke(words, str(network[kind].pk), *extra, "--user", stranger.email, stdin=draft)
    assert result.exit_code == 1, result.output
    assert f"no {kind} with id {network[kind].pk}" in result.output
    assert CANARY not in result.output and "María" not in result.output
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("words", list(ID_COMMANDS))
def test_the_owner_reaches_the_same_object(dana, network, words):  # noqa: F811
    kind, extra = ID_COMMANDS[words]
    if words == "send":
        extra = [*extra, "--override"]  # the owner's send fails on mail, not on the id
    draft = "Subject: Hello\n\nWould you have twenty minutes to tell me about your work?\n"
    result = invoke(words, str(network[kind].pk), *extra, "--user", dana.email, stdin=draft)
    if words == "send":  # found, then stopped where a laptop without mail stops
        assert "sending is not set up" in result.output
    else:
        assert result.exit_code == 0, result.output
        shown = CANARY if kind == "token" else "María"  # the token is named, not a person
        assert shown in result.output  # the object itself, not just any answer


@pytest.mark.django_db
@pytest.mark.parametrize("words", LISTINGS)
def test_listings_for_another_user_show_nothing_of_the_owners(dana, stranger, network, words):  # noqa: F811
    OwnQuestion.objects.create(owner=dana, text=f"What does {CANARY} mean to you?")
    if words == "agenda --json":
        # Something of María's due: her planned meeting leaves no 3B7 step, so a thank-you.
        log_touch(dana, network["contact"], "meeting", clock.now())
    owners = invoke(words, "--user", dana.email)
    assert owners.exit_code == 0 and LISTINGS[words] in owners.output, owners.output
    result = invoke(words, "--user", stranger.email)
    assert result.exit_code == 0, result.output
    for marked in [CANARY, "María", "Joe Serra", "Harbor Policy", LISTINGS[words]]:
        assert marked not in result.output


@pytest.mark.django_db
def test_warm_paths_for_another_user_know_nothing_of_the_owners_network(
    dana,
    stranger,
    network,  # noqa: F811
    now,
):
    log_touch(dana, network["referrer"], "call", now)  # you -> Joe Serra -> María
    owners = invoke("paths", "Harbor Policy Institute", "--user", dana.email)
    assert owners.exit_code == 0 and "you -> Joe Serra -> María Okafor" in owners.output
    result = invoke("paths", "Harbor Policy Institute", "--user", stranger.email)
    assert result.exit_code == 0, result.output
    assert "María" not in result.output and "Joe Serra" not in result.output
