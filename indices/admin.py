import secrets
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from indices import scoring
from indices.fields import ScoreField
from indices.formatting import badge, format_score, signed
from indices.importing import reading
from indices.models import (
    Band,
    Framework,
    FrameworkNode,
    Instance,
    InstanceName,
    NationalIndex,
    NationalValue,
    PendingImport,
    Score,
    ScoreRevision,
    ScoreValue,
    Source,
    Target,
    TargetRevision,
    validate_band_cover,
)
from indices.services import score_revise, score_snapshot, scores_import, targets_import
from regions.models import Region

# Admins type scores the Indonesian way (2,87); a point is accepted too.
LOCALIZED_DECIMALS = {models.DecimalField: {"form_class": ScoreField, "localize": True}}


def kept(formset) -> list:
    """The forms of an inline formset that will be saved: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [(form.cleaned_data["lower"], form.cleaned_data["upper"]) for form in kept(self)]
        framework = self.instance
        if framework.scale_min is not None and framework.scale_max is not None:
            validate_band_cover(bands, (framework.scale_min, framework.scale_max))


class BandInline(admin.TabularInline):
    model = Band
    formset = BandFormSet
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


class NodeFormSet(BaseInlineFormSet):
    """The framework's tree as edited: refused when its weights stop adding up."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        facts = []
        for number, form in enumerate(kept(self), start=1):
            data = form.cleaned_data
            parent = data.get("parent")
            node = FrameworkNode(pk=form.instance.pk or -number, level=data["level"], number=data["number"])
            node.name, node.weight, node.parent_id = (
                data["name"],
                data.get("weight"),
                parent.pk if parent else None,
            )
            facts.append(node.facts())
        problems = scoring.tree_problems(facts)
        if problems:
            raise forms.ValidationError(problems)


class NodeInline(admin.TabularInline):
    model = FrameworkNode
    formset = NodeFormSet
    fk_name = "framework"
    fields = ["level", "number", "name", "weight", "parent"]
    extra = 0
    show_change_link = True
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parents = FrameworkNode.objects.filter(framework=obj).exclude(level=FrameworkNode.Level.INDICATOR)
        formset.form.base_fields["parent"].queryset = parents
        return formset


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "years_label"]
    inlines = [BandInline, NodeInline]
    formfield_overrides = LOCALIZED_DECIMALS

    @admin.display(description=_("evaluation years"))
    def years_label(self, obj):
        return obj.years_label


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(admin.ModelAdmin):
    """An indicator's question and level criteria, edited one indicator at a time."""

    list_display = ["framework", "level", "number", "name", "weight"]
    list_filter = ["framework", "level"]
    search_fields = ["name"]
    fields = ["framework", "level", "number", "name", "weight", "question", "criteria"]
    readonly_fields = ["framework", "level", "number", "weight"]

    def has_add_permission(self, request):
        return False  # components are added in their framework, where the weights are checked together


class InstanceNameInline(admin.TabularInline):
    model = InstanceName
    extra = 0


class NationalValueInline(admin.TabularInline):
    model = NationalValue
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "document", "url"]
    date_hierarchy = "published_on"


@admin.register(NationalIndex)
class NationalIndexAdmin(admin.ModelAdmin):
    list_display = ["year", "value", "target", "instances_evaluated", "predicate_basis", "source"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    inlines = [NationalValueInline]


class ProvinceFilter(admin.SimpleListFilter):
    """A province's government and those of every regency and city in it."""

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
            fresh = timezone.now() - timedelta(hours=PendingImport.LIFETIME_HOURS)
            stored = PendingImport.objects.filter(
                token=token, user=request.user, model_name=self.opts.model_name, created_at__gte=fresh
            ).first()
            if stored is None:
                messages.error(request, _("This upload has expired; upload the file again."))
                return redirect(request.path)
            filename = stored.filename
            update = request.POST.get("update") == "1"
            result = self.importer(data=bytes(stored.data), filename=filename, update=update)
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
    """Keep the previewed file for its confirmation, on whichever server it arrives; drop stale ones."""
    PendingImport.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=PendingImport.LIFETIME_HOURS)
    ).delete()
    token = secrets.token_urlsafe(24)
    PendingImport.objects.create(
        token=token, user=request.user, model_name=model_name, filename=filename, data=data
    )
    return token


class ScoreRevisionInline(admin.TabularInline):
    model = ScoreRevision
    fields = ["changed_at", "value", "status", "source", "source_detail", "node_values", "note", "reason"]
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
    fields = ["changed_at", "value", "document", "source", "source_detail", "note", "reason"]
    readonly_fields = fields


