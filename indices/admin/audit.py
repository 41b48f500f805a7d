"""The audit trail in the admin: change sets and every logged change, read only, for national
administrators and reviewers."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry as AuditEntry
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.access import access_for
from indices.admin.base import logged_changes, shown, verbose_name_of
from indices.models import ChangeSet


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
        changes = logged_changes(model, obj.changes_dict)
        if obj.action == AuditEntry.Action.CREATE:  # what a new record holds, not the fields it leaves empty
            changes = [(field, values) for field, values in changes if values[-1] not in (None, "", "None")]
        parts = []
        for field, (old, new) in changes[:4]:
            label = verbose_name_of(model, field)
            shown_value = (
                f"{shown(old, model, field)} → {shown(new, model, field)}"
                if obj.action == AuditEntry.Action.UPDATE
                else shown(new, model, field)
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
