"""The core is plain Python: it must run, and be tested, without Django.

The import graph itself (layers, the core's forbidden imports, no cycles) is checked by
import-linter's contracts in pyproject.toml, run by `make test` as `lint-imports`. This test
checks what a graph cannot: that importing every core module, however deep, loads no Django.
"""

import pkgutil
import subprocess
import sys

import rapport.core


def core_modules() -> list[str]:
    found = pkgutil.walk_packages(rapport.core.__path__, prefix="rapport.core.")
    return sorted(module.name for module in found)


def test_the_core_has_sub_packages_and_all_are_walked():
    modules = core_modules()
    assert "rapport.core.guard.content" in modules
    assert "rapport.core.formats.vcard" in modules


def test_importing_the_whole_core_loads_no_django():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
