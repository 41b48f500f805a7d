"""What a framework's indicators ask, corrected by national administrators (everyone on the staff reads it):
the sources with their class, the sets of level names, the criterion texts, the evidence items and the
cycle's calendar. Every change is in the audit trail, like every record of the portal."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from indices.admin.base import AccessAdmin, AccessInline
from indices.models import CriterionText, CycleStage, EvidenceItem, FrameworkSource, LevelName, LevelNameSet


@admin.register(FrameworkSource)
class FrameworkSourceAdmin(AccessAdmin):
    list_display = ["key", "source_class", "framework", "basis"]
    list_filter = ["framework"]
    search_fields = ["key", "source_class", "where"]


class LevelNameInline(AccessInline, admin.TabularInline):
    model = LevelName
    extra = 0
    fields = ["level", "name", "english", "note"]


@admin.register(LevelNameSet)
class LevelNameSetAdmin(AccessAdmin):
    list_display = ["label", "framework", "key", "shown"]
    list_filter = ["framework"]
    inlines = [LevelNameInline]


@admin.register(CriterionText)
class CriterionTextAdmin(AccessAdmin):
    list_display = ["node", "level", "kind", "source", "excerpt"]
    list_filter = ["node__framework", "kind", "level", "source__key"]
    search_fields = ["text", "note", "node__name"]
    list_select_related = ["node", "source"]
    autocomplete_fields = ["node"]
    fields = ["node", "level", "kind", "text", "source", "note", "position"]

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(80)


@admin.register(EvidenceItem)
class EvidenceItemAdmin(AccessAdmin):
    list_display = ["code", "node", "level", "excerpt", "source"]
    list_filter = ["node__framework", "level"]
    search_fields = ["code", "source_code", "text"]
    list_select_related = ["node", "source"]
    autocomplete_fields = ["node"]

    @admin.display(description=_("what it asks for"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(80)


@admin.register(CycleStage)
class CycleStageAdmin(AccessAdmin):
    list_display = ["name", "year", "kind", "starts_on", "ends_on", "estimate", "source"]
    list_filter = ["framework", "year", "kind"]
    search_fields = ["name"]
