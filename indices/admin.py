import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from indices.fields import ScoreField
from indices.formatting import badge, format_score, signed
from indices.importing import reading
from indices.models import (
    Band,
    Framework,
    NationalIndex,
    Score,
    ScoreRevision,
    Source,
    Target,
    TargetRevision,
    validate_band_cover,
)
from indices.services import score_revision_record, scores_import, targets_import
from regions.admin import RegionAdmin
from regions.models import Region

# Admins type scores the Indonesian way (2,87); a point is accepted too.
LOCALIZED_DECIMALS = {models.DecimalField: {"form_class": ScoreField, "localize": True}}


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [
            (form.cleaned_data["lower"], form.cleaned_data["upper"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        validate_band_cover(bands)


class BandInline(admin.TabularInline):
    model = Band
    formset = BandFormSet
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "years_label"]
    inlines = [BandInline]

    @admin.display(description=_("evaluation years"))
    def years_label(self, obj):
        return obj.years_label


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "document", "url"]
    date_hierarchy = "published_on"


@admin.register(NationalIndex)
class NationalIndexAdmin(admin.ModelAdmin):
    list_display = ["year", "value", "instances_evaluated", "source"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS


class ProvinceFilter(admin.SimpleListFilter):
    """A province and every regency and city in it."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return [(r.code, r.name) for r in Region.objects.provinces()]

    def queryset(self, request, queryset):
        return queryset.in_province(self.value()) if self.value() else queryset


class PredicateFilter(admin.SimpleListFilter):
    title = _("predicate")
    parameter_name = "predicate"

    def lookups(self, request, model_admin):
        return [(name, name) for name in Band.objects.predicate_names()]

    def queryset(self, request, queryset):
        return queryset.with_predicate(self.value()) if self.value() else queryset


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reading.MAX_FILE_BYTES:
            raise forms.ValidationError(reading.size_message(upload.size))
        return upload


# Uploads wait here between preview and confirmation, like django-import-export's TempFolderStorage:
# the confirmation re-reads and re-checks this copy and never trusts what the browser sends back.
UPLOADS = Path(tempfile.gettempdir()) / "spbe-portal-imports"
UPLOAD_LIFETIME = 24 * 3600


class BulkImportMixin:
    """Upload a CSV or XLSX, see what it would change and every error, then confirm (all or nothing)."""

    importer = None
    value_header = ""  # the file's column for the value, named in the upload form's help
    change_list_template = "admin/indices/change_list_import.html"

    revision_inline = None

    def get_inlines(self, request, obj):
        # Earlier values exist only for a saved record; the add form stays a plain form.
        return [self.revision_inline] if obj is not None and self.revision_inline else []

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
            stored = request.session.get("indices_imports", {}).get(token)
            path_ = UPLOADS / token
            if not stored or stored["model"] != self.opts.model_name or not path_.is_file():
                messages.error(request, _("This upload has expired; upload the file again."))
                return redirect(request.path)
            filename = stored["name"]
            update = request.POST.get("update") == "1"
            result = self.importer(data=path_.read_bytes(), filename=filename, update=update)
            if result.applied:
                path_.unlink(missing_ok=True)
                request.session["indices_imports"] = {
                    key: value for key, value in request.session["indices_imports"].items() if key != token
                }
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
                filename, data = upload.name, upload.read()
                # The preview shows updates as such; the confirmation says whether they are wanted.
                result = self.importer(data=data, filename=filename, update=True, dry_run=True)
                if result.ok:
                    token = _store_upload(request, data, filename, self.opts.model_name)
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


def _store_upload(request, data: bytes, filename: str, model_name: str) -> str:
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    for old in UPLOADS.iterdir():
        if old.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (UPLOADS / token).write_bytes(data)
    imports = request.session.get("indices_imports", {})
    imports[token] = {"name": filename, "model": model_name}
    request.session["indices_imports"] = imports
    return token


class ScoreRevisionInline(admin.TabularInline):
    model = ScoreRevision
    fields = ["changed_at", "value", "status", "source", "note", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("earlier values")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TargetRevisionInline(ScoreRevisionInline):
    model = TargetRevision
    fields = ["changed_at", "value", "document", "source", "note", "reason"]
    readonly_fields = fields


@admin.register(Score)
class ScoreAdmin(BulkImportMixin, admin.ModelAdmin):
    list_display = ["region", "year", "index", "predicate", "status", "source_short", "is_sample"]
    list_filter = [
        "year",
        ProvinceFilter,
        "region__kind",
        PredicateFilter,
        "framework",
        "status",
        "is_sample",
    ]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region", "source"]
    readonly_fields = ["framework", "predicate", "created_at", "updated_at"]
    fields = [
        "region",
        "year",
        "value",
        "status",
        "source",
        "note",
        "is_sample",
        "framework",
        "predicate",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = LOCALIZED_DECIMALS
    list_per_page = 50
    importer = staticmethod(scores_import)
    value_header = "indeks"
    revision_inline = ScoreRevisionInline

    def get_queryset(self, request):
        return super().get_queryset(request).with_band().select_related("region", "framework", "source")

    def save_model(self, request, obj, form, change):
        edited_by(request, obj, form)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("source"), ordering="source__title")
    def source_short(self, obj):
        return Truncator(str(obj.source)).chars(60) if obj.source else "—"

    @admin.display(description=_("index"), ordering="value")
    def index(self, obj):
        return format_score(obj.value)

    @admin.display(description=_("predicate"))
    def predicate(self, obj):
        # Scores reach the admin through `with_band()`; a score still being added has no band yet.
        return badge(getattr(obj, "band_predicate", None), getattr(obj, "band_colour", None))


@admin.register(Target)
class TargetAdmin(BulkImportMixin, admin.ModelAdmin):
    list_display = ["region", "year", "target", "document", "achieved_display", "gap_display", "source"]
    list_filter = ["year", ProvinceFilter, "document", "is_sample"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region", "source"]
    formfield_overrides = LOCALIZED_DECIMALS
    importer = staticmethod(targets_import)
    value_header = "target"
    revision_inline = TargetRevisionInline

    def get_queryset(self, request):
        return super().get_queryset(request).with_achieved().select_related("region", "source")

    @admin.display(description=_("target"), ordering="value")
    def target(self, obj):
        return format_score(obj.value)

    @admin.display(description=_("achieved"))
    def achieved_display(self, obj):
        return format_score(obj.achieved)

    @admin.display(description=_("gap"))
    def gap_display(self, obj):
        return signed(obj.gap)


def edited_by(request, score, form) -> None:
    """Keep a score's previous figures on record when an admin changes them by hand."""
    reason = _("Edited in the admin by %(user)s") % {"user": request.user.get_username()}
    score_revision_record(score=score, changed=set(form.changed_data), reason=str(reason))


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["year", "value", "status", "source", "is_sample", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["year", "value", "document", "source", "is_sample", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


# The region register is the regions app's; scores and targets join its change page from here, so that
# `regions` knows nothing of `indices`.
admin.site.unregister(Region)


@admin.register(Region)
class RegionWithRecordsAdmin(RegionAdmin):
    inlines = [ScoreInline, TargetInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Score:
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form.instance.pk:
                    edited_by(request, inline_form.instance, inline_form)
        super().save_formset(request, form, formset, change)
