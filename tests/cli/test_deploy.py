"""A career-center deployment: the production checks pass, and gunicorn serves the app."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import free_port, wait_until_listening

MULTI = {
    "RAPPORT_MODE": "multi",
    "RAPPORT_ALLOWED_HOSTS": "careers.example.edu,127.0.0.1",
    "RAPPORT_SECRET_KEY": "k" * 20 + "-a-long-random-value-for-tests-only-0123456789",
}


#: Seconds a request may take before the test fails: a passing one never waits it out, and
#: CI runs its passes side by side on two cores, where a gunicorn worker's first page (the
#: worker sets Django up after it is forked) has taken more than five.
PATIENCE = 30


def test_the_career_center_settings_pass_check_deploy(rapport_cli):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=rapport_cli.env | MULTI,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_multi_mode_refuses_to_start_without_a_host_name(rapport_cli):
    env = {k: v for k, v in (rapport_cli.env | MULTI).items() if k != "RAPPORT_ALLOWED_HOSTS"}
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "where"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "RAPPORT_ALLOWED_HOSTS" in result.stderr


def test_serve_prod_runs_gunicorn_workers_that_answer(rapport_cli):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rapport", "serve", "--prod", "--port", str(port), "--workers", "2"],
        env=rapport_cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_listening(port)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=PATIENCE)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302 and redirect.headers["Location"] == "/setup/"
        else:
            raise AssertionError("expected the first-run redirect")
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/rapport/rapport.css", timeout=PATIENCE
        ) as css:
            assert b"Rapport" in css.read()
        # The workers' database is theirs while they run, as under `rapport serve`.
        copy = Path(rapport_cli.env["RAPPORT_DATA_DIR"]) / "copy.sqlite3"
        rapport_cli("backup", str(copy))
        refused = rapport_cli("restore", str(copy), check=False)
        assert refused.returncode == 1 and "a running Rapport" in refused.stderr
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "gunicorn" in output.lower() or "Booting worker" in output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_rapport_serve_behind_the_proxy_of_a_shared_rapport_does_not_loop(rapport_cli):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rapport", "serve", "--port", str(port)],
        env=rapport_cli.env | MULTI,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)
        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/login/",
            headers={"Host": "careers.example.edu", "X-Forwarded-Proto": "https"},
        )
        with opener.open(request, timeout=PATIENCE) as page:  # the page, not a redirect to https
            assert page.status == 200 and b"Log in" in page.read()
        plain = urllib.request.Request(
            f"http://127.0.0.1:{port}/login/", headers={"Host": "careers.example.edu"}
        )
        try:
            opener.open(plain, timeout=PATIENCE)
        except urllib.error.HTTPError as redirect:  # without the proxy's word: to HTTPS
            assert redirect.code == 301
            assert redirect.headers["Location"].startswith("https://careers.example.edu/")
        else:
            raise AssertionError("expected the redirect to HTTPS")
    finally:
        server.terminate()
        server.wait(timeout=10)
