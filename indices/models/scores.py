"""Scores: an instance's index for one evaluation year as published, with its domain and aspect values."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from indices.models.frameworks import (
    FIRST_YEAR,
    LAST_YEAR,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_RANGE_MESSAGE,
    YEAR_RANGE_MESSAGE,
    Band,
    Framework,
    future_year_problem,
    part_in_range,
    score_field,
    score_in_range,
    year_field,
    year_in_range,
)
from indices.models.instances import Instance
from indices.models.published import (
    OFFICIAL_STATUSES,
    InstanceRecordQuerySet,
    NodeValue,
    Published,
    Source,
    figure_kind,
)
from regions.models import Region


class ScoreQuerySet(InstanceRecordQuerySet):
    def official(self):
        """Scores that count as the year's result: final or carried over, never self-assessed."""
        return self.filter(status__in=OFFICIAL_STATUSES)

    def with_band(self):
        """Scores annotated in SQL with their framework's band: `band_predicate`, `band_colour`, `band_order`.

        The band is read from the unrounded index where the year's evaluation decided predicates before
        rounding (see `Score.unrounded_value`), else from the published index.
        """
        band = Band.objects.filter(framework=OuterRef("framework")).holding(
            Coalesce(OuterRef("unrounded_value"), OuterRef("value"))
        )
        return self.annotate(
            band_predicate=Subquery(band.values("predicate")[:1]),
            band_colour=Subquery(band.values("colour")[:1]),
            band_order=Subquery(band.values("order")[:1]),
        )

    def with_predicate(self, predicate: str):
        """Scores whose value falls in a band named `predicate` of their own framework."""
        return self.with_band().filter(band_predicate=predicate)

    def points(self) -> list[dict]:
        """Official scores as plain dicts, oldest year first, each with its band.

        Keys: code, name (as evaluated that year), kind, group, province, year, value, framework_id, predicate,
        colour, band_order, status, carried_from, source_kind (`FigureKind`: official, compiled or carried over),
        source_title, source_url, source_detail, source_publisher, source_date.

        The band is found in SQL (`with_band`'s rule, one subquery for its id) and its facts attached from
        the few bands there are; the name of the year comes by a join. Three subqueries per row for the
        band's fields and one for the name cost three times as much on PostgreSQL at national size.
        """
        return self._points(self.official())

    def reported_points(self) -> list[dict]:
        """Figures the press or a regional government reported, as `points()` gives results (their kind is
        "press"): never ranked, never a headline, shown beside the results."""
        return self._points(self.filter(status=Score.Status.REPORTED))

    def _points(self, scores) -> list[dict]:
        band = Band.objects.filter(framework=OuterRef("framework")).holding(
            Coalesce(OuterRef("unrounded_value"), OuterRef("value"))
        )
        rows = (
            scores.annotate(
                band_id=Subquery(band.values("id")[:1]),
                named=FilteredRelation("instance__names", condition=Q(instance__names__year=F("year"))),
            )
            .order_by("year", "instance_id")
            .values(
                "year",
                "value",
                "framework_id",
                "source_detail",
                "band_id",
                "status",
                "carried_from",
                source_publisher=F("source__publisher"),
                source_date=F("source__published_on"),
                source_kind_of=F("source__kind"),
                code=F("instance_id"),
                name=Coalesce(F("named__name"), F("instance__name")),
                kind=F("instance__kind"),
                group=Coalesce(NullIf(F("named__group"), Value("")), F("instance__group")),
                province=F("instance__region__province_id"),
                source_title=F("source__title"),
                source_url=F("source__url"),
            )
        )
        rows = list(rows)
        if not rows:
            return rows
        bands = {band["id"]: band for band in Band.objects.values("id", "predicate", "colour", "order")}
        for row in rows:
            row["source_kind"] = figure_kind(row["status"], row.pop("source_kind_of"))
            band = bands.get(row.pop("band_id"), {})
            row["predicate"], row["colour"], row["band_order"] = (
                band.get("predicate"),
                band.get("colour"),
                band.get("order"),
            )
        return rows

    def years(self) -> list[int]:
        """The evaluation years present, oldest first."""
        return list(self.order_by("year").values_list("year", flat=True).distinct())

    def counts_per_year(self) -> dict[int, int]:
        """How many instances each year's evaluation scored (final results: a value carried over from an
        earlier year is no evaluation of its own)."""
        rows = (
            self.filter(status=Score.Status.FINAL)
            .order_by()
            .values("year")
            .annotate(n=Count("pk"))
            .values_list("year", "n")
        )
        return dict(rows)


SCORE_SOURCE_REQUIRED = _("A published score needs its source.")


