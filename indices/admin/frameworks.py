"""Frameworks in the admin: bands and the tree of weights, refused when they stop adding up; an
indicator's question and level criteria."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from indices import scoring
from indices.admin.base import LOCALIZED_DECIMALS, AccessAdmin, AccessInline, kept
from indices.models import Band, Framework, FrameworkNode, validate_band_cover


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [(form.cleaned_data["lower"], form.cleaned_data["upper"]) for form in kept(self)]
        framework = self.instance
        if framework.scale_min is not None and framework.scale_max is not None:
            validate_band_cover(bands, (framework.scale_min, framework.scale_max))


class BandInline(AccessInline, admin.TabularInline):
    model = Band
    formset = BandFormSet
    extra = 0
    formfield_overrides = LOCALIZED_DECIMALS


class NodeFormSet(BaseInlineFormSet):
    """The framework's tree as edited: refused when its weights stop adding up."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        facts = []
        for number, form in enumerate(kept(self), start=1):
            data = form.cleaned_data
            parent = data.get("parent")
            node = FrameworkNode(pk=form.instance.pk or -number, level=data["level"], number=data["number"])
            node.name, node.weight, node.parent_id = (
                data["name"],
                data.get("weight"),
                parent.pk if parent else None,
            )
            facts.append(node.facts())
        problems = scoring.tree_problems(facts)
        if problems:
            raise forms.ValidationError(problems)


class NodeInline(AccessInline, admin.TabularInline):
    model = FrameworkNode
    formset = NodeFormSet
    fk_name = "framework"
    fields = ["level", "number", "name", "weight", "parent"]
    extra = 0
    show_change_link = True
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parents = FrameworkNode.objects.filter(framework=obj).exclude(level=FrameworkNode.Level.INDICATOR)
        formset.form.base_fields["parent"].queryset = parents
        return formset


@admin.register(Framework)
class FrameworkAdmin(AccessAdmin):
    list_display = ["name", "legal_basis", "years_label"]
    inlines = [BandInline, NodeInline]
    formfield_overrides = LOCALIZED_DECIMALS

    @admin.display(description=_("evaluation years"))
    def years_label(self, obj):
        return obj.years_label


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(AccessAdmin):
    """An indicator's question and level criteria, edited one indicator at a time."""

    list_display = ["framework", "level", "number", "name", "weight"]
    list_filter = ["framework", "level"]
    search_fields = ["name"]
    fields = ["framework", "level", "number", "name", "weight", "question", "criteria"]
    readonly_fields = ["framework", "level", "number", "weight"]

    def has_add_permission(self, request):
        return False  # components are added in their framework, where the weights are checked together
