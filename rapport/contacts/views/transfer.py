"""Bringing a network in (upload, preview, confirm) and taking it out (three downloads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from rapport import clock
from rapport.contacts import archive, background, imports
from rapport.contacts.forms import ImportForm
from rapport.contacts.models import PendingImport, PreparedExport, Work
from rapport.core.errors import RapportError
from rapport.core.formats import ImportFailed


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    imports.forget_stale_imports(clock.now())
    problems: list[str] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    too_large = getattr(request, "upload_too_large", 0)  # stopped as it arrived (uploads.py)
    if request.method == "POST" and too_large:
        try:
            imports.check_size(too_large)
        except RapportError as error:
            form = ImportForm(initial={"kind": request.POST.get("kind", "linkedin")})
            return render(request, "contacts/import.html", {"form": form, "problems": [str(error)]})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind, encoding = form.cleaned_data["kind"], form.cleaned_data["encoding"]
        try:
            imports.check_size(upload.size)
            filename = imports.display_filename(upload.name)
            pending = imports.receive(request.user, kind, encoding, filename, upload.read())
        except ImportFailed as error:
            problems = [str(problem) for problem in error.problems[:20]]
        except RapportError as error:
            problems = [str(error)]
        else:
            return redirect("import-preview", pk=pending.pk)
    recent = PendingImport.objects.owned_by(request.user).defer("content")
    context = {"form": form, "problems": problems, "recent": recent}
    return render(request, "contacts/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(PendingImport.objects.owned_by(request.user), pk=pk)
    if request.method == "POST" and "cancel" in request.POST:
        if pending.busy and pending.preview is not None:
            messages.warning(request, "The import is being written; it cannot be cancelled now.")
            return redirect("import-preview", pk=pending.pk)
        pending.delete()
        messages.success(request, "Import cancelled; nothing was written.")
        return redirect("import")
    if request.method == "POST" and "again" in request.POST:
        imports.try_again(request.user, pending)
        return redirect("import-preview", pk=pending.pk)
    if request.method == "POST":
        use_file_values = request.POST.get("use_file_values") == "1"
        summary = imports.confirm(request.user, pending, use_file_values=use_file_values)
        if summary is None:  # the worker writes it; this page shows how far it is
            return redirect("import-preview", pk=pending.pk)
        messages.success(request, imported(pending.filename, summary))
        return redirect("contact-list")
    if pending.state == Work.DONE and pending.outcome:
        messages.success(request, imported(pending.filename, pending.outcome))
        pending.delete()
        return redirect_to(request, "contact-list")
    if pending.busy:
        stalled = background.stalled(pending, clock.now())
        context = {"pending": pending, "stalled": stalled, "writing": pending.preview is not None}
        if request.htmx:
            return render(request, "contacts/_import_progress.html", context)
        return render(request, "contacts/import_progress.html", context)
    if request.htmx:  # the poll of a progress page: the work ended, show its page
        return HttpResponseClientRefresh()
    if pending.state == Work.FAILED:
        context = {"pending": pending, "problems": pending.problems}
        return render(request, "contacts/import_failed.html", context)
    preview = imports.preview_for(request.user, pending)
    context = {"pending": pending, "preview": preview, "summary": preview["summary"]}
    # The summary counts a row repeated in the file as merged; the page says which is which.
    context["merged_known"] = preview["summary"]["merged"] - preview.get("repeated", 0)
    if preview.get("archive"):
        return render(request, "contacts/restore_preview.html", context)
    return render(request, "contacts/import_preview.html", context)


def imported(filename: str, summary: dict[str, Any]) -> str:
    if "described" in summary:  # a Rapport archive: what it added, table by table
        return f"Restored {filename}: {summary['described']}."
    kept = summary.get("set_aside", 0)
    notes = f" {kept:,} value{pluralize(kept)} kept in notes." if kept else ""
    updated = summary.get("updated", 0)
    if updated:
        notes += f" {updated:,} updated with the file's values, yours kept in their notes."
    return (
        f"Imported {filename}: {summary['created']:,} new, "
        f"{summary['merged']:,} merged, {summary['skipped']:,} skipped.{notes}"
    )


def redirect_to(request: HttpRequest, name: str) -> HttpResponse:
    """Go to page ``name``: from a poll, by telling htmx to load it."""
    if request.htmx:
        return HttpResponseClientRedirect(reverse(name))
    return redirect(name)


#: The export page's three files: format, label, what it holds, whether it is the first.
FORMATS = [
    (
        "json",
        "Everything (JSON)",
        "All your account holds: contacts with their organizations, tags, commonalities, "
        "timeline and referrals; meetings with their questions, notes, checklist, practice "
        "runs and suggestions; your own questions, hidden questions and skill words; snoozed "
        "items, reminder settings and your profile. Bring it back on the Import page, into "
        "this account or another, with nothing lost. Not in it: your e-mail address, your "
        "password and your calendar feed's private address.",
        True,
    ),
    (
        "csv",
        "Contacts (CSV)",
        "Your contacts only, one row each, for a spreadsheet; Excel reads its accents "
        "correctly. Cells that a spreadsheet would run as formulas start with an apostrophe.",
        False,
    ),
    (
        "vcard",
        "Contacts (vCard 4.0)",
        "Your contacts only (name, e-mail, phone, organization, role, profile link, notes and "
        "tags), for your phone or address book.",
        False,
    ),
]


@login_required
@require_http_methods(["GET", "POST"])
def export_page(request: HttpRequest) -> HttpResponse:
    archive.forget_stale_exports(clock.now())
    if request.method == "POST" and request.POST.get("format") in archive.DOWNLOADS:
        archive.prepare(request.user, request.POST["format"])
        return redirect("export")
    owned = PreparedExport.objects.owned_by(request.user)
    prepared = list(owned.defer("content").annotate(size=Length("content")))
    now = clock.now()
    for export in prepared:
        export.stalled = background.stalled(export, now)
    polling = any(export.busy and not export.stalled for export in prepared)
    context = {"prepared": prepared, "polling": polling}
    if request.htmx:  # the poll of the list while a file is being made
        if not polling:
            return HttpResponseClientRefresh()
        return render(request, "contacts/_prepared.html", context)
    context |= {"formats": FORMATS, "in_background": archive.in_background(request.user)}
    return render(request, "contacts/export.html", context)


@login_required
def export_download(request: HttpRequest, file_format: str) -> HttpResponseBase:
    content_type, filename = archive.DOWNLOADS[file_format]
    filename = filename.format(date=clock.local_now().date().isoformat())
    if archive.in_background(request.user):  # too large for one request: made by the worker
        messages.info(request, "Your network is large: press Prepare, then download the file.")
        return redirect("export")
    # A vCard file is streamed: its first cards leave while the rest are written.
    body = archive.export_text(request.user, file_format)
    return attachment(body if file_format == "vcard" else "".join(body), content_type, filename)


@login_required
def export_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    owned = PreparedExport.objects.owned_by(request.user).filter(state=Work.READY)
    export = get_object_or_404(owned, pk=pk)
    content_type = archive.DOWNLOADS[export.file_format][0]
    return attachment(bytes(export.content).decode(), content_type, export.filename)


def attachment(body: Any, content_type: str, filename: str) -> HttpResponseBase:
    kind = HttpResponse if isinstance(body, str) else StreamingHttpResponse
    response = kind(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
