import secrets
from datetime import timedelta
from decimal import Decimal

from auditlog.admin import LogEntryAdmin
from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry as AuditEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from indices import scoring
from indices.access import access_for, stored_version
from indices.fields import ScoreField
from indices.formatting import badge, format_score, signed, whole_number
from indices.importing import reading
from indices.models import (
    Assessment,
    Assignment,
    Band,
    ChangeSet,
    Evidence,
    Framework,
    FrameworkNode,
    IndicatorLevel,
    Instance,
    InstanceName,
    NationalIndex,
    NationalValue,
    PendingImport,
    Recommendation,
    Score,
    ScoreValue,
    Source,
    Target,
    latest_entry,
    validate_band_cover,
)
from indices.models.text import short_name
from indices.services import score_derive, scores_import, stored_state, targets_import
from regions.admin import RegionAdmin
from regions.models import Region

# Admins type scores the Indonesian way (2,87); a point is accepted too.
LOCALIZED_DECIMALS = {models.DecimalField: {"form_class": ScoreField, "localize": True}}


def kept(formset) -> list:
    """The forms of an inline formset that will be saved: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class AccessAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every admin page asks `indices.access` what the signed-in person may see and do (Django's own model
    permissions are not consulted for these models: roles decide). Each record's page links to its history,
    and a form opened before someone else saved the record is refused with what changed meanwhile."""

    instance_path: str | None = None  # the lookup from this model to its instance, when it has one
    change_form_template = "admin/indices/change_form.html"
    auditlog_history_per_page = 50

    def history_view(self, request, object_id, extra_context=None):
        # The change form's "History" button opens the record's audit trail.
        return self.auditlog_history_view(request, object_id, extra_context)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        """A record's audit trail: in full for those who audit. Anyone else sees their own changes, and on a
        record of their own instance the others' changes too, but never another account's name; on a record
        every instance shares (a source, a framework, a region) only their own, and how many others there
        are. A record they may not see, or that does not exist, is not found."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(_("No such record."))
        access = self.access(request)
        entries = AuditEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
        others = 0
        if not access.can_audit and self.instance_path is None:
            others = entries.exclude(actor=request.user).count()
            entries = entries.filter(actor=request.user)
        page = self.get_paginator(request, entries, self.auditlog_history_per_page).get_page(
            request.GET.get(PAGE_VAR, 1)
        )
        for entry in page:
            mine = entry.actor_id == request.user.pk
            entry.shown_actor = (
                entry.actor if access.can_audit or mine else (entry.actor_id and _("another account"))
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Audit log: %s") % obj,
            "module_name": str(capfirst(self.model._meta.verbose_name_plural)),
            "page_range": page.paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": page.paginator.count > self.auditlog_history_per_page,
            "object": obj,
            "opts": self.model._meta,
            "log_entries": page,
            "changes_by_others": others,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/indices/object_history.html", context)

    def access(self, request):
        return access_for(request.user)

    def has_module_permission(self, request):
        return self.access(request).staff

    def has_view_permission(self, request, obj=None):
        return self.access(request).staff

    def has_add_permission(self, request):
        return self.access(request).can_add(self.model)

    def has_change_permission(self, request, obj=None):
        access = self.access(request)
        return access.can_add(self.model) if obj is None else access.can_change(obj)

    def has_delete_permission(self, request, obj=None):
        access = self.access(request)
        return access.can_add(self.model) if obj is None else access.can_delete(obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.instance_path is None:
            return queryset
        return self.access(request).visible(queryset, self.instance_path)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        editable = self.access(request).editable_fields(obj) if obj is not None else None
        if editable is not None:
            every = self.fields or [f.name for f in self.model._meta.fields if f.editable]
            readonly += [name for name in every if name not in editable and name not in readonly]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        access = self.access(request)
        if db_field.name == "instance" and not access.national:
            kwargs["queryset"] = Instance.objects.filter(pk__in=access.operated)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        access = self.access(request)

        class GuardedForm(form):
            def clean(self):
                cleaned = super().clean()
                if obj is not None:
                    self.current_version = latest_entry(obj)
                    stale = stale_message(obj, self.data.get(VERSION_FIELD), self.current_version)
                    if stale:
                        self.add_error(None, stale)
                return cleaned

            def _post_clean(self):
                super()._post_clean()
                # Weighed against the record as stored: the form has already copied what was typed onto
                # `self.instance` (and onto `obj`, the same object).
                if not access.can_save(self.instance, stored_version(self.instance)):
                    self.add_error(None, access.refusal(self.instance))

        return GuardedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The version the form shows: after a refusal, the newer one, so that saving again is deliberate.
        form = context["adminform"].form
        version = getattr(form, "current_version", None)
        context["record_version"] = version if version is not None else (latest_entry(obj) if obj else None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # The form refused already; this guards any path that skips it.
        if not self.access(request).can_save(obj, stored_version(obj) if change else None):
            raise PermissionDenied
        if change and not form.has_changed():
            return  # nothing to write, and nothing for the audit trail (its inlines are saved on their own)
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        access = self.access(request)
        if not all(access.can_delete(obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        if not self.access(request).can_delete(obj):
            raise PermissionDenied
        super().delete_model(request, obj)


VERSION_FIELD = "_version"


def stale_message(record, submitted: str | None, current: int) -> str | None:
    """What changed since the log entry a form was opened on, or None when nothing did. A form that
    carries no version (not opened in this admin) is not checked."""
    if submitted is None or submitted == str(current):
        return None
    newer = list(
        AuditEntry.objects.get_for_object(record)
        .filter(pk__gt=whole_number(submitted) or 0)
        .select_related("actor")
        .order_by("pk")
    )
    if not newer:
        return None
    changes = {}
    for entry in newer:
        for field, (old, new) in (entry.changes_dict or {}).items():
            changes.setdefault(field, [old, new])[1] = new
    described = [
        f"{_verbose(type(record), field)}: {shown(old)} → {shown(new)}"
        for field, (old, new) in changes.items()
    ]
    last = newer[-1]
    return _(
        "%(who)s changed this record at %(when)s, after you opened this form: %(changes)s. Nothing you typed "
        "was saved. Compare it with the newer values and save again if it should replace them."
    ) % {
        "who": last.actor.get_username() if last.actor else _("an import or a command"),
        "when": date_format(timezone.localtime(last.timestamp), "DATETIME_FORMAT"),
        "changes": "; ".join(described) or _("see its history"),
    }


def shown(value) -> str:
    """A value as the audit trail stores it (text), the way the admin shows it."""
    if value in (None, "", "None"):
        return "—"
    try:
        return format_score(Decimal(value))
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


class AccessInline:
    """An inline follows its parent: who may write the parent record in full may write its parts."""

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).staff

    def has_add_permission(self, request, obj=None):
        return self._writes(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._writes(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._writes(request, obj)

    def _writes(self, request, parent):
        access = access_for(request.user)
        if parent is None:
            return access.national or (access.can_add(self.parent_model) and access.can_add(self.model))
        return access.can_write(parent) and access.can_add(self.model)


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [(form.cleaned_data["lower"], form.cleaned_data["upper"]) for form in kept(self)]
        framework = self.instance
        if framework.scale_min is not None and framework.scale_max is not None:
            validate_band_cover(bands, (framework.scale_min, framework.scale_max))


class BandInline(AccessInline, admin.TabularInline):
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


class NodeInline(AccessInline, admin.TabularInline):
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
class FrameworkAdmin(AccessAdmin):
    list_display = ["name", "legal_basis", "years_label"]
    inlines = [BandInline, NodeInline]
    formfield_overrides = LOCALIZED_DECIMALS

    @admin.display(description=_("evaluation years"))
    def years_label(self, obj):
        return obj.years_label


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(AccessAdmin):
    """An indicator's question and level criteria, edited one indicator at a time."""

    list_display = ["framework", "level", "number", "name", "weight"]
    list_filter = ["framework", "level"]
    search_fields = ["name"]
    fields = ["framework", "level", "number", "name", "weight", "question", "criteria"]
    readonly_fields = ["framework", "level", "number", "weight"]

    def has_add_permission(self, request):
        return False  # components are added in their framework, where the weights are checked together