class Score(Published):
    """An instance's index for one evaluation year, as published in its source."""

    class Status(models.TextChoices):
        FINAL = "final", _("Final")
        SELF_ASSESSED = "self_assessed", _("Self-assessment")
        CARRIED_OVER = "carried_over", _("Carried over, not re-evaluated")
        REPORTED = "reported", _("Reported by the press or a regional government")

    SOURCE_REQUIRED = SCORE_SOURCE_REQUIRED

    instance = models.ForeignKey(
        Instance, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="scores"
    )
    year = year_field(_("evaluation year"))
    value = score_field(_("index"))
    unrounded_value = models.DecimalField(
        _("index before rounding"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Recomputed from the domain values where the year's predicates were decided before rounding."
        ),
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="scores",
        editable=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FINAL)
    carried_from = models.PositiveSmallIntegerField(
        _("carried over from"),
        null=True,
        blank=True,
        help_text=_("For a carried-over value: the year of the evaluation it comes from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["instance", "year"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=score_in_range,
                name="score_value_in_range",
                violation_error_message=SCORE_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="score_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
            Published.source_required("score_has_source", SCORE_SOURCE_REQUIRED),
            # Final and carried-over scores are both "the" result of a year: one per instance and year.
            models.UniqueConstraint(
                fields=["instance", "year"],
                condition=Q(status__in=OFFICIAL_STATUSES),
                name="score_one_official_per_instance_year",
                violation_error_message=_("This instance already has a final score for this year."),
            ),
            models.UniqueConstraint(
                fields=["instance", "year", "status"], name="score_unique_instance_year_status"
            ),
            # A carried-over value names the earlier year it comes from; no other score has one.
            models.CheckConstraint(
                condition=(
                    Q(status="carried_over") & Q(carried_from__isnull=False) & Q(carried_from__lt=F("year"))
                )
                | (~Q(status="carried_over") & Q(carried_from__isnull=True)),
                name="score_carried_over_names_its_year",
                violation_error_message=_(
                    "A carried-over value names the earlier evaluation year it comes from, and only it does."
                ),
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
        if not self.framework_id:
            return ""
        band = self.framework.band_for(
            self.unrounded_value if self.unrounded_value is not None else self.value
        )
        return band.predicate if band else ""

    @property
    def is_official(self) -> bool:
        return self.status in OFFICIAL_STATUSES

    @property
    def kind(self) -> str:
        """The kind of source this figure stands on (`FigureKind`), from its status and its source."""
        return figure_kind(self.status, self.source.kind if self.source_id else None)

    def clean(self):
        errors = {}
        if self.year is not None and (problem := future_year_problem(self.year)):
            errors["year"] = problem
        elif self.year is not None and FIRST_YEAR <= self.year <= LAST_YEAR:
            framework = Framework.objects.for_year(self.year)
            if framework is None:
                errors["year"] = _("No evaluation framework covers the year %(year)s.") % {"year": self.year}
            else:
                self.framework = framework
                # The field already refuses what lies outside 1.00-5.00; a narrower scale is the framework's.
                in_field_range = self.value is not None and SCORE_MIN <= self.value <= SCORE_MAX
                if in_field_range and (scale_error := framework.scale_error(self.value)):
                    errors["value"] = scale_error
        try:
            super().clean()
        except ValidationError as error:
            errors |= error.message_dict
        if self.source_id and (problem := self._source_kind_problem()):
            errors["source"] = problem
        if self.instance_id and self.year and self.is_official and self._official_duplicate_exists():
            errors["year"] = _("%(instance)s already has a final score for %(year)s.") % {
                "instance": self.instance,
                "year": self.year,
            }
        if errors:
            raise ValidationError(errors)

    def _source_kind_problem(self) -> str | None:
        """A press figure stands on a press source, and a result on a publication or compiled levels."""
        press = self.source.kind == Source.Kind.PRESS
        if self.status == self.Status.REPORTED and not press:
            return _("A figure reported by the press cites a press or regional statement as its source.")
        if self.status in OFFICIAL_STATUSES and press:
            return _(
                "A press or regional statement is not an evaluation result: enter it with the status "
                "“reported” (berita), beside the official result."
            )
        return None

    def _official_duplicate_exists(self) -> bool:
        return (
            Score.objects.official()
            .filter(instance_id=self.instance_id, year=self.year)
            .exclude(pk=self.pk)
            .exists()
        )


class ScoreValueQuerySet(models.QuerySet):
    def in_province(self, code: str):
        """Values of the province `code` and of every regency and city in it."""
        return self.filter(score__instance__region__in=Region.objects.in_province(code))

    def in_group(self, group: str):
        """Values of the scores `Score.objects.in_group` keeps."""
        return self.filter(score__in=Score.objects.in_group(group))

    def points(self):
        """Official scores' values as plain dicts: code, year, level, number, name, value."""
        return self._points(self.filter(score__status__in=OFFICIAL_STATUSES))

    def reported_points(self):
        """The values of figures the press reported, as `points()`: never mixed into the results' means."""
        return self._points(self.filter(score__status=Score.Status.REPORTED))

    def _points(self, values):
        return values.order_by("score__year", "score__instance_id", "node__level", "node__number").values(
            "value",
            code=F("score__instance_id"),
            year=F("score__year"),
            level=F("node__level"),
            number=F("node__number"),
            name=F("node__name"),
        )


class ScoreValue(NodeValue):
    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="node_values"
    )

    objects = ScoreValueQuerySet.as_manager()

    class Meta:
        ordering = ["score", "node"]
        verbose_name = _("domain or aspect value")
        verbose_name_plural = _("domain and aspect values")
        constraints = [
            models.UniqueConstraint(fields=["score", "node"], name="score_value_one_per_node"),
            models.CheckConstraint(condition=part_in_range, name="score_value_value_in_range"),
        ]
