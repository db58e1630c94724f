"""Fuzz the import parsers with atheris (libFuzzer): any exception but a clear refusal is a bug.

    pip install -r requirements/fuzz.txt
    python bench/fuzz_import.py -max_total_time=60 -max_len=4096 -artifact_prefix=/tmp/ CORPUS/

Seed CORPUS/ with the files of tests/data. A crash leaves its input in a ``crash-*`` file;
copy it to tests/data/fuzz/ (the suite then checks it is refused clearly) and fix the parser.
Not run in CI: it is open-ended by design. docs/performance.md records the last run.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from rapport.core.errors import RapportError
    from rapport.core.formats import decode
    from rapport.core.formats.google import parse_google
    from rapport.core.formats.linkedin import parse_linkedin
    from rapport.core.formats.vcard import parse_vcard

PARSERS = [parse_linkedin, parse_google, parse_vcard]


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    parse = PARSERS[provider.ConsumeIntInRange(0, len(PARSERS) - 1)]
    with contextlib.suppress(RapportError):  # a refusal with a message is the right answer
        parse(decode(provider.ConsumeBytes(provider.remaining_bytes())))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
