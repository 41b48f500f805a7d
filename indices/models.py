from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from indices.facts import BandFacts, FrameworkFacts, Frameworks, years_cover
from indices.formatting import format_score
from regions.models import Region

SCORE_MIN = Decimal("0.00")
SCORE_MAX = Decimal("5.00")
SCORE_RANGE_MESSAGE = _("Score must be between 0.00 and 5.00.")
score_validators = [
    MinValueValidator(SCORE_MIN, message=SCORE_RANGE_MESSAGE),
    MaxValueValidator(SCORE_MAX, message=SCORE_RANGE_MESSAGE),
]
score_in_range = Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX)


# Final and carried-over scores are each "the" result of their year; a self-assessment never is.
OFFICIAL_STATUSES = ("final", "carried_over")


class FrameworkQuerySet(models.QuerySet):
    def covering(self, year: int):
        """Frameworks whose evaluation years include `year` (at most one when data is valid)."""
        return self.filter(Q(first_year__lte=year), Q(last_year__isnull=True) | Q(last_year__gte=year))

    def for_year(self, year: int):
        """The framework used for evaluation year `year`, with its bands prefetched, or None."""
        return self.covering(year).prefetch_related("bands").first()

    def facts(self) -> Frameworks:
        """Every framework with its bands as plain records, oldest first: two queries for a whole page."""
        return Frameworks(
            FrameworkFacts(
                id=framework.pk,
                name=framework.name,
                first_year=framework.first_year,
                last_year=framework.last_year,
                bands=tuple(
                    BandFacts(band.predicate, band.lower, band.upper, band.colour, band.order)
                    for band in sorted(framework.bands.all(), key=lambda band: band.lower)
                ),
            )
            for framework in self.order_by("first_year").prefetch_related("bands")
        )


class Framework(models.Model):
    """An evaluation framework: its legal basis, the years it is used for and its predicate bands."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first evaluation year"))
    last_year = models.PositiveSmallIntegerField(
        _("last evaluation year"), null=True, blank=True, help_text=_("Empty while still in force.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("evaluation framework")
        verbose_name_plural = _("evaluation frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="framework_years_in_order",
                violation_error_message=_("The last year cannot come before the first year."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.years_label})"

    @property
    def years_label(self) -> str:
        if self.last_year is None:
            return f"{self.first_year}–"
        return f"{self.first_year}–{self.last_year}"

    def covers(self, year: int) -> bool:
        return years_cover(self.first_year, self.last_year, year)

    def band_for(self, value: Decimal | None) -> "Band | None":
        """The band holding `value`, or None for a missing value (a form still being corrected)."""
        return None if value is None else self.bands.holding(value).first()

    def clean(self):
        if self.first_year is None:
            return
        others = Framework.objects.exclude(pk=self.pk)
        last = self.last_year if self.last_year is not None else 9999
        overlapping = others.filter(
            Q(first_year__lte=last), Q(last_year__isnull=True) | Q(last_year__gte=self.first_year)
        ).first()
        if overlapping:
            raise ValidationError(
                _("Years %(years)s overlap with %(other)s.")
                % {"years": f"{self.first_year}–{self.last_year or ''}", "other": overlapping}
            )


def validate_band_cover(bands) -> None:
    """Refuse bands that leave a gap or overlap in 0.00-5.00. `bands` holds (lower, upper) pairs."""
    ordered = sorted(bands)
    if not ordered:
        raise ValidationError(_("A framework needs predicate bands covering 0.00 to 5.00."))
    expected = SCORE_MIN
    for lower, upper in ordered:
        if lower > expected:
            raise ValidationError(
                _("The bands leave a gap from %(start)s to %(end)s.")
                % {"start": format_score(expected), "end": format_score(lower)}
            )
        if lower < expected:
            raise ValidationError(
                _("The bands overlap from %(start)s to %(end)s.")
                % {"start": format_score(lower), "end": format_score(expected)}
            )
        expected = upper
    if expected != SCORE_MAX:
        raise ValidationError(
            _("The bands end at %(end)s instead of 5.00.") % {"end": format_score(expected)}
        )


class BandQuerySet(models.QuerySet):
    def holding(self, value):
        """The band a value falls in first: the highest lower bound not above it.

        Bands cover 0-5 without gaps (see validate_band_cover), so this is "lower inclusive, upper
        exclusive", with 5.00 in the top band. `value` may be an `OuterRef`: the same rule then
        attaches a band to every score of a queryset in SQL (`ScoreQuerySet.with_band`).
        """
        return self.filter(lower__lte=value).order_by("-lower")

    def predicate_names(self) -> list[str]:
        """Every predicate name, lowest band first, each once (frameworks share most names)."""
        return list(dict.fromkeys(self.order_by("order", "lower").values_list("predicate", flat=True)))


class Band(models.Model):
    """One predicate band of a framework: lower bound inclusive, upper bound exclusive."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    predicate = models.CharField(_("predicate"), max_length=30)
    lower = models.DecimalField(_("lower bound"), max_digits=3, decimal_places=2, validators=score_validators)
    upper = models.DecimalField(_("upper bound"), max_digits=3, decimal_places=2, validators=score_validators)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1a9850."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 for the lowest band."))

    objects = BandQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__lt=models.F("upper")) & Q(lower__gte=SCORE_MIN, upper__lte=SCORE_MAX),
                name="band_bounds_in_order",
                violation_error_message=_(
                    "A band's lower bound must be below its upper bound, within 0.00-5.00."
                ),
            ),
            models.UniqueConstraint(fields=["framework", "predicate"], name="band_unique_predicate"),
            models.UniqueConstraint(fields=["framework", "order"], name="band_unique_order"),
        ]

    def __str__(self):
        return f"{self.predicate} ({format_score(self.lower)}–{format_score(self.upper)})"


