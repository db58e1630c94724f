"""Bringing a network in (upload, preview, confirm) and taking it out (three downloads)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from rapport import clock
from rapport.contacts import archive, imports
from rapport.contacts.forms import ImportForm
from rapport.contacts.models import PendingImport
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
        kind, encoding = form.cleaned_data["kind"], form.cleaned_data["encoding"] or None
        try:
            imports.check_size(upload.size)
            data = upload.read()
            parsed = imports.read_file(kind, data, encoding)
        except ImportFailed as error:
            problems = [str(problem) for problem in error.problems[:20]]
        except RapportError as error:
            problems = [str(error)]
        else:
            filename = imports.display_filename(upload.name)
            pending = imports.hold_for_preview(
                request.user, kind, encoding or "", filename, data, parsed
            )
            return redirect("import-preview", pk=pending.pk)
    return render(request, "contacts/import.html", {"form": form, "problems": problems})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(PendingImport.objects.owned_by(request.user), pk=pk)
    if request.method == "POST" and "cancel" in request.POST:
        pending.delete()
        messages.success(request, "Import cancelled; nothing was written.")
        return redirect("import")
    if request.method == "POST":
        content, encoding = bytes(pending.content), pending.encoding or None
        plan = imports.plan_import(request.user, imports.read_file(pending.kind, content, encoding))
        imports.apply_import(request.user, plan)
        pending.delete()
        summary = plan.summary()
        messages.success(
            request,
            f"Imported {pending.filename}: {summary['created']} new, "
            f"{summary['merged']} merged, {summary['skipped']} skipped.",
        )
        return redirect("contact-list")
    preview = imports.preview_for(request.user, pending)
    context = {"pending": pending, "preview": preview, "summary": preview["summary"]}
    return render(request, "contacts/import_preview.html", context)


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/export.html")


@login_required
def export_download(request: HttpRequest, file_format: str) -> HttpResponseBase:
    stamp = clock.local_now().date().isoformat()
    if file_format == "json":
        body = json.dumps(archive.export_json(request.user), indent=2, ensure_ascii=False)
        return attachment(body, "application/json", f"rapport-{stamp}.json")
    if file_format == "csv":
        return attachment(archive.export_csv(request.user), "text/csv", f"contacts-{stamp}.csv")
    # Streamed: the first cards leave while the rest are written, so no proxy times it out.
    cards = archive.vcards(request.user)
    return attachment(cards, "text/vcard", f"contacts-{stamp}.vcf")


def attachment(body: Any, content_type: str, filename: str) -> HttpResponseBase:
    kind = HttpResponse if isinstance(body, str) else StreamingHttpResponse
    response = kind(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
