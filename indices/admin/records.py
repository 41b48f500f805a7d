"""Published figures in the admin: sources, scores with their domain values, targets, the national index."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from indices import scoring
from indices.admin.base import LOCALIZED_DECIMALS, AccessAdmin, AccessInline, kept
from indices.admin.imports import BulkImportMixin
from indices.formatting import badge, format_score, target_gap
from indices.models import (
    Band,
    Framework,
    FrameworkNode,
    NationalIndex,
    NationalValue,
    Score,
    ScoreValue,
    Source,
    Target,
)
from indices.transfer.services import score_derive, scores_import, targets_import
from regions.models import Region


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
                form.add_error("node", not_of_framework(node, framework.name, score.year))
            values[node.pk] = value
        computed = scoring.index_of(framework.nodes, values)
        if computed is not None and abs(computed - score.value) > Decimal("0.01"):
            raise forms.ValidationError(
                _("These values give an index of %(computed)s, not %(index)s.")
                % {"computed": format_score(computed), "index": format_score(score.value)}
            )


def not_of_framework(node, framework: str, year: int) -> str:
    return _(
        "%(node)s belongs to %(other)s; a score of %(year)s is evaluated under %(framework)s: choose one of "
        "its domains or aspects."
    ) % {"node": node, "other": node.framework.name, "year": year, "framework": framework}


class NodesByFramework(ModelChoiceIterator):
    """The domains and aspects a score's select offers: those of its framework (`field.framework_id`), or,
    while its year is unknown, one group per framework, each option naming its framework too. The field
    still accepts any node, so that one of another framework is refused with `not_of_framework`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        only = getattr(self.field, "framework_id", None)
        if only is not None:
            yield from (self.choice(node) for node in self.queryset if node.framework_id == only)
            return
        groups = {}
        for node in self.queryset:
            groups.setdefault(node.framework, []).append((self.choice(node)[0], f"{node} · {node.framework}"))
        yield from ((str(framework), options) for framework, options in groups.items())


class ScoreValueInline(AccessInline, admin.TabularInline):
    model = ScoreValue
    formset = ScoreValueFormSet
    fields = ["node", "value"]
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        nodes = FrameworkNode.objects.exclude(level=FrameworkNode.Level.INDICATOR).select_related("framework")
        field = formset.form.base_fields["node"]
        # "-level" puts a framework's domains before its aspects ("domain" > "aspect"; indicators are excluded).
        field.queryset = nodes.order_by("framework__first_year", "-level", "number")
        field.iterator = NodesByFramework
        field.framework_id = obj.framework_id if obj is not None else None
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
        return target_gap(obj.gap)
