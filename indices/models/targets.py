"""Targets: what an instance aims for in a year, from its planning documents (RPJMD, Renstra, Perjanjian
Kinerja), with their source."""

from decimal import Decimal

from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from indices.models.frameworks import (
    SCORE_RANGE_MESSAGE,
    YEAR_RANGE_MESSAGE,
    score_field,
    score_in_range,
    year_field,
    year_in_range,
)
from indices.models.instances import Instance
from indices.models.published import InstanceRecordQuerySet, Published
from indices.models.scores import Score
from indices.models.text import line_field

TARGET_SOURCE_REQUIRED = _("A published target needs its source.")


class TargetQuerySet(InstanceRecordQuerySet):
    def with_achieved(self):
        """Targets annotated with `achieved`: the official score of the same instance and year, or None."""
        achieved = Score.objects.official().filter(instance=OuterRef("instance"), year=OuterRef("year"))
        return self.annotate(achieved=Subquery(achieved.values("value")[:1]))

    def points(self):
        """Targets as dicts: code, year, value, document, quoted, source_detail, source_title, source_url."""
        return self.order_by("year").values(
            "year",
            "value",
            "document",
            "quoted",
            "source_detail",
            code=F("instance_id"),
            source_title=F("source__title"),
            source_url=F("source__url"),
        )


class Target(Published):
    """An instance's planned index for a year, from a planning document."""

    class Document(models.TextChoices):
        RPJMN = "rpjmn", "RPJMN"
        RPJMD = "rpjmd", "RPJMD"
        RENSTRA = "renstra", "Renstra"
        PERJANJIAN_KINERJA = "pk", _("Perjanjian Kinerja")
        OTHER = "other", _("Other")

    SOURCE_REQUIRED = TARGET_SOURCE_REQUIRED

    instance = models.ForeignKey(
        Instance, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="targets"
    )
    year = year_field(_("year"))
    value = score_field(_("target"))
    document = models.CharField(_("planning document"), max_length=10, choices=Document.choices)
    quoted = line_field(
        _("as quoted"),
        max_length=100,
        blank=True,
        help_text=_(
            'The source\'s own words when it gave no exact figure ("3 lebih"); the target field then holds the '
            "figure they imply, for the chart."
        ),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["instance", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=score_in_range,
                name="target_value_in_range",
                violation_error_message=SCORE_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="target_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
            Published.source_required("target_has_source", TARGET_SOURCE_REQUIRED),
            models.UniqueConstraint(
                fields=["instance", "year"],
                name="target_one_per_instance_year",
                violation_error_message=_("This instance already has a target for this year."),
            ),
        ]

    @property
    def gap(self) -> Decimal | None:
        """Score minus target (needs `with_achieved()`); negative means short of the target."""
        achieved = getattr(self, "achieved", None)
        return None if achieved is None else achieved - self.value