class InstanceNameInline(AccessInline, admin.TabularInline):
    model = InstanceName
    extra = 0


class NationalValueInline(AccessInline, admin.TabularInline):
    model = NationalValue
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


@admin.register(Source)
class SourceAdmin(AccessAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "document", "url"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user  # an operator may later change only the sources they added
        super().save_model(request, obj, form, change)


@admin.register(NationalIndex)
class NationalIndexAdmin(AccessAdmin):
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
                    token = _store_upload(request, data, filename, self.opts.model_name, previewed)
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


def _store_upload(request, data: bytes, filename: str, model_name: str, previewed: dict) -> str:
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


class ScoreValueFormSet(BaseInlineFormSet):
    """A score's domain and aspect values: of its own framework, and giving its index within 0.01."""

    read_only = False  # set by the inline for someone who may not change them

    def clean(self):
        super().clean()
        score = self.instance
        if self.read_only:
            return  # an operator's published score: its values are shown, not submitted, so not checked
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


class ScoreValueInline(AccessInline, admin.TabularInline):
    model = ScoreValue
    formset = ScoreValueFormSet
    fields = ["node", "value"]
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        nodes = FrameworkNode.objects.exclude(level=FrameworkNode.Level.INDICATOR).select_related("framework")
        formset.form.base_fields["node"].queryset = nodes
        formset.read_only = not self.has_change_permission(request, obj)
        return formset


@admin.register(Score)
class ScoreAdmin(BulkImportMixin, AccessAdmin):
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
    instance_path = "instance"
    importer = staticmethod(scores_import)
    value_header = "indeks"
    inlines = [ScoreValueInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_band().select_related("instance", "framework", "source")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        score_derive(form.instance)  # its domain values may have changed with it

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
class TargetAdmin(BulkImportMixin, AccessAdmin):
    list_display = ["instance", "year", "target", "document", "achieved_display", "gap_display", "source"]
    list_filter = ["year", "instance__kind", ProvinceFilter, "document"]
    search_fields = ["instance__name", "instance__code"]
    autocomplete_fields = ["instance", "source"]
    formfield_overrides = LOCALIZED_DECIMALS
    instance_path = "instance"
    importer = staticmethod(targets_import)
    value_header = "target"

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


class ScoreInline(AccessInline, admin.TabularInline):
    model = Score
    fields = ["year", "value", "status", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    show_change_link = True  # domain values are entered on the score's own page
    extra = 0


class TargetInline(AccessInline, admin.TabularInline):
    model = Target
    fields = ["year", "value", "document", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


@admin.register(Instance)
class InstanceAdmin(AccessAdmin):
    list_display = ["code", "name", "kind", "group"]
    list_filter = ["kind", "group"]
    search_fields = ["code", "name", "names__name"]
    autocomplete_fields = ["region"]
    inlines = [InstanceNameInline, ScoreInline, TargetInline]
    list_per_page = 100
    instance_path = ""  # an instance is its own

    def get_readonly_fields(self, request, obj=None):
        # The code is the natural key that scores and URLs point at; fix a wrong one with a new instance.
        return ["code"] if obj else []

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Score:
            for score in formset.new_objects + [score for score, _ in formset.changed_objects]:
                score_derive(score)


@admin.register(Assignment)
class AssignmentAdmin(AccessAdmin):
    list_display = ["user", "role", "instance", "created_at"]
    list_filter = ["role", "instance__kind"]
    search_fields = ["user__username", "user__email", "instance__name", "instance__code"]
    autocomplete_fields = ["user", "instance"]
    list_select_related = ["user", "instance"]

    # Who operates which instance is for those who manage or audit accounts, not for every operator.
    def has_module_permission(self, request):
        return self.access(request).can_audit

    def has_view_permission(self, request, obj=None):
        return self.access(request).can_audit


class AssignmentInline(AccessInline, admin.TabularInline):
    model = Assignment
    fields = ["role", "instance"]
    autocomplete_fields = ["instance"]
    extra = 0


# Regions are written by national administrators only, as `indices.access` decides for every model.
admin.site.unregister(Region)


@admin.register(Region)
class ScopedRegionAdmin(AccessAdmin, RegionAdmin):
    pass


# Accounts are made in the admin, with their roles on the same page.
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AssignmentInline]
    list_display = [*UserAdmin.list_display, "roles"]

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(
            str(a.get_role_display()) + (f" {a.instance_id}" if a.instance_id else "")
            for a in obj.assignments.all()
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments")


# The audit trail ---------------------------------------------------------------------------------------------


class AuditAdmin(admin.ModelAdmin):
    """Read-only pages of the audit trail, for national administrators and reviewers."""

    list_per_page = 100

    def has_module_permission(self, request):
        return access_for(request.user).can_audit

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).can_audit

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeSet)
class ChangeSetAdmin(AuditAdmin):
    list_display = ["created_at", "kind", "filename", "model_name", "user", "created", "updated", "entries"]
    list_filter = ["kind", "model_name", ("user", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["filename", "user__username"]
    list_select_related = ["user"]

    @admin.display(description=_("log entries"))
    def entries(self, obj):
        url = reverse("admin:auditlog_logentry_changelist")
        return format_html('<a href="{}?cid={}">{}</a>', url, obj.cid, _("Show"))


# auditlog's own log of every change, filterable by action, kind of record, user and change set; open to
# the same people as the change sets, not to every staff account.
admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditAdmin, LogEntryAdmin):
    # auditlog's filters (action, kind of record, correlation id) and the user.
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), *LogEntryAdmin.list_filter[1:]]

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        """What changed, from which value to which (auditlog's own column lists field names, in English)."""
        if obj.action == AuditEntry.Action.DELETE:
            return _("deleted")
        model = obj.content_type.model_class()
        changes = [(f, values) for f, values in (obj.changes_dict or {}).items() if f != "id"]
        parts = []
        for field, (old, new) in changes[:4]:
            label = _verbose(model, field)
            shown_value = (
                f"{shown(old)} → {shown(new)}" if obj.action == AuditEntry.Action.UPDATE else shown(new)
            )
            parts.append(f"{label}: {shown_value}")
        if len(changes) > 4:
            parts.append("…")
        return "; ".join(parts)

    @admin.display(description=_("User"))
    def user_url(self, obj):
        return super().user_url(obj) if obj.actor else _("an import or a command")

    @admin.display(description=_("change set"))
    def cid_url(self, obj):
        return super().cid_url(obj)


def _verbose(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return field


# The evaluation workspace, for administrators (operators use the workspace pages themselves).


class WorkspaceRecordAdmin(AccessAdmin):
    """Workspace records in the admin: national administrators write them and reviewers read them. Operators
    and coordinators work in the workspace's own pages, where each sees only their instances; the admin's
    record pickers would name other instances' records."""

    def has_module_permission(self, request):
        return self.access(request).can_audit

    def has_view_permission(self, request, obj=None):
        return self.access(request).can_audit

    def has_add_permission(self, request):
        return self.access(request).national

    def has_change_permission(self, request, obj=None):
        return self.access(request).national

    def has_delete_permission(self, request, obj=None):
        return self.access(request).national


class IndicatorLevelInline(AccessInline, admin.TabularInline):
    model = IndicatorLevel
    fields = ["node", "self_level", "final_level", "target_level", "unit"]
    extra = 0
    autocomplete_fields = ["node"]
    formfield_overrides = {models.DecimalField: {"form_class": ScoreField}}


@admin.register(Assessment)
class AssessmentAdmin(WorkspaceRecordAdmin):
    list_display = ["instance", "year", "framework", "updated_at"]
    list_filter = ["year", "framework"]
    search_fields = ["instance__name", "instance__code"]
    autocomplete_fields = ["instance"]
    instance_path = "instance"
    inlines = [IndicatorLevelInline]


@admin.register(Evidence)
class EvidenceAdmin(WorkspaceRecordAdmin):
    list_display = ["title", "level", "supports_level", "status", "updated_at"]
    list_filter = ["status", "level__assessment__year"]
    search_fields = ["title", "level__assessment__instance__name"]
    raw_id_fields = ["level"]
    # Files are uploaded and downloaded in the workspace, where they are checked and served privately.
    exclude = ["file"]
    readonly_fields = ["file_name"]
    instance_path = "level__assessment__instance"


@admin.register(Recommendation)
class RecommendationAdmin(WorkspaceRecordAdmin):
    list_display = ["text", "assessment", "node", "unit", "deadline", "status"]
    list_filter = ["status", "assessment__year"]
    search_fields = ["text", "action", "unit", "assessment__instance__name"]
    raw_id_fields = ["assessment", "node"]
    instance_path = "assessment__instance"
