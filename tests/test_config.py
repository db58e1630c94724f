"""The settings helpers are pure: each takes the environment as a plain mapping."""

import stat
from pathlib import Path

import pytest

from rapport.config import (
    ConfigError,
    database_config,
    envbool,
    envint,
    envlist,
    envsecret,
    load_or_create_secret,
    prepare_data_dir,
    redact,
    tasks_config,
)


@pytest.mark.parametrize(
    ("word", "value"), [("1", True), ("TRUE", True), ("off", False), ("", False)]
)
def test_envbool_reads_common_spellings(word, value):
    assert envbool({"X": word}, "X", not value) is value


def test_envbool_refuses_a_word_it_does_not_know():
    with pytest.raises(ConfigError, match="X='maybe'"):
        envbool({"X": "maybe"}, "X", False)


def test_envint_and_envlist_fall_back_to_defaults():
    assert envint({}, "N", 7) == 7
    assert envlist({}, "L", ["a"]) == ["a"]
    assert envlist({"L": " a, ,b "}, "L", []) == ["a", "b"]


def test_envint_names_the_setting_when_it_is_not_a_number():
    with pytest.raises(ConfigError, match="N='ten'"):
        envint({"N": "ten"}, "N", 1)


def test_envsecret_prefers_the_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    assert envsecret({"K": "from-env", "K_FILE": str(secret)}, "K") == "from-file"
    assert envsecret({"K": "from-env"}, "K") == "from-env"
    assert envsecret({}, "K") is None


def test_without_a_url_the_database_is_sqlite_in_the_data_folder():
    config = database_config(None, Path("/data"))
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/data/rapport.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_postgresql_url_gives_every_part():
    url = "postgresql://rap%40port:s3cr%2Ft@db.example:6543/rapport?sslmode=require"
    config = database_config(url, Path("/data"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("rapport", "rap@port", "s3cr/t")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}


def test_a_sqlite_url_names_the_file():
    assert database_config("sqlite:////tmp/x.db", Path("/data"))["NAME"] == "/tmp/x.db"


@pytest.mark.parametrize("url", ["mysql://u:pw@h/db", "postgresql://u:pw@h/", "sqlite://"])
def test_unusable_urls_are_refused_without_showing_the_password(url):
    with pytest.raises(ConfigError) as error:
        database_config(url, Path("/data"))
    assert "pw" not in str(error.value)


def test_redact_hides_only_the_password():
    assert redact("postgresql://u:hunter2@h/db") == "postgresql://u:***@h/db"


def test_the_secret_key_is_made_once_and_readable_by_its_owner_only(tmp_path):
    folder = prepare_data_dir(tmp_path / "data")
    first = load_or_create_secret(folder / "secret_key")
    assert load_or_create_secret(folder / "secret_key") == first
    assert len(first) >= 50
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_database_file_is_made_readable_by_its_owner_only(tmp_path):
    from rapport.config import private_file

    made, loose = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    loose.write_bytes(b"")
    loose.chmod(0o644)
    for path in (made, loose):
        private_file(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_task_backend_is_one_of_two_and_a_typo_is_named():
    assert tasks_config("worker")["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert tasks_config("immediate")["BACKEND"].endswith("ImmediateBackend")
    with pytest.raises(ConfigError, match="RAPPORT_TASKS='wroker': expected worker or immediate"):
        tasks_config("wroker")
