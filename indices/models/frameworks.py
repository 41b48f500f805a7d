"""Evaluation frameworks as data: years in force, the scale, predicate bands and the tree of domains,
aspects and indicators with their weights."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices import scoring
from indices.facts import BandFacts, FrameworkFacts, Frameworks, NodeFacts, years_cover
from indices.formatting import format_score
from indices.models.text import line_field, text_field

SCORE_MIN = Decimal("1.00")
SCORE_MAX = Decimal("5.00")
SCORE_RANGE_MESSAGE = _("Score must be between 1.00 and 5.00.")
score_validators = [
    MinValueValidator(SCORE_MIN, message=SCORE_RANGE_MESSAGE),
    MaxValueValidator(SCORE_MAX, message=SCORE_RANGE_MESSAGE),
]
# The database's last word on any index, domain or aspect value: the widest scale any framework uses.
score_in_range = Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX)


# A domain's or aspect's value may fall below the index's scale: KemenPANRB printed Kab. Banyuasin's 2023
# Layanan domain as 0.30 (with an index of 1.05 that these values give), so part values run from 0.00.
PART_MIN = Decimal("0.00")
PART_RANGE_MESSAGE = _("A domain or aspect value must be between 0.00 and 5.00.")
part_in_range = Q(value__gte=PART_MIN, value__lte=SCORE_MAX)


def part_field(verbose_name, **options) -> models.DecimalField:
    validators = [
        MinValueValidator(PART_MIN, message=PART_RANGE_MESSAGE),
        MaxValueValidator(SCORE_MAX, message=PART_RANGE_MESSAGE),
    ]
    return models.DecimalField(verbose_name, max_digits=3, decimal_places=2, validators=validators, **options)


def score_field(verbose_name, **options) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=3, decimal_places=2, validators=score_validators, **options
    )


# The years the portal holds: SPBE was first evaluated in 2018, and no plan reaches past the national
# long-term plan (RPJPN 2025-2045). The database refuses any other year; an evaluation result may not be
# for a year still to come (`future_year_problem`).
FIRST_YEAR = 2018
LAST_YEAR = 2045
YEAR_RANGE_MESSAGE = _("The year must be between 2018 (the first SPBE evaluation) and 2045.")


def year_in_range(field: str = "year") -> Q:
    return Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})


def year_field(verbose_name, **options) -> models.PositiveSmallIntegerField:
    validators = [
        MinValueValidator(FIRST_YEAR, message=YEAR_RANGE_MESSAGE),
        MaxValueValidator(LAST_YEAR, message=YEAR_RANGE_MESSAGE),
    ]
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **options)


def year_problem(year: int, evaluated: bool) -> str | None:
    """Why `year` cannot hold a figure (an evaluation result when `evaluated`, else a plan), or None."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return str(YEAR_RANGE_MESSAGE)
    return future_year_problem(year) if evaluated else None


def future_year_problem(year: int) -> str | None:
    """An evaluation result cannot be for a year still to come (the range is the year field's own check)."""
    if FIRST_YEAR <= year <= LAST_YEAR and year > timezone.localdate().year:
        return str(_("%(year)s has not come yet: there is no evaluation result for it.") % {"year": year})
    return None


class FrameworkQuerySet(models.QuerySet):
    def scoring_levels(self):
        """Frameworks whose every indicator has a weight, so that indicator levels give an index: those a
        workspace can score (SPBE 2018 publishes domain and aspect weights only)."""
        unweighted = FrameworkNode.objects.filter(
            framework=OuterRef("pk"), level=FrameworkNode.Level.INDICATOR, weight__isnull=True
        )
        weighted = FrameworkNode.objects.filter(framework=OuterRef("pk"), level=FrameworkNode.Level.INDICATOR)
        return self.filter(Exists(weighted), ~Exists(unweighted))

    def covering(self, year: int):
        """Frameworks whose evaluation years include `year` (at most one when data is valid)."""
        return self.filter(Q(first_year__lte=year), Q(last_year__isnull=True) | Q(last_year__gte=year))

    def for_year(self, year: int):
        """The framework used for evaluation year `year`, with its bands prefetched, or None."""
        return self.covering(year).prefetch_related("bands").first()

    def facts(self) -> Frameworks:
        """Every framework with its bands and tree as plain records, oldest first: three queries in all."""
        return Frameworks(
            FrameworkFacts(
                id=framework.pk,
                slug=framework.slug,
                name=framework.name,
                first_year=framework.first_year,
                last_year=framework.last_year,
                scale=(framework.scale_min, framework.scale_max),
                bands=tuple(
                    BandFacts(band.predicate, band.lower, band.upper, band.colour, band.order)
                    for band in sorted(framework.bands.all(), key=lambda band: band.lower)
                ),
                nodes=tuple(node.facts() for node in framework.nodes.all()),
            )
            for framework in self.order_by("first_year").prefetch_related("bands", "nodes")
        )


