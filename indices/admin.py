from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indices.models import (
    Band,
    Framework,
    NationalIndex,
    Score,
    Source,
    Target,
    format_score,
    validate_band_cover,
)
from regions.models import Region

# Admins type scores the Indonesian way (2,87); a point is accepted too.
LOCALIZED_DECIMALS = {models.DecimalField: {"localize": True}}


def predicate_badge(band) -> str:
    if band is None:
        return "—"
    return format_html(
        '<span class="predicate-badge" style="background:{}">{}</span>', band.colour, band.predicate
    )


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [
            (form.cleaned_data["lower"], form.cleaned_data["upper"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        validate_band_cover(bands)


class BandInline(admin.TabularInline):
    model = Band
    formset = BandFormSet
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "years_label"]
    inlines = [BandInline]

    @admin.display(description=_("evaluation years"))
    def years_label(self, obj):
        return obj.years_label


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "document", "url"]
    date_hierarchy = "published_on"


@admin.register(NationalIndex)
class NationalIndexAdmin(admin.ModelAdmin):
    list_display = ["year", "value", "instances_evaluated", "source"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS


class ProvinceFilter(admin.SimpleListFilter):
    """A province and every regency and city in it."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return [(r.code, r.name) for r in Region.objects.provinces()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                models.Q(region_id=self.value()) | models.Q(region__province_id=self.value())
            )
        return queryset


class PredicateFilter(admin.SimpleListFilter):
    title = _("predicate")
    parameter_name = "predicate"

    def lookups(self, request, model_admin):
        names = Band.objects.order_by("order").values_list("predicate", flat=True).distinct()
        return [(name, name) for name in dict.fromkeys(names)]

    def queryset(self, request, queryset):
        return queryset.with_predicate(self.value()) if self.value() else queryset


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "index", "predicate", "status", "source", "is_sample"]
    list_filter = [
        "year",
        ProvinceFilter,
        "region__kind",
        PredicateFilter,
        "framework",
        "status",
        "is_sample",
    ]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region", "source"]
    readonly_fields = ["framework", "predicate", "created_at", "updated_at"]
    fields = [
        "region",
        "year",
        "value",
        "status",
        "source",
        "note",
        "is_sample",
        "framework",
        "predicate",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = LOCALIZED_DECIMALS
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_bands()

    @admin.display(description=_("index"), ordering="value")
    def index(self, obj):
        return format_score(obj.value)

    @admin.display(description=_("predicate"))
    def predicate(self, obj):
        return predicate_badge(obj.band) if obj.framework_id else "—"


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "target", "document", "achieved_display", "gap_display", "source"]
    list_filter = ["year", ProvinceFilter, "document", "is_sample"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region", "source"]
    formfield_overrides = LOCALIZED_DECIMALS

    def get_queryset(self, request):
        return super().get_queryset(request).with_achieved().select_related("region", "source")

    @admin.display(description=_("target"), ordering="value")
    def target(self, obj):
        return format_score(obj.value)

    @admin.display(description=_("achieved"))
    def achieved_display(self, obj):
        return "—" if obj.achieved is None else format_score(obj.achieved)

    @admin.display(description=_("gap"))
    def gap_display(self, obj):
        if obj.gap is None:
            return "—"
        sign = "+" if obj.gap >= 0 else "−"
        return f"{sign}{format_score(abs(obj.gap))}"


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["year", "value", "status", "source", "is_sample", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["year", "value", "document", "source", "is_sample", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0
