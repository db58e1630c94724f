"""A mailbox sync against a real IMAP server (Dovecot, as the tests start it), and the
floor it is measured against.

    python bench/mailbox.py [--contacts 2000] [--messages 2000]

Seeds a fresh SQLite account with ``--contacts`` contacts. Its mailbox gets ``--messages``
messages by APPEND: a quarter are replies from contacts, a quarter are mail sent to
contacts (in Sent), and half are from strangers. Then it times:

- **the floor**: what any client must do to read this mailbox the way Rapport does, with
  imapclient and nothing else. That is one connection, the headers of every message in both
  folders, read to find who each message is from and to, then the whole of each message
  from or to a contact, 100 at a time. It writes nothing to a database.
- **the first sync**, which reads and logs everything.
- **a second sync**, which finds nothing new and logs nothing.

It prints figures only; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    os.environ["RAPPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="rapport-bench-mailbox-")
    os.environ.pop("DATABASE_URL", None)
    os.environ |= {"DJANGO_SETTINGS_MODULE": "rapport.settings", "RAPPORT_TASKS": "immediate"}
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from imapclient import IMAPClient

    from rapport import clock
    from rapport.accounts.models import User
    from rapport.contacts.models import Contact, Touch
    from rapport.core import mail
    from rapport.mailbox.imap import part
    from rapport.mailbox.services import connect
    from rapport.mailbox.sync import sync
    from tests import imap_server

    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("dana@example.edu", "Dana Brown", "a long enough password")
    Contact.objects.bulk_create(
        Contact(owner=owner, name=f"Person {n}", email=f"person{n}@example.org")
        for n in range(args.contacts)
    )
    server = imap_server.start()
    try:
        with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
            client.login("dana", imap_server.PASSWORD)
            started = time.perf_counter()
            for n in range(args.messages):
                kind = n % 4
                folder, message = "INBOX", EmailMessage()
                person = f"person{n % args.contacts}@example.org"
                if kind == 0:
                    message["From"], message["To"] = person, "dana@example.edu"
                elif kind == 1:
                    folder = "Sent"
                    message["From"], message["To"] = "dana@example.edu", person
                else:
                    message["From"], message["To"] = f"shop{n}@example.com", "dana@example.edu"
                message["Subject"] = f"Message {n}"
                message["Date"] = format_datetime(clock.now())
                message["Message-ID"] = make_msgid(domain="bench.example")
                message.set_content("Thank you for the note. " * 20)
                client.append(folder, message.as_bytes(), msg_time=clock.now())
            print(
                f"{args.messages} messages put in by APPEND: {time.perf_counter() - started:.1f} s"
            )
        connect(owner, "127.0.0.1", server.port, "none", "dana", imap_server.PASSWORD)

        addresses = {mail.normal_address(f"person{n}@example.org") for n in range(args.contacts)}
        fields = "BODY.PEEK[HEADER.FIELDS ({})]".format(" ".join(mail.HEADER_FIELDS))

        def floor() -> int:
            read = 0
            with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
                client.login("dana", imap_server.PASSWORD)
                for folder in ("INBOX", "Sent"):
                    client.select_folder(folder, readonly=True)
                    uids = client.search(["ALL"])
                    for start in range(0, len(uids), 100):
                        batch = uids[start : start + 100]
                        heads = client.fetch(batch, [fields])
                        wanted = [
                            uid
                            for uid in batch
                            if {
                                (h := mail.read_headers(part(heads[uid], b"BODY[HEADER"))).sender,
                                *h.recipients,
                            }
                            & addresses
                        ]
                        if wanted:
                            client.fetch(wanted, ["BODY.PEEK[]<0.524288>"])
                            read += len(wanted)
            return read

        best_floor = min(timed(floor) for _ in range(3))
        first = timed(lambda: sync(owner))
        again = timed(lambda: sync(owner))
        logged = Touch.objects.filter(owner=owner).count()
        print(f"contacts: {args.contacts}, messages: {args.messages}, logged: {logged}")
        floor_label = "floor (imapclient: headers, then bodies, 100 at a time)"
        print(f"{floor_label:<62}{best_floor:>8.2f} s")
        for label, took in (
            ("first sync (reads and logs everything)", first),
            ("second sync (nothing new)", again),
        ):
            print(f"{label:<62}{took:>8.2f} s{took / best_floor:>8.1f}x")
    finally:
        imap_server.stop(server)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
