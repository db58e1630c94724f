"""The prep folder: one sheet per meeting, written once as a list of sections and shown three
ways from it: the page to print, the PDF made on the server, and `rapport prep` in a terminal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF, TextStyle

from rapport.contacts.models import Contact
from rapport.core.notes import render as render_notes
from rapport.core.when import clock_time
from rapport.meetings.models import Meeting
from rapport.outreach.services import connection_for

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]
DRESS_ADVICE = "Dress like the people there on an ordinary day, not as for a job interview."
RESUME = "Resume: bring it in your folder, do not offer it."


@dataclass(frozen=True)
class Section:
    """One heading of the sheet and what stands under it."""

    heading: str
    lines: tuple[str, ...] = ()
    #: Research notes: Markdown, rendered (and cleaned) on the page, as written in the PDF.
    notes: tuple[str, ...] = ()
    #: The questions, each with its minutes, with room to write under each.
    questions: tuple[tuple[str, int], ...] = ()
    #: Shown when the section has nothing else.
    empty: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.notes or self.questions)


@dataclass(frozen=True)
class PrepSheet:
    title: str
    #: When, how long, how: the line under the title.
    when: tuple[str, ...]
    #: The time to stop, said apart: keeping to it is a promise made when asking.
    stop: str
    sections: tuple[Section, ...]
    reminder: str = RESUME


def prep_sheet(meeting: Meeting) -> PrepSheet:
    """Everything the student takes to the meeting: who, how they are connected, research,
    questions with room for notes, what to wear, when to stop, and the resume reminder."""
    contact, zone = meeting.contact, ZoneInfo(meeting.owner.time_zone)
    organization = contact.organization
    starts = meeting.starts_at.astimezone(zone)
    stop_at = starts + timedelta(minutes=meeting.minutes)
    day = f"{starts:%A} {starts.day} {starts:%B %Y}, {clock_time(starts)}"
    # Without research notes, the notes kept on them are what the student knows.
    research = (contact.research or contact.notes, organization.research if organization else "")
    questions = tuple((question.text, question.minutes) for question in meeting.questions.all())
    return PrepSheet(
        title=f"Informational interview: {contact.name}",
        when=tuple(
            filter(
                None, (day, f"{meeting.minutes} minutes", meeting.get_mode_display(), meeting.place)
            )
        ),
        stop=f"stop at {clock_time(stop_at)} unless they offer more",
        sections=(
            Section("Who they are", who_they_are(contact), empty="Nothing noted yet."),
            Section("How you are connected", how_connected(contact), empty="Nothing noted yet."),
            Section(
                "Your research", notes=tuple(filter(None, research)), empty="No research notes yet."
            ),
            Section("Questions", questions=questions, empty="No questions chosen yet."),
            Section(
                "What to wear",
                (organization.dress if organization and organization.dress else DRESS_ADVICE,),
            ),
        ),
    )


def who_they_are(contact: Contact) -> tuple[str, ...]:
    organization = contact.organization.name if contact.organization else ""
    role = ", ".join(filter(None, [contact.role, organization]))
    line = " · ".join(filter(None, [role, contact.field, contact.location]))
    return (line,) if line else ()


def how_connected(contact: Contact) -> tuple[str, ...]:
    referrer = connection_for(contact).referrer
    named = [f"{referrer} suggested you contact them; you may use their name."] if referrer else []
    shared = [
        f"{item.get_kind_display()}: {item.detail} (matters to them: {item.strength} of 5)"
        for item in contact.commonalities.all()
    ]
    return tuple(named + shared)


def prep_text(sheet: PrepSheet) -> str:
    """The sheet as plain text, for a terminal."""
    out = [sheet.title, " · ".join((*sheet.when, sheet.stop))]
    for section in sheet.sections:
        out += ["", section.heading]
        out += [f"  {line}" for line in (*section.lines, *section.notes)]
        out += [f"  {n}. {text} ({minutes} min)" for n, text, minutes in numbered(section)]
        out += [f"  {section.empty}"] if section.is_empty else []
    return "\n".join([*out, "", sheet.reminder])


def numbered(section: Section) -> list[tuple[int, str, int]]:
    return [(n, text, minutes) for n, (text, minutes) in enumerate(section.questions, 1)]


def prep_pdf(sheet: PrepSheet) -> bytes:
    """The sheet as a Letter-size PDF, with room for notes under each question."""
    pdf = FPDF(format="Letter")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    font = unicode_font(pdf)
    text = clean_text if font == "Helvetica" else str
    pdf.add_page()

    def heading(words: str, size: int = 13) -> None:
        pdf.set_font(font, "", size)
        pdf.ln(3)
        pdf.multi_cell(0, 7, text(words), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 10.5)

    def line(words: str) -> None:
        # Ragged right: justified lines stretch the spaces of a short line ("Thursday   03").
        pdf.multi_cell(0, 5.5, text(words), align="L", new_x="LMARGIN", new_y="NEXT")

    def research(markdown_text: str) -> None:
        # The notes as they show on the page (headings, lists, emphasis), not raw Markdown.
        html = text(render_notes(markdown_text))
        pdf.write_html(html, tag_styles=NOTE_STYLES, li_prefix_color=(29, 36, 48))
        pdf.set_font(font, "", 10.5)

    heading(sheet.title, 17)
    line(" · ".join((*sheet.when, sheet.stop)))
    for section in sheet.sections:
        heading(section.heading)
        for words in section.lines:
            line(words)
        for words in section.notes:
            research(words)
        for number, question, minutes in numbered(section):
            line(f"{number}. {question}  ({minutes} min)")
            pdf.ln(14)  # room for notes
        if section.is_empty:
            line(section.empty)
    heading(sheet.reminder, 12)
    return bytes(pdf.output())


#: Research headings a step below the sheet's own, so the two do not read alike.
NOTE_STYLES = {
    "h1": TextStyle(font_size_pt=12, t_margin=3, b_margin=1),
    "h2": TextStyle(font_size_pt=11.5, t_margin=3, b_margin=1),
    "h3": TextStyle(font_size_pt=11, t_margin=2, b_margin=1),
    "h4": TextStyle(font_size_pt=10.5, t_margin=2, b_margin=1),
}
#: The font's bold and italic files beside the regular one, for emphasis in the notes.
STYLES = {"B": "-Bold", "I": "-Oblique", "BI": "-BoldOblique"}


def unicode_font(pdf: FPDF) -> str:
    for path in FONTS:
        if path.exists():
            pdf.add_font("DejaVu", "", str(path))
            for style, suffix in STYLES.items():
                variant = path.with_name(f"{path.stem}{suffix}{path.suffix}")
                pdf.add_font("DejaVu", style, str(variant if variant.exists() else path))
            return "DejaVu"
    return "Helvetica"


def clean_text(words: str) -> str:
    """Text the PDF core fonts can show (Latin-1), when no Unicode font is installed."""
    swapped = words.translate(
        str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": "|"})
    )
    return unicodedata.normalize("NFKD", swapped).encode("latin-1", "ignore").decode("latin-1")
