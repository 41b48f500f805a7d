"""The national index as KemenPANRB published it, by evaluation year, with its domain values and target."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from indices.formatting import format_score
from indices.models.frameworks import (
    SCORE_RANGE_MESSAGE,
    YEAR_RANGE_MESSAGE,
    Band,
    future_year_problem,
    part_in_range,
    score_field,
    score_in_range,
    year_field,
    year_in_range,
)
from indices.models.published import NodeValue, Source
from indices.models.text import line_field, text_field


class NationalIndexQuerySet(models.QuerySet):
    def points(self):
        """The national index by year as plain dicts, oldest first, each with its framework and band.

        Keys: year, value, target, framework_id, predicate, colour, instances_evaluated, source_title,
        source_url, source_detail.
        """
        in_force = Q(framework__first_year__lte=OuterRef("year")) & (
            Q(framework__last_year__isnull=True) | Q(framework__last_year__gte=OuterRef("year"))
        )
        band = Band.objects.filter(in_force).holding(OuterRef("value"))
        return self.order_by("year").values(
            "year",
            "value",
            "target",
            "target_detail",
            "instances_evaluated",
            "source_detail",
            framework_id=Subquery(band.values("framework_id")[:1]),
            predicate=Subquery(band.values("predicate")[:1]),
            colour=Subquery(band.values("colour")[:1]),
            source_title=F("source__title"),
            source_url=F("source__url"),
        )


class NationalIndex(models.Model):
    """The national index of an evaluation year as KemenPANRB published it (not computed by the portal),
    with the year's national target and how that year's predicates were decided."""

    class PredicateBasis(models.TextChoices):
        ROUNDED = "rounded", _("the index rounded to two decimals")
        UNROUNDED = "unrounded", _("the index before rounding")

    year = year_field(_("evaluation year"), unique=True)
    value = score_field(_("index"))
    target = score_field(_("national target"), null=True, blank=True)
    target_detail = line_field(
        _("where the target is published"),
        max_length=200,
        blank=True,
        help_text=_("The document and place that hold the target; say so in words where none is recorded."),
    )
    instances_evaluated = models.PositiveSmallIntegerField(_("instances evaluated"), null=True, blank=True)
    good_or_better = models.PositiveSmallIntegerField(_("instances at Baik or better"), null=True, blank=True)
    predicate_basis = models.CharField(
        _("predicates decided on"),
        max_length=10,
        choices=PredicateBasis.choices,
        default=PredicateBasis.ROUNDED,
        help_text=_("What the year's predicates were read from, as the published tables show it."),
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+")
    source_detail = line_field(_("where in the source"), max_length=200, blank=True)
    note = text_field(_("note"), blank=True)

    objects = NationalIndexQuerySet.as_manager()

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
            models.CheckConstraint(
                condition=year_in_range(),
                name="national_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.year}: {format_score(self.value)}"

    def clean(self):
        if self.year is not None and (problem := future_year_problem(self.year)):
            raise ValidationError({"year": problem})

    @property
    def decides_before_rounding(self) -> bool:
        return self.predicate_basis == self.PredicateBasis.UNROUNDED


class NationalValue(NodeValue):
    national = models.ForeignKey(
        NationalIndex, verbose_name=_("national index"), on_delete=models.CASCADE, related_name="node_values"
    )

    class Meta:
        ordering = ["national", "node"]
        verbose_name = _("national domain value")
        verbose_name_plural = _("national domain values")
        constraints = [
            models.UniqueConstraint(fields=["national", "node"], name="national_value_one_per_node"),
            models.CheckConstraint(condition=part_in_range, name="national_value_value_in_range"),
        ]
