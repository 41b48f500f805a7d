from django import forms
from django.utils.translation import gettext_lazy as _

from indices.models import Band, FigureKind, Instance
from indices.reads import places
from indices.reads.sections import RankingFilter
from regions.models import Region


def year_label(year: int, complete: list[int]) -> str:
    """A year as a year picker offers it: "2025 (partial)" where the portal lacks KemenPANRB's whole table."""
    return str(year) if year in complete else _("%(year)s (partial)") % {"year": year}


class RankingFilterForm(forms.Form):
    """The rankings' filters; the ranks themselves are always national among a kind, whatever is filtered."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    jenis = forms.ChoiceField(label=_("Kind"), required=False)
    kelompok = forms.ChoiceField(label=_("Agency group"), required=False)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    predikat = forms.ChoiceField(label=_("Predicate"), required=False)
    jenis_sumber = forms.ChoiceField(label=_("Kind of source"), required=False)

    def __init__(self, *args, years: list[int], complete: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.years, self.default = years, (complete[-1] if complete else None)
        everything = [("", _("All"))]
        self.fields["tahun"].choices = [(y, year_label(y, complete)) for y in reversed(years)]
        self.fields["tahun"].initial = self.default_year()
        self.fields["jenis"].choices = everything + list(Instance.Kind.choices)
        self.fields["kelompok"].choices = everything + [(group, group) for group in Instance.objects.groups()]
        self.fields["provinsi"].choices = everything + list(
            Region.objects.provinces().values_list("code", "name")
        )
        self.fields["predikat"].choices = everything + [(p, p) for p in Band.objects.predicate_names()]
        self.fields["jenis_sumber"].choices = everything + [
            (FigureKind.OFFICIAL.value, _("official publications only")),
            (FigureKind.COMPILED.value, _("compiled from indicator levels only")),
            (FigureKind.CARRIED_OVER.value, _("carried-over values only")),
        ]

    def _valid(self, name):
        """A field's cleaned value; an invalid field is ignored (and shown as an error), not the others."""
        self.is_valid()
        return self.cleaned_data.get(name) if self.is_bound else None

    def default_year(self) -> int | None:
        return self.default if self.default in self.years else (self.years[-1] if self.years else None)

    def year(self) -> int | None:
        return self._valid("tahun") or self.default_year()

    def description(self, provinces: dict[str, str]) -> str:
        """The ranking's year and the filters in effect, in words: the table's caption."""
        kind, group, province, predicate = (
            self._valid(f) for f in ("jenis", "kelompok", "provinsi", "predikat")
        )
        parts = [
            Instance.Kind(kind).label if kind else _("every kind of instance"),
            group,
            provinces.get(province) if province else None,
            predicate and _("predicate %(predicate)s") % {"predicate": predicate},
        ]
        return _("Ranking %(year)s: %(filters)s") % {
            "year": self.year(),
            "filters": ", ".join(str(part) for part in parts if part),
        }

    def chosen(self) -> RankingFilter:
        """The filters in effect (an invalid one is left out)."""
        kind, group, province, predicate, source_kind = (
            self._valid(f) or "" for f in ("jenis", "kelompok", "provinsi", "predikat", "jenis_sumber")
        )
        return RankingFilter(
            kind=kind, group=group, province=province, predicate=predicate, source_kind=source_kind
        )


class CompareForm(forms.Form):
    """Up to `limit` instances, added one at a time by searching a name or code (a plain GET form that works
    without JavaScript and on a phone); the choice lives in the URL (`?wilayah=62&wilayah=kemenkeu`).

    `?tambah=` is what the visitor typed: one match is added, several are offered to pick from."""

    def __init__(self, *args, instances: list[Instance], places: list[dict], limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.by_code = {i.code: i for i in instances}
        # Only evaluated instances can be compared: Jakarta's administrative cities have no score.
        self.places = [place for place in places if place["code"] in self.by_code]
        self.notes = []

    def codes(self) -> list[str]:
        """The codes asked for, in the order given, without repeats."""
        return list(dict.fromkeys(self.data.getlist("wilayah"))) if self.is_bound else []

    def unknown(self) -> list[str]:
        """The codes asked for that name no evaluated instance."""
        return [code for code in self.codes() if code not in self.by_code]

    def chosen(self) -> list[Instance]:
        """The valid codes asked for, in the order given, without repeats, at most `limit`."""
        codes = self.codes()
        unknown = self.unknown()
        if unknown:
            self.notes.append(_("Unknown codes left out: %(codes)s.") % {"codes": ", ".join(unknown)})
        known = [self.by_code[code] for code in codes if code in self.by_code]
        if len(known) > self.limit:
            self.notes.append(
                _("At most %(limit)s instances can be compared; the first %(limit)s are shown.")
                % {"limit": self.limit}
            )
        return known[: self.limit]

    def query(self) -> str:
        return (self.data.get("tambah") or "").strip()[:100] if self.is_bound else ""

    def matches(self) -> list[dict]:
        """The instances the search text names (`places.find_places`), those already chosen left out."""
        chosen = set(self.codes())
        return [
            place for place in places.find_places(self.query(), self.places) if place["code"] not in chosen
        ]
