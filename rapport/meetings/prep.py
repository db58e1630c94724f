"""The prep folder: one page per meeting, as HTML to print and as a PDF made on the server."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF

from rapport.meetings.models import Meeting
from rapport.outreach.services import connection_for

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]
DRESS_ADVICE = "Dress like the people there on an ordinary day, not as for a job interview."
RESUME = "Resume: bring it in your folder, do not offer it."


def prep_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the prep page shows, as plain values."""
    contact, zone = meeting.contact, ZoneInfo(meeting.owner.time_zone)
    organization = contact.organization
    connection = connection_for(contact)
    starts = meeting.starts_at.astimezone(zone)
    return {
        "meeting": meeting,
        "contact": contact,
        "organization": organization,
        "starts": starts,
        "stop_at": starts + (meeting.ends_at - meeting.starts_at),
        "connection": connection,
        "commonalities": list(contact.commonalities.all()),
        "questions": list(meeting.questions.all()),
        "dress": (organization.dress if organization and organization.dress else DRESS_ADVICE),
        "resume": RESUME,
    }


def prep_pdf(context: dict[str, Any]) -> bytes:
    """The prep page as a PDF: who, how you are connected, research, questions with room for
    notes, what to wear, when to stop, and the resume reminder."""
    pdf = FPDF(format="Letter")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    font = unicode_font(pdf)
    text = clean_text if font == "Helvetica" else str
    pdf.add_page()
    contact, meeting = context["contact"], context["meeting"]

    def heading(words: str, size: int = 13) -> None:
        pdf.set_font(font, "", size)
        pdf.ln(3)
        pdf.multi_cell(0, 7, text(words), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 10.5)

    def line(words: str) -> None:
        pdf.multi_cell(0, 5.5, text(words), new_x="LMARGIN", new_y="NEXT")

    heading(f"Informational interview: {contact.name}", 17)
    line(
        f"{context['starts']:%A %d %B %Y, %H:%M} · {meeting.minutes} minutes · "
        f"stop at {context['stop_at']:%H:%M} · {meeting.get_mode_display()}"
        + (f" · {meeting.place}" if meeting.place else "")
    )
    heading("Who they are")
    line(
        ", ".join(
            filter(
                None,
                [
                    contact.role,
                    context["organization"].name if context["organization"] else "",
                    contact.field,
                    contact.location,
                ],
            )
        )
        or "—"
    )
    heading("How you are connected")
    connection = context["connection"]
    if connection.referrer:
        line(f"{connection.referrer} suggested you contact them (you may use their name).")
    for item in context["commonalities"]:
        line(f"{item.get_kind_display()}: {item.detail} (matters to them: {item.strength} of 5)")
    heading("Your research")
    line(contact.research or contact.notes or "—")
    if context["organization"] and context["organization"].research:
        line(context["organization"].research)
    heading("Questions")
    for number, question in enumerate(context["questions"], 1):
        line(f"{number}. {question.text}  ({question.minutes} min)")
        pdf.ln(14)  # room for notes
    heading("What to wear")
    line(context["dress"])
    heading(context["resume"], 12)
    data: bytes = bytes(pdf.output())
    return data


def unicode_font(pdf: FPDF) -> str:
    for path in FONTS:
        if path.exists():
            pdf.add_font("DejaVu", "", str(path))
            return "DejaVu"
    return "Helvetica"


def clean_text(words: str) -> str:
    """Text the PDF core fonts can show (Latin-1), when no Unicode font is installed."""
    swapped = words.translate(
        str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": "|"})
    )
    return unicodedata.normalize("NFKD", swapped).encode("latin-1", "ignore").decode("latin-1")
