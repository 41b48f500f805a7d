from django.contrib import admin

from regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_evaluated"]
    list_filter = ["kind", "province", "is_evaluated"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        # The code is the natural key that scores point at; fix a wrong one by a new region.
        return ["code"] if obj else []
