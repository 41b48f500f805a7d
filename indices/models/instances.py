"""Who is evaluated: a regional government (its region in the register) or a central agency."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indices.models.text import line_field
from regions.models import Region

AGENCY_CODE = r"^[a-z0-9][a-z0-9-]{0,29}$"


class InstanceQuerySet(models.QuerySet):
    def regional(self):
        return self.filter(kind__in=Instance.REGIONAL)

    def central(self):
        return self.filter(kind__in=Instance.CENTRAL)

    def groups(self) -> list[str]:
        """Every agency group, current or printed in some year's report, in alphabetical order."""
        current = self.central().exclude(group="").values_list("group", flat=True)
        printed = InstanceName.objects.exclude(group="").values_list("group", flat=True)
        return sorted(set(current) | set(printed))

    def in_province(self, code: str):
        """The government of province `code` and those of its regencies and cities."""
        return self.filter(region__in=Region.objects.in_province(code))

    def named(self):
        """Regional governments with their region and province loaded, for pages that name them."""
        return self.select_related("region", "region__province")

    def closest_first(self, text: str):
        """These instances ordered by how closely each answers `text` as typed into a picker, annotated
        `closeness`: 0 its code exactly ("62.03", "bin"); 1 its name, a name it was evaluated under or an
        alias exactly, with or without the kind word ("Kapuas" is Kabupaten Kapuas); 2 a name that starts
        with it (Kabupaten Kapuas Hulu); 3 the rest. By name within each."""
        text = " ".join(text.split())
        if not text:
            return self
        written = [text] + [f"{word} {text}" for word in NAME_PREFIXES]
        exact, starting = Q(), Q()
        for form in written:
            exact |= Q(name__iexact=form)
            starting |= Q(name__istartswith=form)
        other_names = InstanceName.objects.filter(instance=OuterRef("pk"), name__iexact=text)
        return self.annotate(
            closeness=Case(
                When(code__iexact=text, then=Value(0)),
                When(exact | Q(Exists(other_names)), then=Value(1)),
                When(starting, then=Value(2)),
                default=Value(3),
            )
        ).order_by("closeness", "name", "code")


# The kind words regional names start with in the register: typed without them, a name still matches whole.
NAME_PREFIXES = ("Kabupaten", "Kota", "Provinsi")