class ScoreValueFormSet(BaseInlineFormSet):
    """A score's domain and aspect values: of its own framework, and giving its index within 0.01."""

    def clean(self):
        super().clean()
        score = self.instance
        if any(self.errors) or score.year is None or score.value is None:
            return
        framework = Framework.objects.filter(
            pk=getattr(Framework.objects.for_year(score.year), "pk", None)
        ).facts()
        if not framework:
            return
        framework = framework[0]
        ids = {node.id for node in framework.nodes}
        values = {}
        for form in kept(self):
            node, value = form.cleaned_data["node"], form.cleaned_data["value"]
            if node.pk not in ids:
                form.add_error(
                    "node",
                    _("%(node)s is not part of %(framework)s.") % {"node": node, "framework": framework.name},
                )
            values[node.pk] = value
        computed = scoring.index_of(framework.nodes, values)
        if computed is not None and abs(computed - score.value) > Decimal("0.01"):
            raise forms.ValidationError(
                _("These values give an index of %(computed)s, not %(index)s.")
                % {"computed": format_score(computed), "index": format_score(score.value)}
            )


class ScoreValueInline(admin.TabularInline):
    model = ScoreValue
    formset = ScoreValueFormSet
    fields = ["node", "value"]
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        nodes = FrameworkNode.objects.exclude(level=FrameworkNode.Level.INDICATOR).select_related("framework")
        formset.form.base_fields["node"].queryset = nodes
        return formset


@admin.register(Score)
class ScoreAdmin(BulkImportMixin, admin.ModelAdmin):
    list_display = ["instance", "year", "index", "predicate", "status", "source_short"]
    list_filter = ["year", "instance__kind", ProvinceFilter, PredicateFilter, "framework", "status"]
    search_fields = ["instance__name", "instance__code"]
    autocomplete_fields = ["instance", "source"]
    readonly_fields = ["framework", "predicate", "unrounded_value", "created_at", "updated_at"]
    fields = [
        "instance",
        "year",
        "value",
        "status",
        "source",
        "source_detail",
        "note",
        "framework",
        "predicate",
        "unrounded_value",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = LOCALIZED_DECIMALS
    list_per_page = 50
    importer = staticmethod(scores_import)
    value_header = "indeks"
    revision_inline = ScoreRevisionInline

    def get_inlines(self, request, obj):
        return [ScoreValueInline, *super().get_inlines(request, obj)]

    def get_queryset(self, request):
        return super().get_queryset(request).with_band().select_related("instance", "framework", "source")

    def save_model(self, request, obj, form, change):
        obj._before = score_snapshot(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        edited_by(request, form.instance, form.instance._before)

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
    list_display = ["instance", "year", "target", "document", "achieved_display", "gap_display", "source"]
    list_filter = ["year", "instance__kind", ProvinceFilter, "document"]
    search_fields = ["instance__name", "instance__code"]
    autocomplete_fields = ["instance", "source"]
    formfield_overrides = LOCALIZED_DECIMALS
    importer = staticmethod(targets_import)
    value_header = "target"
    revision_inline = TargetRevisionInline

    def get_queryset(self, request):
        return super().get_queryset(request).with_achieved().select_related("instance", "source")

    @admin.display(description=_("target"), ordering="value")
    def target(self, obj):
        return format_score(obj.value)

    @admin.display(description=_("achieved"))
    def achieved_display(self, obj):
        return format_score(obj.achieved)

    @admin.display(description=_("gap"))
    def gap_display(self, obj):
        return signed(obj.gap)


def edited_by(request, score, before) -> None:
    """Keep a score's previous figures and domain values on record when an admin changes them by hand."""
    reason = _("Edited in the admin by %(user)s") % {"user": request.user.get_username()}
    score_revise(score=score, before=before, reason=str(reason))


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["year", "value", "status", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    show_change_link = True  # domain values are entered on the score's own page
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["year", "value", "document", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "group"]
    list_filter = ["kind", "group"]
    search_fields = ["code", "name", "names__name"]
    autocomplete_fields = ["region"]
    inlines = [InstanceNameInline, ScoreInline, TargetInline]
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        # The code is the natural key that scores and URLs point at; fix a wrong one with a new instance.
        return ["code"] if obj else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not Score:
            return super().save_formset(request, form, formset, change)
        edited = [f.instance for f in formset.forms if f.has_changed() and f.instance.pk]
        before = {score.pk: score_snapshot(score) for score in edited}
        super().save_formset(request, form, formset, change)
        for score in edited:
            edited_by(request, score, before[score.pk])
