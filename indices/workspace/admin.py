"""The workspace's records in the admin, for national administrators (written) and reviewers (read);
operators and coordinators work in the workspace's own pages."""

from django.contrib import admin
from django.db import models

from indices.admin.base import LOCALIZED_DECIMALS, AccessAdmin, AccessInline
from indices.fields import ScoreField
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, Recommendation
from indices.workspace.pemdi_models import AgencyScore, ItemReview


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
    list_display = ["instance", "year", "framework", "state", "updated_at"]
    list_filter = ["year", "framework", "state"]
    # The state moves on the workspace's review page only, where each move is checked and on the timeline.
    readonly_fields = ["state"]
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


@admin.register(ItemReview)
class ItemReviewAdmin(WorkspaceRecordAdmin):
    """Verdicts are given in the workspace's indicator pages; here national administrators correct one."""

    list_display = ["item", "assessment", "status", "reviewed_by", "updated_at"]
    list_filter = ["status", "assessment__year"]
    search_fields = ["item__code", "assessment__instance__name", "note"]
    raw_id_fields = ["assessment", "item"]
    readonly_fields = ["reviewed_by"]
    instance_path = "assessment__instance"


@admin.register(AgencyScore)
class AgencyScoreAdmin(WorkspaceRecordAdmin):
    """The indices other agencies publish (Bappenas's SDI, BIG's SJIG, BPS's EPSS), from which four
    Pemerintah Digital indicators are valued: entered by national administrators with their source."""

    list_display = ["instance", "year", "index", "score", "value", "source"]
    list_filter = ["year", "index"]
    search_fields = ["instance__name", "instance__code"]
    autocomplete_fields = ["instance", "source"]
    formfield_overrides = LOCALIZED_DECIMALS
    instance_path = "instance"