class Instance(models.Model):
    """An evaluated instance: a province, regency or city government (keyed by its Kemendagri code), or a
    ministry or agency (keyed by a short identifier of its own, kept when the body is renamed)."""

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KEMENTERIAN = "kementerian", _("Ministry")
        LEMBAGA = "lembaga", _("Agency")

    REGIONAL = (Kind.PROVINSI, Kind.KABUPATEN, Kind.KOTA)
    CENTRAL = (Kind.KEMENTERIAN, Kind.LEMBAGA)

    code = models.CharField(
        _("code"),
        max_length=30,
        primary_key=True,
        help_text=_(
            'The Kemendagri code of a regional government ("62", "63.11"); a short identifier of a central agency ("kemenkeu").'
        ),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = line_field(
        _("name"), max_length=200, help_text=_("The current name; earlier names are kept per year.")
    )
    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instance",
    )
    group = line_field(
        _("group"),
        max_length=100,
        blank=True,
        help_text=_("A central agency's group as the reports print it (LPNK, LNS, ...)."),
    )
    kemenpanrb_code = models.CharField(
        _("KemenPANRB code"),
        max_length=10,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("KemenPANRB's instance code has four digits."))],
        help_text=_(
            "KemenPANRB's own numeric code of the instance: it links a body across years and renamings."
        ),
    )

    objects = InstanceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("evaluated instance")
        verbose_name_plural = _("evaluated instances")
        constraints = [
            models.CheckConstraint(
                condition=(
                    # NULL = code is not false in SQL: a regional government's region must be named explicitly.
                    Q(
                        kind__in=["provinsi", "kabupaten", "kota"],
                        region__isnull=False,
                        region_id=models.F("code"),
                        group="",
                    )
                    | Q(kind__in=["kementerian", "lembaga"], region__isnull=True, code__regex=AGENCY_CODE)
                ),
                name="instance_regional_has_its_region",
                violation_error_message=_(
                    "A regional government is its region (same code); a central agency has no region and a "
                    "code of lowercase letters, digits and hyphens."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url_for(self.kind, self.code)

    @property
    def choice_label(self) -> str:
        """The instance as a picker names it, so that two alike names cannot be confused: "Kabupaten Kapuas —
        62.03 · kabupaten · Kalimantan Tengah", "Badan Intelijen Negara — bin · lembaga · Alat Negara"."""
        within = self.region.province.name if self.region_id and self.region.province_id else self.group
        details = [self.code, self.get_kind_display().lower(), within]
        return f"{self.name} — {' · '.join(detail for detail in details if detail)}"

    @classmethod
    def url_for(cls, kind: str, code: str) -> str:
        """A region's page by its Kemendagri code, an agency's by its identifier (for plain rows too)."""
        return reverse("indices:region" if kind in cls.REGIONAL else "indices:agency", args=[code])

    @property
    def is_regional(self) -> bool:
        return self.kind in self.REGIONAL

    @property
    def is_province(self) -> bool:
        return self.kind == self.Kind.PROVINSI

    @property
    def province_code(self) -> str | None:
        """The province of a regency or city; None for a province or an agency."""
        return self.region.province_id if self.region_id else None


class InstanceName(models.Model):
    """The name an instance was evaluated under in one year, and its group that year, as the report printed
    them (Kejaksaan Agung was under Alat Negara in 2023 and under Sekretariat Jenderal Lembaga Negara in 2024)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="names")
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    name = line_field(_("name"), max_length=200)
    group = line_field(
        _("group"),
        max_length=100,
        blank=True,
        help_text=_("The group the year's report printed the agency under; empty where it printed none."),
    )

    class Meta:
        ordering = ["instance", "year"]
        verbose_name = _("name in a year")
        verbose_name_plural = _("names per year")
        constraints = [
            models.UniqueConstraint(fields=["instance", "year"], name="instance_name_one_per_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.name}"


class InstanceAlias(models.Model):
    """A name people use for an agency besides the names it was evaluated under: an official abbreviation
    ("PANRB", "Kementerian BUMN") or another official name, earlier or later ("Komdigi" for the ministry
    evaluated as Kementerian Komunikasi dan Informatika). The importer and the place search recognise them."""

    class Kind(models.TextChoices):
        ABBREVIATION = "singkatan", _("official abbreviation")
        OTHER_NAME = "nama", _("earlier or later official name")

    instance = models.ForeignKey(
        Instance, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = line_field(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ABBREVIATION)

    class Meta:
        ordering = ["instance", "name"]
        verbose_name = _("name people use")
        verbose_name_plural = _("names people use")
        constraints = [models.UniqueConstraint(Lower("name"), name="instance_alias_one_instance_per_name")]

    def __str__(self):
        return self.name

    def clean(self):
        # An alias that is another instance's code or name would make that one ambiguous.
        taken = (
            Instance.objects.exclude(pk=self.instance_id)
            .filter(Q(code__iexact=self.name) | Q(name__iexact=self.name) | Q(names__name__iexact=self.name))
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "name": _("“%(name)s” already names %(other)s.")
                    % {"name": self.name, "other": taken.choice_label}
                }
            )


class Succession(models.Model):
    """A body that merged into another, was split, raised to a ministry or dissolved, and what followed it:
    each keeps its own page and history, and the successor's page names its predecessors."""

    predecessor = models.ForeignKey(
        Instance, verbose_name=_("predecessor"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Instance, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="predecessions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    event = line_field(_("what happened"), max_length=300)
    basis = line_field(_("legal basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "predecessor"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_one_per_pair"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.year})"