class Framework(models.Model):
    """An evaluation framework: its legal basis, years, scale, predicate bands and tree of weights."""

    slug = models.SlugField(unique=True)
    name = line_field(_("name"), max_length=100)
    legal_basis = line_field(_("legal basis"), max_length=200)
    first_year = year_field(_("first evaluation year"))
    last_year = year_field(
        _("last evaluation year"), null=True, blank=True, help_text=_("Empty while still in force.")
    )
    scale_min = score_field(_("lowest value of the scale"), default=SCORE_MIN)
    scale_max = score_field(_("highest value of the scale"), default=SCORE_MAX)
    whole_levels = models.BooleanField(
        _("whole levels"),
        default=True,
        help_text=_(
            "Indicator levels are whole numbers (SPBE); else values with two decimals (Pemerintah Digital)."
        ),
    )
    note = text_field(_("note"), blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("evaluation framework")
        verbose_name_plural = _("evaluation frameworks")
        constraints = [
            models.CheckConstraint(
                condition=year_in_range("first_year")
                & (Q(last_year__isnull=True) | year_in_range("last_year")),
                name="framework_years_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="framework_years_in_order",
                violation_error_message=_("The last year cannot come before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")),
                name="framework_scale_in_order",
                violation_error_message=_("The scale's lowest value must be below its highest."),
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

    def scale_error(self, value: Decimal | None) -> str | None:
        """Why `value` cannot be a score under this framework, or None."""
        if value is None or self.scale_min <= value <= self.scale_max:
            return None
        return _("The scale of %(framework)s runs from %(low)s to %(high)s.") % {
            "framework": self.name,
            "low": format_score(self.scale_min),
            "high": format_score(self.scale_max),
        }

    def level_problem(self, level: Decimal | None) -> str | None:
        """Why `level` cannot be an indicator's level under this framework, or None."""
        if level is None:
            return None
        if not self.scale_min <= level <= self.scale_max:
            return _("A level runs from %(low)s to %(high)s.") % {
                "low": format_score(self.scale_min),
                "high": format_score(self.scale_max),
            }
        if self.whole_levels and level != level.to_integral_value():
            return _("%(framework)s gives whole levels (1, 2, 3, 4 or 5).") % {"framework": self.name}
        return None

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


def validate_band_cover(bands, scale=(SCORE_MIN, SCORE_MAX)) -> None:
    """Refuse bands that leave a gap or overlap in the scale. `bands` holds (lower, upper) pairs."""
    low, high = scale
    ordered = sorted(bands)
    if not ordered:
        raise ValidationError(
            _("A framework needs predicate bands covering %(low)s to %(high)s.")
            % {"low": format_score(low), "high": format_score(high)}
        )
    expected = low
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
    if expected != high:
        raise ValidationError(
            _("The bands end at %(end)s instead of %(high)s.")
            % {"end": format_score(expected), "high": format_score(high)}
        )


class BandQuerySet(models.QuerySet):
    def holding(self, value):
        """The band a value falls in first: the highest lower bound not above it.

        Bands cover the scale without gaps (see validate_band_cover), so this is "lower inclusive, upper
        exclusive", with 5.00 in the top band. `value` may be an expression: the same rule then attaches
        a band to every score of a queryset in SQL (`ScoreQuerySet.with_band`).
        """
        return self.filter(lower__lte=value).order_by("-lower")

    def predicate_names(self) -> list[str]:
        """Every predicate name, lowest band first, each once (frameworks share most names)."""
        return list(dict.fromkeys(self.order_by("order", "lower").values_list("predicate", flat=True)))


class Band(models.Model):
    """One predicate band of a framework: lower bound inclusive, upper bound exclusive."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    predicate = line_field(_("predicate"), max_length=30)
    lower = score_field(_("lower bound"))
    upper = score_field(_("upper bound"))
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
                    "A band's lower bound must be below its upper bound, within 1.00-5.00."
                ),
            ),
            models.UniqueConstraint(fields=["framework", "predicate"], name="band_unique_predicate"),
            models.UniqueConstraint(fields=["framework", "order"], name="band_unique_order"),
        ]
        indexes = [models.Index(fields=["framework", "lower"])]

    def __str__(self):
        return f"{self.predicate} ({format_score(self.lower)}–{format_score(self.upper)})"


class FrameworkNode(models.Model):
    """A domain, aspect or indicator of a framework, with its weight in percent of the whole index.

    A domain's or aspect's weight is the sum of its children's; the top level sums to 100. A weight the
    regulation does not give (SPBE 2018) is left empty, never invented.
    """

    class Level(models.TextChoices):
        DOMAIN = "domain", _("Domain")
        ASPECT = "aspect", _("Aspect")
        INDICATOR = "indicator", _("Indicator")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    name = line_field(_("name"), max_length=300)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Percent of the whole index; empty where the regulation gives none."),
    )
    question = text_field(_("question"), blank=True)
    criteria = models.JSONField(
        _("level criteria"),
        default=list,
        blank=True,
        help_text=_("The criteria of levels 1 to 5, as the regulation words them."),
    )

    class Meta:
        ordering = ["framework", "level", "number"]
        verbose_name = _("framework component")
        verbose_name_plural = _("framework components")
        constraints = [
            models.UniqueConstraint(fields=["framework", "level", "number"], name="node_unique_number"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0, weight__lte=100),
                name="node_weight_in_range",
                violation_error_message=_("A weight is a percentage above 0 and at most 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.number} {self.name}"

    def facts(self) -> NodeFacts:
        return NodeFacts(self.pk, self.level, self.number, self.name, self.weight, self.parent_id)


def validate_tree(framework: Framework) -> None:
    """Refuse a framework whose stored tree does not add up (see `scoring.tree_problems`)."""
    problems = scoring.tree_problems([node.facts() for node in framework.nodes.all()])
    if problems:
        raise ValidationError(problems)
