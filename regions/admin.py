from django.contrib import admin

from indices.admin import ScoreInline, TargetInline, edited_by
from indices.models import Score
from regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_evaluated"]
    list_filter = ["kind", "province", "is_evaluated"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]
    inlines = [ScoreInline, TargetInline]
    list_per_page = 100

    def save_formset(self, request, form, formset, change):
        if formset.model is Score:
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form.instance.pk:
                    edited_by(request, inline_form.instance, inline_form)
        super().save_formset(request, form, formset, change)

    def get_readonly_fields(self, request, obj=None):
        # The code is the natural key that scores point at; fix a wrong one by a new region.
        return ["code"] if obj else []
