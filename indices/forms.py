from django import forms
from django.utils.translation import gettext_lazy as _

from indices.models import Band, Instance
from regions.models import Region


class RankingFilterForm(forms.Form):
    """The rankings' filters; the ranks themselves are always national among a kind, whatever is filtered."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    jenis = forms.ChoiceField(label=_("Kind"), required=False)
    kelompok = forms.ChoiceField(label=_("Agency group"), required=False)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    predikat = forms.ChoiceField(label=_("Predicate"), required=False)

    def __init__(self, *args, years: list[int], default: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.years, self.default = years, default
        everything = [("", _("All"))]
        self.fields["tahun"].choices = [(y, y) for y in reversed(years)]
        self.fields["tahun"].initial = self.default_year()
        self.fields["jenis"].choices = everything + list(Instance.Kind.choices)
        groups = Instance.objects.central().order_by("group").values_list("group", flat=True).distinct()
        self.fields["kelompok"].choices = everything + [(group, group) for group in groups]
        self.fields["provinsi"].choices = everything + list(
            Region.objects.provinces().values_list("code", "name")
        )
        self.fields["predikat"].choices = everything + [(p, p) for p in Band.objects.predicate_names()]

    def _valid(self, name):
        """A field's cleaned value; an invalid field is ignored (and shown as an error), not the others."""
        self.is_valid()
        return self.cleaned_data.get(name) if self.is_bound else None

    def default_year(self) -> int | None:
        return self.default if self.default in self.years else (self.years[-1] if self.years else None)

    def year(self) -> int | None:
        return self._valid("tahun") or self.default_year()

    def filter(self, rows: list[dict]) -> list[dict]:
        kind, group, province, predicate = (
            self._valid(f) for f in ("jenis", "kelompok", "provinsi", "predikat")
        )
        codes = set(Region.objects.in_province(province).values_list("code", flat=True)) if province else None
        return [
            row
            for row in rows
            if (not kind or row["kind"] == kind)
            and (not group or row["group"] == group)
            and (codes is None or row["code"] in codes)
            and (not predicate or row["predicate"] == predicate)
        ]


class CompareForm(forms.Form):
    """Up to `limit` instances picked from a list grouped by province or agency kind; the choice lives in the
    URL (`?wilayah=62&wilayah=kemenkeu`)."""

    wilayah = forms.MultipleChoiceField(label=_("Instances"), required=False)

    def __init__(self, *args, instances: list[Instance], limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.by_code = {i.code: i for i in instances}
        groups = {}
        for instance in sorted(instances, key=lambda i: (i.is_regional, i.code)):
            if instance.is_regional:
                province = instance.region if instance.is_province else instance.region.province
                group = province.name
            else:
                group = instance.get_kind_display()
            groups.setdefault(group, []).append((instance.code, instance.name))
        self.fields["wilayah"].choices = list(groups.items())
        self.fields["wilayah"].widget.attrs.update({"size": 12, "data-searchable": "true"})
        self.notes = []

    def chosen(self) -> list[Instance]:
        """The valid codes asked for, in the order given, without repeats, at most `limit`."""
        codes = list(dict.fromkeys(self.data.getlist("wilayah"))) if self.is_bound else []
        unknown = [code for code in codes if code not in self.by_code]
        if unknown:
            self.notes.append(_("Unknown codes left out: %(codes)s.") % {"codes": ", ".join(unknown)})
        known = [self.by_code[code] for code in codes if code in self.by_code]
        if len(known) > self.limit:
            self.notes.append(
                _("At most %(limit)s instances can be compared; the first %(limit)s are shown.")
                % {"limit": self.limit}
            )
        return known[: self.limit]
