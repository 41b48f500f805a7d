"""Accounts and their roles in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from indices.admin.base import AccessAdmin, AccessInline
from indices.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(AccessAdmin):
    list_display = ["user", "role", "instance", "node", "created_at"]
    list_filter = ["role", "instance__kind"]
    search_fields = ["user__username", "user__email", "instance__name", "instance__code"]
    autocomplete_fields = ["user", "instance", "node"]
    list_select_related = ["user", "instance", "node"]

    # Who operates which instance is for those who manage or audit accounts, not for every operator.
    def has_module_permission(self, request):
        return self.access(request).can_audit

    def has_view_permission(self, request, obj=None):
        return self.access(request).can_audit


class AssignmentInline(AccessInline, admin.TabularInline):
    model = Assignment
    fields = ["role", "instance", "node"]
    autocomplete_fields = ["instance", "node"]
    extra = 0


# Accounts are made in the admin, with their roles on the same page.
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AssignmentInline]
    list_display = [*UserAdmin.list_display, "roles"]
    # Kept by Django itself; as fields they were two unlabelled inputs each (date and time).
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(
            str(a.get_role_display()) + (f" {a.instance_id}" if a.instance_id else "")
            for a in obj.assignments.all()
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments")