class Source(models.Model):
    """Where a figure was published: a decree, an evaluation report, an official page or news article."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    document = models.CharField(
        _("document"),
        max_length=300,
        blank=True,
        help_text=_("Decree number or report, when there is no URL."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(document=""),
                name="source_has_url_or_document",
                violation_error_message=_("A source needs a URL or a document reference."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class NationalIndex(models.Model):
    """The national SPBE index of a year as KemenPANRB published it (not computed by the portal)."""

    year = models.PositiveSmallIntegerField(_("evaluation year"), unique=True)
    value = models.DecimalField(_("index"), max_digits=3, decimal_places=2, validators=score_validators)
    instances_evaluated = models.PositiveSmallIntegerField(_("instances evaluated"), null=True, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("national index")
        verbose_name_plural = _("national index")
        constraints = [
            models.CheckConstraint(
                condition=score_in_range,
                name="national_value_in_range",
                violation_error_message=SCORE_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.year}: {format_score(self.value)}"


class RegionalQuerySet(models.QuerySet):
    """Reads shared by every record kept per region and year (scores and targets)."""

    def dataset(self, sample: bool):
        """Published figures, or generated sample data only: pages never mix the two."""
        return self.filter(is_sample=sample)

    def real(self):
        """Published figures only, no sample data."""
        return self.dataset(False)

    def in_province(self, code: str):
        """Records of the province `code` and of every regency and city in it."""
        return self.filter(region__in=Region.objects.in_province(code))


class Published(models.Model):
    """What a published figure carries besides its value: where it was published, a note, a sample flag.

    A real (not sample) record needs its source; each concrete model words that rule once, in
    `SOURCE_REQUIRED`, for its constraint, its form and the importer.
    """

    SOURCE_REQUIRED: str  # each concrete model words the rule for its own kind of record

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        null=True,
        blank=True,
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated to fill charts; never an official figure.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.region} {self.year}: {format_score(self.value)}"

    @staticmethod
    def source_required(name: str, message) -> models.CheckConstraint:
        """The database's side of the rule: sample data, or a source."""
        return models.CheckConstraint(
            condition=Q(is_sample=True) | Q(source__isnull=False), name=name, violation_error_message=message
        )

    def clean(self):
        if not self.is_sample and self.source_id is None:
            raise ValidationError({"source": self.SOURCE_REQUIRED})


class ScoreQuerySet(RegionalQuerySet):
    def official(self):
        """Scores that count as the year's result: final or carried over, never self-assessed."""
        return self.filter(status__in=OFFICIAL_STATUSES)

    def with_band(self):
        """Scores annotated in SQL with their framework's band: `band_predicate`, `band_colour`, `band_order`."""
        band = Band.objects.filter(framework=OuterRef("framework")).holding(OuterRef("value"))
        return self.annotate(
            band_predicate=Subquery(band.values("predicate")[:1]),
            band_colour=Subquery(band.values("colour")[:1]),
            band_order=Subquery(band.values("order")[:1]),
        )

    def with_predicate(self, predicate: str):
        """Scores whose value falls in a band named `predicate` of their own framework."""
        return self.with_band().filter(band_predicate=predicate)

    def points(self):
        """Official scores as plain dicts, oldest year first, each with its band.

        Keys: code, name, kind, province, year, value, framework_id, predicate, colour, band_order,
        source_title, source_url.
        """
        return (
            self.official()
            .with_band()
            .order_by("year", "region_id")
            .values(
                "year",
                "value",
                "framework_id",
                code=F("region_id"),
                name=F("region__name"),
                kind=F("region__kind"),
                province=F("region__province_id"),
                predicate=F("band_predicate"),
                colour=F("band_colour"),
                band_order=F("band_order"),
                source_title=F("source__title"),
                source_url=F("source__url"),
            )
        )

    def years(self) -> list[int]:
        """The evaluation years present, oldest first."""
        return list(self.order_by("year").values_list("year", flat=True).distinct())


SCORE_SOURCE_REQUIRED = _("A published score needs its source.")
TARGET_SOURCE_REQUIRED = _("A published target needs its source.")


