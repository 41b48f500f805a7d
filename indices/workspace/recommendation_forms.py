"""The forms of the recommendations list: its filters, and the form that adds or changes one recommendation
and its follow-up (tindak lanjut)."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from indices.models import FrameworkNode
from indices.models.frameworks import FIRST_YEAR, LAST_YEAR
from indices.workspace.models import Assessment, Recommendation

# Day first in both languages: the portal's people write 31/12/2026, and an English interface must not
# read 05/02/2026 as the 2nd of May. ISO dates are read too (what a browser's date picker sends).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_SHOWN = "%d/%m/%Y"
OPEN = "terbuka"
NODE_LEVELS = [FrameworkNode.Level.ASPECT, FrameworkNode.Level.INDICATOR]


def node_label(node: FrameworkNode) -> str:
    """An indicator or aspect as people cite it: "Indikator 23 Penerapan Manajemen Data"."""
    return f"{node.get_level_display()} {node.number} {node.name}"


class RecommendationFilterForm(forms.Form):
    """The list's filters, all in the URL (`?tahun=2024&status=terbuka&aspek=12&terlambat=on&q=arsitektur`).
    An invalid value is shown as an error and ignored; the other filters still apply."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    aspek = forms.TypedChoiceField(label=_("Aspect"), coerce=int, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.SearchInput)
    terlambat = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, assessments: list[Assessment], **kwargs):
        """`assessments`: the instance's evaluation years (newest first), with their framework."""
        super().__init__(*args, **kwargs)
        aspects = FrameworkNode.objects.filter(
            level=FrameworkNode.Level.ASPECT, framework__in={a.framework_id for a in assessments}
        ).select_related("framework")
        everything = [("", _("All"))]
        self.fields["tahun"].choices = everything + [(a.year, a.year) for a in assessments]
        self.fields["status"].choices = (
            everything + [(OPEN, _("Open (not done)"))] + list(Recommendation.Status.choices)
        )
        self.fields["aspek"].choices = everything + _aspect_choices(
            aspects.order_by("framework__first_year", "number")
        )
        self.fields["q"].widget.attrs["placeholder"] = _("recommendation, action, unit")

    @property
    def filtering(self) -> bool:
        """Whether any filter is set (the counts then describe the filtered list)."""
        return any(self.chosen(name) for name in self.fields)

    def chosen(self, name):
        """A field's cleaned value; None for a field left empty or invalid."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return None
        return self.cleaned_data.get(name) or None

    def filter(self, queryset: QuerySet, today) -> QuerySet:
        """`queryset` of recommendations narrowed by every valid filter; `today` decides what is overdue."""
        year, status, aspect, text = (self.chosen(name) for name in ("tahun", "status", "aspek", "q"))
        if year:
            queryset = queryset.filter(assessment__year=year)
        if status == OPEN:
            queryset = queryset.open()
        elif status:
            queryset = queryset.filter(status=status)
        if aspect:
            queryset = queryset.filter(Q(node_id=aspect) | Q(node__parent_id=aspect))
        if text:
            queryset = queryset.filter(
                Q(text__icontains=text)
                | Q(action__icontains=text)
                | Q(unit__icontains=text)
                | Q(progress__icontains=text)
                | Q(node__name__icontains=text)
            )
        if self.chosen("terlambat"):
            queryset = queryset.overdue(today)
        return queryset


def _aspect_choices(aspects) -> list:
    """Aspects by number; grouped by framework when the instance's years span more than one."""
    frameworks = {}
    for aspect in aspects:
        frameworks.setdefault(aspect.framework, []).append((aspect.pk, f"{aspect.number} {aspect.name}"))
    if len(frameworks) == 1:
        return next(iter(frameworks.values()))
    return [(str(framework), choices) for framework, choices in frameworks.items()]


class RecommendationForm(forms.ModelForm):
    """One recommendation of an evaluation year: the indicator or aspect it is on (of that year's framework
    only), what the evaluators recommended and the follow-up."""

    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format=DATE_SHOWN, attrs={"placeholder": _("dd/mm/yyyy"), "size": 12}),
        help_text=_("Day/month/year, e.g. 31/12/2026."),
        error_messages={"invalid": _("Write the date as day/month/year, e.g. 31/12/2026.")},
    )

    class Meta:
        model = Recommendation
        fields = ["node", "text", "action", "unit", "deadline", "status", "progress"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "node": {
                "required": _("Choose the indicator or aspect the recommendation is on."),
                "invalid_choice": _("Choose an indicator or aspect of this year's framework."),
            },
            "text": {"required": _("Write the recommendation as the evaluators gave it.")},
        }

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment
        nodes = list(
            FrameworkNode.objects.filter(
                framework_id=assessment.framework_id, level__in=NODE_LEVELS
            ).order_by("level", "number")
        )
        node_field = self.fields["node"]
        node_field.queryset = FrameworkNode.objects.filter(
            framework_id=assessment.framework_id, level__in=NODE_LEVELS
        )
        node_field.choices = [("", "—")] + _node_choices(nodes)
        node_field.label = _("Indicator or aspect")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and not FIRST_YEAR <= deadline.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("A deadline falls between %(first)s and %(last)s; check the year."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return deadline


def _node_choices(nodes: list[FrameworkNode]) -> list:
    """Each aspect as a group: the aspect itself first, then its indicators by number."""
    aspects = [node for node in nodes if node.level == FrameworkNode.Level.ASPECT]
    groups = []
    for aspect in aspects:
        indicators = [node for node in nodes if node.parent_id == aspect.pk]
        options = [(aspect.pk, node_label(aspect))] + [(node.pk, node_label(node)) for node in indicators]
        groups.append((f"{aspect.number} {aspect.name}", options))
    return groups
