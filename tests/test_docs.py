"""The docs keep up with the code: every command and every setting is written down."""

import re
from pathlib import Path

import click

from rapport.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def command_paths(group: click.Group, prefix: str = "rapport") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths += command_paths(command, f"{prefix} {name}")
        else:
            paths.append(f"{prefix} {name}")
    return paths


def test_every_command_is_in_the_cli_reference():
    reference = (ROOT / "docs" / "cli.md").read_text()
    missing = [path for path in command_paths(cli) if f"`{path}" not in reference]
    assert missing == []


def test_every_setting_read_from_the_environment_is_documented():
    source = (ROOT / "rapport" / "settings.py").read_text()
    names = set(re.findall(r'ENV(?:\.get\(|, )"([A-Z_]+)"', source))
    assert {"RAPPORT_DATA_DIR", "DATABASE_URL", "RAPPORT_SECRET_KEY"} <= names
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert [name for name in sorted(names) if f"`{name}`" not in documented] == []


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
