"""Evaluated instances and the region register in the admin (national administrators write them)."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from indices.admin import pickers
from indices.admin.base import LOCALIZED_DECIMALS, AccessAdmin, AccessInline
from indices.models import Instance, InstanceAlias, InstanceName, Score, Target
from indices.transfer.services import score_derive
from regions.admin import RegionAdmin
from regions.models import Region


class NamedValuesFilter(admin.AllValuesFieldListFilter):
    """Every value of a text field, the empty one named in words: as a link it would have no text."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield choice | {"display": choice["display"] if choice["display"] != "" else _("(empty)")}


class InstanceNameInline(AccessInline, admin.TabularInline):
    model = InstanceName
    extra = 0


class InstanceAliasInline(AccessInline, admin.TabularInline):
    """The names people use for the instance, which the importer and the place search recognise."""

    model = InstanceAlias
    extra = 0


class ScoreInline(AccessInline, admin.TabularInline):
    model = Score
    fields = ["year", "value", "status", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    show_change_link = True  # domain values are entered on the score's own page
    extra = 0


class TargetInline(AccessInline, admin.TabularInline):
    model = Target
    fields = ["year", "value", "quoted", "document", "source", "source_detail", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


@admin.register(Instance)
class InstanceAdmin(AccessAdmin):
    list_display = ["code", "name", "kind", "group"]
    list_filter = ["kind", ("group", NamedValuesFilter)]
    search_fields = ["code", "name", "names__name", "aliases__name"]
    autocomplete_fields = ["region"]
    # The records first; the names people use last, as the rarest to change.
    inlines = [InstanceNameInline, ScoreInline, TargetInline, InstanceAliasInline]
    list_per_page = 100
    instance_path = ""  # an instance is its own

    def get_search_results(self, request, queryset, search_term):
        # The instance meant first, for the pickers of every other page (the list keeps its own order).
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.named().closest_first(search_term), duplicates

    def get_urls(self):
        view = pickers.InstanceOptions.as_view(admin_site=self.admin_site)
        picker = path("autocomplete/", self.admin_site.admin_view(view), name=pickers.URL_NAME)
        return [picker, *super().get_urls()]

    def get_readonly_fields(self, request, obj=None):
        # The code is the natural key that scores and URLs point at; fix a wrong one with a new instance.
        return ["code"] if obj else []

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Score:
            for score in formset.new_objects + [score for score, _ in formset.changed_objects]:
                score_derive(score)


@admin.register(InstanceAlias)
class InstanceAliasAdmin(AccessAdmin):
    """The names people use for agencies, all in one list (each instance's page lists its own)."""

    list_display = ["name", "kind", "instance"]
    list_filter = ["kind"]
    search_fields = ["name", "instance__name", "instance__code"]
    autocomplete_fields = ["instance"]
    list_select_related = ["instance"]


# Regions are written by national administrators only, as `indices.access` decides for every model.
admin.site.unregister(Region)


@admin.register(Region)
class ScopedRegionAdmin(AccessAdmin, RegionAdmin):
    pass
