"""A real IMAP server for the tests: Debian's Dovecot (package dovecot-imapd, installed by
.ci/run), started on a free loopback port with a configuration of its own in a throwaway
folder. Every user name signs in with PASSWORD and gets an empty mailbox of its own, so each
test takes a fresh user. Mail is put in as clients put it: APPEND over IMAP."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port, wait_until_listening

PASSWORD = "mailbox-secret"  # no space: Dovecot reads the passdb arguments by words
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/log
instance_name = rapport-test-{port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
{users}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Archive {{
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@dataclass(frozen=True)
class Dovecot:
    port: int
    folder: Path


def available() -> bool:
    return Path(DOVECOT).exists()


def start() -> Dovecot:
    folder = Path(tempfile.mkdtemp(prefix="rapport-imap-"))
    (folder / "mail").mkdir()
    port = free_port()
    if os.geteuid() == 0:
        # As root, Dovecot runs mail processes as an unprivileged user: nobody's mail folder.
        nobody = pwd.getpwnam("nobody")
        uid, gid, users = nobody.pw_uid, nobody.pw_gid, ""
        os.chown(folder / "mail", uid, gid)
        folder.chmod(0o755)
    else:
        me = pwd.getpwuid(os.getuid()).pw_name
        uid, gid = os.getuid(), os.getgid()
        users = f"default_internal_user = {me}\ndefault_login_user = {me}\n"
    config = folder / "dovecot.conf"
    config.write_text(
        CONFIG.format(folder=folder, port=port, users=users, password=PASSWORD, uid=uid, gid=gid)
    )
    # Dovecot keeps the real clock: faketime (the suite's later-date passes) would restart
    # at the same moment in each of its processes. Tests give each message its own date.
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    subprocess.run([DOVECOT, "-c", str(config)], check=True, env=env)
    wait_until_listening(port)
    return Dovecot(port, folder)


def stop(server: Dovecot) -> None:
    subprocess.run([DOVECOT, "-c", str(server.folder / "dovecot.conf"), "stop"], check=False)
    shutil.rmtree(server.folder, ignore_errors=True)
