"""A setting that takes one of a few words stops Rapport, by name, when it has another."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from rapport.checks import choice_settings, shared_mode_needs_a_host
from rapport.config import ConfigError


@pytest.mark.parametrize(
    ("name", "value", "variable", "words"),
    [
        ("MODE", "mutli", "RAPPORT_MODE", "local or multi"),
        ("MODE", "", "RAPPORT_MODE", "local or multi"),
        ("SIGNUP", "opne", "RAPPORT_SIGNUP", "closed or invite or open"),
    ],
)
def test_a_word_rapport_does_not_know_is_an_error_naming_the_setting_and_the_words(
    settings, name, value, variable, words
):
    setattr(settings, name, value)
    [error] = choice_settings()
    assert error.is_serious()
    assert f"{variable}={value!r}" in error.msg and words in error.msg


def test_the_words_it_knows_pass(settings):
    for mode in ("local", "multi"):
        for signup in ("closed", "invite", "open"):
            settings.MODE, settings.SIGNUP = mode, signup
            assert choice_settings() == []


def test_shared_mode_without_a_host_name_is_an_error(settings):
    settings.MODE, settings.HOSTS_GIVEN = "multi", False
    [error] = shared_mode_needs_a_host()
    assert "RAPPORT_ALLOWED_HOSTS" in error.msg
    settings.HOSTS_GIVEN = True
    assert shared_mode_needs_a_host() == []


def test_django_check_runs_them_too(settings):
    settings.MODE = "mutli"
    with pytest.raises(SystemCheckError, match="RAPPORT_MODE='mutli'"):
        call_command("check")


def test_ensure_configured_raises_with_every_error(settings):
    from rapport.checks import ensure_configured

    settings.MODE, settings.SIGNUP = "mutli", "opne"
    with pytest.raises(ConfigError) as raised:
        ensure_configured()
    assert "RAPPORT_MODE" in str(raised.value) and "RAPPORT_SIGNUP" in str(raised.value)


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["where"], ["contacts", "list"]])
def test_a_typo_in_rapport_mode_stops_every_command_before_it_starts(rapport_cli, command):
    result = rapport_cli(*command, check=False, env={"RAPPORT_MODE": "mutli"})
    assert result.returncode == 1
    assert "RAPPORT_MODE='mutli'" in result.stderr and "local or multi" in result.stderr
    assert "Rapport is running" not in result.stdout


def test_a_server_started_on_its_own_refuses_it_too(rapport_cli):
    result = subprocess.run(
        [sys.executable, "-c", "import rapport.wsgi"],
        env=rapport_cli.env | {"RAPPORT_SIGNUP": "everyone"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "RAPPORT_SIGNUP='everyone'" in result.stderr


def test_a_shared_rapport_answering_to_any_host_is_an_error(settings):
    from rapport.checks import no_wildcard_host

    settings.MODE, settings.ALLOWED_HOSTS = "multi", ["*"]
    [error] = no_wildcard_host()
    assert "RAPPORT_ALLOWED_HOSTS" in error.msg and "'*'" in error.msg
    settings.ALLOWED_HOSTS = ["careers.example.edu"]
    assert no_wildcard_host() == []
    settings.MODE, settings.ALLOWED_HOSTS = "local", ["*"]  # a laptop's own choice
    assert no_wildcard_host() == []
