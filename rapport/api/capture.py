"""The "save this person" button: the bookmarklet made for this Rapport's address, and the
browser extension as a zip, both built from the one reader in extension/capture.js."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from importlib.resources import files
from urllib.parse import quote

EXTENSION = files("rapport.api") / "extension"
EXTENSION_FILES = ("manifest.json", "background.js", "capture.js", "options.html", "options.js")


@cache
def reader_source() -> str:
    """capture.js without its comment lines (a bookmarklet is one address)."""
    lines = (EXTENSION / "capture.js").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//"))


def bookmarklet(address: str) -> str:
    """A ``javascript:`` link that reads the page it is clicked on and opens the new-contact
    form of the Rapport at ``address``, filled in."""
    form = json.dumps(address.rstrip("/") + "/contacts/new/?")
    code = (
        f"(()=>{{{reader_source()}\n"
        f'window.open({form}+new URLSearchParams(rapportCapture()),"_blank");}})()'
    )
    return "javascript:" + quote(code, safe="")


def extension_zip() -> bytes:
    """The extension's files in a zip, to unpack and load in Chromium, Chrome or Edge."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in EXTENSION_FILES:
            info = zipfile.ZipInfo(f"rapport-extension/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, (EXTENSION / name).read_bytes())
    return buffer.getvalue()
