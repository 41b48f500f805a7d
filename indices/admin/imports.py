"""Bulk import in the admin: upload a CSV or XLSX, see what it would change and every error, then confirm."""

import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices.models import PendingImport
from indices.models.text import short_name
from indices.transfer import reading
from indices.transfer.services import stored_state


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reading.MAX_FILE_BYTES:
            raise forms.ValidationError(reading.size_message(upload.size))
        return upload


class BulkImportMixin:
    """Upload a CSV or XLSX, see what it would change and every error, then confirm (all or nothing)."""

    importer = None
    value_header = ""  # the file's column for the value, named in the upload form's help
    change_list_template = "admin/indices/change_list_import.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("impor/", view, name=name), *super().get_urls()]

    def can_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": self.can_import(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        form, result, token, filename = ImportUploadForm(), None, "", ""
        if request.method == "POST" and "token" in request.POST:
            token = request.POST["token"]
            fresh = timezone.now() - timedelta(hours=PendingImport.LIFETIME_HOURS)
            stored = PendingImport.objects.filter(
                token=token, user=request.user, model_name=self.opts.model_name, created_at__gte=fresh
            ).first()
            if stored is None:
                messages.error(request, _("This upload has expired; upload the file again."))
                return redirect(request.path)
            filename = stored.filename
            update = request.POST.get("update") == "1"
            result = self.importer(
                data=bytes(stored.data),
                filename=filename,
                update=update,
                by=request.user,
                previewed=stored.previewed,
            )
            if result.applied:
                stored.delete()
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
                return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        elif request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                filename, data = short_name(upload.name or "", limit=255), upload.read()
                # The preview shows updates as such; the confirmation says whether they are wanted.
                result = self.importer(
                    data=data, filename=filename, update=True, dry_run=True, by=request.user
                )
                if result.ok:
                    previewed = stored_state(result.plan)
                    token = store_upload(request, data, filename, self.opts.model_name, previewed)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(name)s") % {"name": self.opts.verbose_name_plural},
            "form": form,
            "result": result,
            "token": token,
            "filename": filename,
            "max_megabytes": reading.MAX_FILE_BYTES // 1024 // 1024,
            "value_header": self.value_header,
        }
        return TemplateResponse(request, "admin/indices/import.html", context)


def store_upload(request, data: bytes, filename: str, model_name: str, previewed: dict) -> str:
    """Keep the previewed file for its confirmation, on whichever server it arrives; drop stale ones."""
    PendingImport.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=PendingImport.LIFETIME_HOURS)
    ).delete()
    token = secrets.token_urlsafe(24)
    PendingImport.objects.create(
        token=token,
        user=request.user,
        model_name=model_name,
        filename=filename,
        data=data,
        previewed=previewed,
    )
    return token
