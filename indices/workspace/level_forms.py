from django import forms
from django.utils.translation import gettext_lazy as _

from indices.fields import ScoreField
from indices.workspace.models import IndicatorLevel

LEVEL_FIELDS = ("self_level", "final_level", "target_level")
WHOLE_LEVELS = [("", "—")] + [(str(level), str(level)) for level in range(1, 6)]


class IndicatorLevelForm(forms.ModelForm):
    """One indicator of an aspect's form: its levels (whole levels from a list under SPBE, typed with two
    decimals under Pemerintah Digital), the explanation and who answers for it."""

    self_level = ScoreField(label=_("Self-assessed level"), required=False, max_digits=3, decimal_places=2)
    final_level = ScoreField(label=_("Final level"), required=False, max_digits=3, decimal_places=2)
    target_level = ScoreField(label=_("Target level"), required=False, max_digits=3, decimal_places=2)

    class Meta:
        model = IndicatorLevel
        fields = [*LEVEL_FIELDS, "fakta", "analisis", "unit", "supporting_units", "contact"]
        widgets = {
            "fakta": forms.Textarea(attrs={"rows": 3}),
            "analisis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, framework, external: bool = False, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        # Locked: submitted for review, or someone else's indicator. Disabled fields ignore what is posted.
        self.locked = locked
        for field in self.fields.values():
            field.disabled = locked
        if external:  # valued from another agency's index (Pemerintah Digital I5, I6, I7, I18), not typed
            del self.fields["self_level"], self.fields["final_level"]
        for name in self.fields.keys() & set(LEVEL_FIELDS):
            field = self.fields[name]
            if framework.whole_levels:
                field.widget = forms.Select(choices=WHOLE_LEVELS)
                value = self.initial.get(name)
                if value is not None:
                    self.initial[name] = str(int(value))
            else:
                field.widget = forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 5, "placeholder": "1,00–5,00"}
                )
                field.widget.is_localized = True  # a saved 1.5 reads "1,50" in Indonesian, as typed

    @property
    def heading(self) -> str:
        """Which indicator the form is, for the summary of an aspect's errors."""
        return _("Indicator %(number)s") % {"number": self.instance.node.number}

    def clean(self):
        cleaned = super().clean()
        for name in self.fields.keys() & set(LEVEL_FIELDS):
            problem = self.framework.level_problem(cleaned.get(name))
            if problem:
                self.add_error(name, problem)
        return cleaned
