"""Levels in bulk, per assessment: the upload page (a preview of every row, then a confirmation that writes
all or nothing) and the download of the same shape as CSV or XLSX."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from indices.access import access_for
from indices.admin.imports import ImportUploadForm, store_upload
from indices.models import PendingImport
from indices.models.text import short_name
from indices.spreadsheets import WRITERS, download
from indices.transfer import reading
from indices.workspace.bulk_levels import levels_import, stored_state
from indices.workspace.level_columns import export_rows
from indices.workspace.lookup import assessment_or_404
from indices.workspace.models import IndicatorLevel

PENDING = IndicatorLevel._meta.model_name


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def upload(request, code, year):
    """Upload a file of levels, see what it would change and every error, then confirm it."""
    assessment = assessment_or_404(request, code, year)
    access = access_for(request.user)
    if not access.writes_some_indicator(assessment.instance):
        raise PermissionDenied(
            _("You may read but not change the workspace of %(instance)s.")
            % {"instance": assessment.instance}
        )
    form, result, token, filename = ImportUploadForm(), None, "", ""
    if request.method == "POST" and "token" in request.POST:
        pending = _pending(request, request.POST["token"], assessment)
        if pending is None:
            messages.error(request, _("This upload has expired; upload the file again."))
            return redirect(request.path)
        filename = pending.filename
        result = levels_import(
            assessment=assessment,
            access=access,
            data=bytes(pending.data),
            filename=filename,
            previewed=pending.previewed["levels"],
        )
        if result.applied:
            pending.delete()
            messages.success(
                request,
                _("%(file)s imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "file": filename,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("workspace:overview", code=code, year=year)
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename, data = short_name(upload.name or "", limit=255), upload.read()
            result = levels_import(
                assessment=assessment, access=access, data=data, filename=filename, dry_run=True
            )
            if result.ok and (result.created or result.updated):
                previewed = {"assessment": _key(assessment), "levels": stored_state(result.plan)}
                token = store_upload(request, data, filename, PENDING, previewed)
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "form": form,
        "result": result,
        "token": token,
        "filename": filename,
        "max_megabytes": reading.MAX_FILE_BYTES // 1024 // 1024,
        "whole_levels": assessment.framework.whole_levels,
    }
    return render(request, "workspace/bulk_levels.html", context)


@require_safe
@never_cache
@login_required
def export(request, code, year, file_format):
    """Every indicator of the assessment as a row, in the shape the upload page reads back."""
    assessment = assessment_or_404(request, code, year)
    headers, rows = export_rows(assessment)
    return download(WRITERS[file_format](headers, rows), file_format, f"tingkat-{code}-{year}")


def _key(assessment) -> str:
    return f"{assessment.instance.code}|{assessment.year}"


def _pending(request, token: str, assessment) -> PendingImport | None:
    """The previewed file, if this person previewed it for this assessment within its lifetime."""
    fresh = timezone.now() - timedelta(hours=PendingImport.LIFETIME_HOURS)
    pending = PendingImport.objects.filter(
        token=token, user=request.user, model_name=PENDING, created_at__gte=fresh
    ).first()
    if pending is None or pending.previewed.get("assessment") != _key(assessment):
        return None
    return pending