class Score(Published):
    """A region's index for one evaluation year, as published in its source."""

    class Status(models.TextChoices):
        FINAL = "final", _("Final")
        SELF_ASSESSED = "self_assessed", _("Self-assessment")
        CARRIED_OVER = "carried_over", _("Carried over, not re-evaluated")

    SOURCE_REQUIRED = SCORE_SOURCE_REQUIRED

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    value = models.DecimalField(_("index"), max_digits=3, decimal_places=2, validators=score_validators)
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="scores",
        editable=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FINAL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=score_in_range,
                name="score_value_in_range",
                violation_error_message=SCORE_RANGE_MESSAGE,
            ),
            Published.source_required("score_real_has_source", SCORE_SOURCE_REQUIRED),
            # Final and carried-over scores are both "the" result of a year: one per region and year.
            # Sample data is a dataset of its own, so it may sit where a published figure exists.
            models.UniqueConstraint(
                fields=["region", "year", "is_sample"],
                condition=Q(status__in=OFFICIAL_STATUSES),
                name="score_one_official_per_region_year",
                violation_error_message=_("This region already has a final score for this year."),
            ),
            models.UniqueConstraint(
                fields=["region", "year", "status", "is_sample"], name="score_unique_region_year_status"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def save(self, *args, **kwargs):
        # The framework follows from the year; no one picks it by hand.
        if self.framework_id is None or not self.framework.covers(self.year):
            framework = Framework.objects.for_year(self.year)
            if framework is None:
                raise ValidationError(
                    {"year": _("No evaluation framework covers the year %(year)s.") % {"year": self.year}}
                )
            self.framework = framework
        super().save(*args, **kwargs)

    @property
    def predicate(self) -> str:
        """The predicate of the band holding the value: read from `with_band()` when the score came with it."""
        if hasattr(self, "band_predicate"):
            return self.band_predicate or ""
        band = self.framework.band_for(self.value) if self.framework_id else None
        return band.predicate if band else ""

    @property
    def is_official(self) -> bool:
        return self.status in OFFICIAL_STATUSES

    def clean(self):
        errors = {}
        if self.year is not None:
            framework = Framework.objects.for_year(self.year)
            if framework is None:
                errors["year"] = _("No evaluation framework covers the year %(year)s.") % {"year": self.year}
            else:
                self.framework = framework
        try:
            super().clean()
        except ValidationError as error:
            errors |= error.message_dict
        if self.region_id and self.year and self.is_official and self._official_duplicate_exists():
            errors["year"] = _("%(region)s already has a final score for %(year)s.") % {
                "region": self.region,
                "year": self.year,
            }
        if errors:
            raise ValidationError(errors)

    def _official_duplicate_exists(self) -> bool:
        return (
            Score.objects.official()
            .filter(region_id=self.region_id, year=self.year, is_sample=self.is_sample)
            .exclude(pk=self.pk)
            .exists()
        )


class TargetQuerySet(RegionalQuerySet):
    def with_achieved(self):
        """Targets annotated with `achieved`: the official score of the same region and year, or None."""
        achieved = Score.objects.official().filter(region=OuterRef("region"), year=OuterRef("year"))
        return self.annotate(achieved=Subquery(achieved.values("value")[:1]))

    def points(self):
        """Targets as dicts: code, year, value."""
        return self.order_by("year").values("year", "value", code=F("region_id"))


class Target(Published):
    """A region's planned index for a year, from a planning document."""

    class Document(models.TextChoices):
        RPJMN = "rpjmn", "RPJMN"
        RPJMD = "rpjmd", "RPJMD"
        RENSTRA = "renstra", "Renstra"
        PERJANJIAN_KINERJA = "pk", _("Perjanjian Kinerja")
        OTHER = "other", _("Other")

    SOURCE_REQUIRED = TARGET_SOURCE_REQUIRED

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=3, decimal_places=2, validators=score_validators)
    document = models.CharField(_("planning document"), max_length=10, choices=Document.choices)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=score_in_range,
                name="target_value_in_range",
                violation_error_message=SCORE_RANGE_MESSAGE,
            ),
            Published.source_required("target_real_has_source", TARGET_SOURCE_REQUIRED),
            models.UniqueConstraint(
                fields=["region", "year", "is_sample"],
                name="target_one_per_region_year",
                violation_error_message=_("This region already has a target for this year."),
            ),
        ]

    @property
    def gap(self) -> Decimal | None:
        """Score minus target (needs `with_achieved()`); negative means short of the target."""
        achieved = getattr(self, "achieved", None)
        return None if achieved is None else achieved - self.value


class Revision(models.Model):
    """What a record held before an import or a hand edit replaced it: old values stay on record."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("previous source"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("previous note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.record}: {format_score(self.value)}"


class ScoreRevision(Revision):
    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="revisions"
    )
    value = models.DecimalField(_("previous index"), max_digits=3, decimal_places=2)
    status = models.CharField(_("previous status"), max_length=20, choices=Score.Status.choices)

    class Meta:
        ordering = ["score", "-changed_at"]
        verbose_name = _("score revision")
        verbose_name_plural = _("score revisions")

    @property
    def record(self):
        return self.score


class TargetRevision(Revision):
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="revisions"
    )
    value = models.DecimalField(_("previous target"), max_digits=3, decimal_places=2)
    document = models.CharField(
        _("previous planning document"), max_length=10, choices=Target.Document.choices
    )

    class Meta:
        ordering = ["target", "-changed_at"]
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")

    @property
    def record(self):
        return self.target
