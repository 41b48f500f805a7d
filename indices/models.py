from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from regions.models import Region

SCORE_MIN = Decimal("0.00")
SCORE_MAX = Decimal("5.00")
SCORE_RANGE_MESSAGE = _("Score must be between 0.00 and 5.00.")
score_validators = [
    MinValueValidator(SCORE_MIN, message=SCORE_RANGE_MESSAGE),
    MaxValueValidator(SCORE_MAX, message=SCORE_RANGE_MESSAGE),
]
score_in_range = Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX)


def format_score(value) -> str:
    """A score with two decimals in the active language: 2,87 in Indonesian, 2.87 in English."""
    return number_format(value, decimal_pos=2)


def readable_text(background: str) -> str:
    """Near-black or white, whichever contrasts more with a #rrggbb background (WCAG relative luminance)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    dark = 0.0109  # luminance of #1b1b1b
    return "#ffffff" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / (dark + 0.05)) else "#1b1b1b"


class FrameworkQuerySet(models.QuerySet):
    def covering(self, year: int):
        """Frameworks whose evaluation years include `year` (at most one when data is valid)."""
        return self.filter(Q(first_year__lte=year), Q(last_year__isnull=True) | Q(last_year__gte=year))

    def for_year(self, year: int):
        """The framework used for evaluation year `year`, with its bands prefetched, or None."""
        return self.covering(year).prefetch_related("bands").first()


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
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def band_for(self, value: Decimal) -> "Band | None":
        """The band holding `value`: the one with the highest lower bound not above it.

        Bands cover 0-5 without gaps (see validate_band_cover), so this equals "lower inclusive,
        upper exclusive", with 5.00 falling in the top band. Uses prefetched bands when present.
        A missing value (a form still being corrected) has no band.
        """
        if value is None:
            return None
        found = None
        for band in sorted(self.bands.all(), key=lambda b: b.lower):
            if band.lower <= value:
                found = band
        return found

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


class ScoreQuerySet(models.QuerySet):
    def official(self):
        """Scores that count as the year's result: final or carried over, never self-assessed."""
        return self.filter(status__in=Score.OFFICIAL_STATUSES)

    def real(self):
        """Published figures only, no sample data."""
        return self.filter(is_sample=False)

    def with_bands(self):
        """Scores with region, framework and its bands loaded, so `.band` costs no query."""
        return self.select_related("region", "framework", "source").prefetch_related("framework__bands")

    def with_predicate(self, predicate: str):
        """Scores whose value falls in a band named `predicate` of their own framework."""
        condition = Q(pk__in=[])
        for band in Band.objects.filter(predicate=predicate):
            in_band = Q(framework_id=band.framework_id, value__gte=band.lower)
            in_band &= Q(value__lte=band.upper) if band.upper == SCORE_MAX else Q(value__lt=band.upper)
            condition |= in_band
        return self.filter(condition)

    def dataset(self, sample: bool):
        """Published figures, or generated sample data only: pages never mix the two."""
        return self.filter(is_sample=sample)

    def points(self):
        """Official scores as dicts: code, name, kind, province, year, value, framework_id, source_title, source_url."""
        return (
            self.official()
            .order_by("year", "region_id")
            .values(
                "year",
                "value",
                "framework_id",
                code=models.F("region_id"),
                name=models.F("region__name"),
                kind=models.F("region__kind"),
                province=models.F("region__province_id"),
                source_title=models.F("source__title"),
                source_url=models.F("source__url"),
            )
        )

    def years(self) -> list[int]:
        """The evaluation years present, oldest first."""
        return list(self.order_by("year").values_list("year", flat=True).distinct())


class Score(models.Model):
    """A region's index for one evaluation year, as published in its source."""

    class Status(models.TextChoices):
        FINAL = "final", _("Final")
        SELF_ASSESSED = "self_assessed", _("Self-assessment")
        CARRIED_OVER = "carried_over", _("Carried over, not re-evaluated")

    OFFICIAL_STATUSES = [Status.FINAL, Status.CARRIED_OVER]

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
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="scores",
        null=True,
        blank=True,
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated to fill charts; never an official figure.")
    )
    note = models.TextField(_("note"), blank=True)
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
            models.CheckConstraint(
                condition=Q(is_sample=True) | Q(source__isnull=False),
                name="score_real_has_source",
                violation_error_message=_("A published score needs its source."),
            ),
            # Final and carried-over scores are both "the" result of a year: one per region and year.
            # Sample data is a dataset of its own, so it may sit where a published figure exists.
            models.UniqueConstraint(
                fields=["region", "year", "is_sample"],
                condition=Q(status__in=["final", "carried_over"]),
                name="score_one_official_per_region_year",
                violation_error_message=_("This region already has a final score for this year."),
            ),
            models.UniqueConstraint(
                fields=["region", "year", "status", "is_sample"], name="score_unique_region_year_status"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.region} {self.year}: {format_score(self.value)}"

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
    def band(self) -> Band | None:
        return self.framework.band_for(self.value)

    @property
    def predicate(self) -> str:
        band = self.band
        return band.predicate if band else ""

    @property
    def is_official(self) -> bool:
        return self.status in self.OFFICIAL_STATUSES

    def clean(self):
        errors = {}
        if self.year is not None:
            framework = Framework.objects.for_year(self.year)
            if framework is None:
                errors["year"] = _("No evaluation framework covers the year %(year)s.") % {"year": self.year}
            else:
                self.framework = framework
        if not self.is_sample and self.source_id is None:
            errors["source"] = _("A published score needs its source.")
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


class TargetQuerySet(models.QuerySet):
    def with_achieved(self):
        """Targets annotated with `achieved`: the official score of the same region and year, or None."""
        achieved = Score.objects.official().filter(region=OuterRef("region"), year=OuterRef("year"))
        return self.annotate(achieved=Subquery(achieved.values("value")[:1]))

    def dataset(self, sample: bool):
        return self.filter(is_sample=sample)

    def points(self):
        """Targets as dicts: code, year, value."""
        return self.order_by("year").values("year", "value", code=models.F("region_id"))


class Target(models.Model):
    """A region's planned index for a year, from a planning document."""

    class Document(models.TextChoices):
        RPJMN = "rpjmn", "RPJMN"
        RPJMD = "rpjmd", "RPJMD"
        RENSTRA = "renstra", "Renstra"
        PERJANJIAN_KINERJA = "pk", _("Perjanjian Kinerja")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=3, decimal_places=2, validators=score_validators)
    document = models.CharField(_("planning document"), max_length=10, choices=Document.choices)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    note = models.TextField(_("note"), blank=True)

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
            models.CheckConstraint(
                condition=Q(is_sample=True) | Q(source__isnull=False),
                name="target_real_has_source",
                violation_error_message=_("A published target needs its source."),
            ),
            models.UniqueConstraint(
                fields=["region", "year", "is_sample"],
                name="target_one_per_region_year",
                violation_error_message=_("This region already has a target for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}: {format_score(self.value)}"

    @property
    def gap(self) -> Decimal | None:
        """Score minus target (needs `with_achieved()`); negative means short of the target."""
        achieved = getattr(self, "achieved", None)
        return None if achieved is None else achieved - self.value

    def clean(self):
        if not self.is_sample and self.source_id is None:
            raise ValidationError({"source": _("A published target needs its source.")})


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
