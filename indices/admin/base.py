"""The admin's base: every page asks `indices.access` what the signed-in person may see and do, shows a
record's history as they may see it, and refuses a form opened before someone else saved the record."""

from decimal import Decimal

from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry as AuditEntry
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from indices.access import access_for, stored_version
from indices.admin.pickers import InstancePicker, label_choices
from indices.fields import ScoreField
from indices.formatting import format_score, whole_number
from indices.models import Instance, latest_entry

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
        picked = db_field.related_model is Instance
        if picked and db_field.name == "instance" and not access.national:
            kwargs["queryset"] = Instance.objects.filter(pk__in=access.operated)
        if picked and "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = InstancePicker(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if picked and field is not None:
            label_choices(field)
        return field

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
    model = type(record)
    for entry in newer:
        for field, (old, new) in logged_changes(model, entry.changes_dict):
            changes.setdefault(field, [old, new])[1] = new
    described = [
        f"{verbose_name_of(model, field)}: {shown(old, model, field)} → {shown(new, model, field)}"
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


def shown(value, model=None, name: str | None = None) -> str:
    """A value as the audit trail stores it (text), the way the admin shows it: a figure of a decimal field
    with its decimal comma, anything else (a code, a year, a choice) as written."""
    if value in (None, "", "None"):
        return "—"
    if not isinstance(field_of(model, name), models.DecimalField):
        return str(value)
    try:
        return format_score(Decimal(value))
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


def field_of(model, name: str | None):
    try:
        return model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return None


def logged_changes(model, changes: dict | None) -> list[tuple[str, list]]:
    """A log entry's changed fields of `model` in the model's field order, without its id and without the
    reverse relations auditlog writes as "app.Model.None". The order is the model's, not the stored one:
    PostgreSQL's jsonb keeps keys shortest first, so a summary cut after four fields would differ by database."""
    order = {field.name: position for position, field in enumerate(model._meta.get_fields())}
    kept = [
        (name, values)
        for name, values in (changes or {}).items()
        if name != "id" and not getattr(field_of(model, name), "auto_created", False)
    ]
    return sorted(kept, key=lambda item: order.get(item[0], len(order)))


class AccessInline:
    """An inline follows its parent: who may write the parent record in full may write its parts. Its
    table's fields are named for assistive technology (Django's tabular inline gives them a column header
    but no label): "Value, row 2"."""

    def get_formset(self, request, obj=None, **kwargs):
        return labelled_rows(super().get_formset(request, obj, **kwargs))

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


def labelled_rows(formset):
    """`formset` whose every visible field is named by its column and row (`aria-label`), as the tabular
    inline's header says it to the eye: a table of unlabelled inputs otherwise (WCAG 1.3.1, 4.1.2)."""

    class Labelled(formset):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            row = _("new row") if index is None else _("row %(number)s") % {"number": index + 1}
            for field in form.fields.values():
                # The admin's RelatedFieldWidgetWrapper renders the widget it wraps, whose attributes are
                # this form's own (its own `attrs` are shared by every form).
                widget = getattr(field.widget, "widget", field.widget)
                if not widget.is_hidden:
                    widget.attrs["aria-label"] = f"{capfirst(field.label or '')}, {row}"

    Labelled.__name__ = formset.__name__
    return Labelled


def verbose_name_of(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return field
