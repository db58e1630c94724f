"""The further passes (PostgreSQL, a moved clock) leave out only tests that would run there
just as the first pass ran them."""

from __future__ import annotations

from importlib import import_module

import pytest

from tests.conftest import on_now_alone, starts_processes


def test_a_test_on_nows_clock_alone_is_left_out_of_a_moved_clock_pass(request, now):
    assert on_now_alone(request.node)


def test_a_test_on_the_machines_clock_runs_on_the_moved_clock(request):
    assert not on_now_alone(request.node)


@pytest.mark.parametrize(
    ("module", "starts"),
    [
        ("tests.apps.test_dav", True),  # imports subprocess itself
        ("tests.apps.test_sso", True),  # through tests/oidc_server.py
        ("tests.apps.test_mailbox", True),  # through tests/imap_server.py
        ("tests.apps.test_agenda", False),
        ("tests.apps.test_isolation", False),  # helpers from conftest, whose are fixtures
    ],
)
def test_a_module_that_starts_a_process_keeps_its_tests_on_the_moved_clock(module, starts):
    assert starts_processes(import_module(module)) is starts
