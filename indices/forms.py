from django import forms
from django.utils.translation import gettext_lazy as _

from indices.models import Band
from regions.models import Region


class RankingFilterForm(forms.Form):
    """The rankings' filters; the ranks themselves are always national, whatever is filtered."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    jenis = forms.ChoiceField(label=_("Kind"), required=False)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    predikat = forms.ChoiceField(label=_("Predicate"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        everything = [("", _("All"))]
        self.fields["tahun"].choices = [(y, y) for y in reversed(years)]
        self.fields["jenis"].choices = everything + list(Region.Kind.choices)
        self.fields["provinsi"].choices = everything + list(
            Region.objects.provinces().values_list("code", "name")
        )
        self.fields["predikat"].choices = everything + [(p, p) for p in Band.objects.predicate_names()]

    def _valid(self, name):
        """A field's cleaned value; an invalid field is ignored (and shown as an error), not the others."""
        self.is_valid()
        return self.cleaned_data.get(name) if self.is_bound else None

    def year(self) -> int | None:
        return self._valid("tahun") or (self.years[-1] if self.years else None)

    def filter(self, rows: list[dict]) -> list[dict]:
        kind, province, predicate = (self._valid(f) for f in ("jenis", "provinsi", "predikat"))
        codes = set(Region.objects.in_province(province).values_list("code", flat=True)) if province else None
        return [
            row
            for row in rows
            if (not kind or row["kind"] == kind)
            and (codes is None or row["code"] in codes)
            and (not predicate or row["predicate"] == predicate)
        ]


class CompareForm(forms.Form):
    """Up to `limit` regions picked from a list grouped by province; the choice lives in the URL."""

    wilayah = forms.MultipleChoiceField(label=_("Regions"), required=False)

    def __init__(self, *args, regions: list[Region], limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.by_code = {r.code: r for r in regions}
        groups = {}
        for region in regions:
            province = region if region.is_province else region.province
            groups.setdefault(province.name, []).append((region.code, region.name))
        self.fields["wilayah"].choices = list(groups.items())
        self.fields["wilayah"].widget.attrs.update({"size": 12, "data-searchable": "true"})
        self.notes = []

    def chosen(self) -> list[Region]:
        """The valid codes asked for, in the order given, without repeats, at most `limit`."""
        codes = list(dict.fromkeys(self.data.getlist("wilayah"))) if self.is_bound else []
        unknown = [code for code in codes if code not in self.by_code]
        if unknown:
            self.notes.append(_("Unknown region codes left out: %(codes)s.") % {"codes": ", ".join(unknown)})
        known = [self.by_code[code] for code in codes if code in self.by_code]
        if len(known) > self.limit:
            self.notes.append(
                _("At most %(limit)s regions can be compared; the first %(limit)s are shown.")
                % {"limit": self.limit}
            )
        return known[: self.limit]
