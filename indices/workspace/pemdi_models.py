"""The workspace's records of a Pemerintah Digital evaluation besides levels and evidence: the assessor's
verdict on each evidence item (butir), and the scores other agencies publish, from which four indicators are
valued. Registered with the app through `indices.workspace.models`."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indices import pemdi
from indices.models.criteria import EvidenceItem
from indices.models.frameworks import SCORE_MAX, SCORE_MIN, score_validators, year_field, year_in_range
from indices.models.instances import Instance
from indices.models.published import Source
from indices.models.text import line_field, text_field


class ItemReviewQuerySet(models.QuerySet):
    def of(self, assessment):
        return self.filter(assessment_id=assessment.pk)


class ItemReview(models.Model):
    """The assessor's verdict on one evidence item of an assessment: accepted (diterima) or to revise
    (revisi) with a note. Given by a national reviewer or the provincial coordinator acting as internal
    assessor (`Access.can_assess_workspace`), never by the instance's operators; an item the operator adds a
    file to after a "revisi" waits for the assessor again."""

    class Status(models.TextChoices):
        WAITING = "belum", _("Waiting for the assessor")
        DITERIMA = "diterima", _("Accepted")
        REVISI = "revisi", _("To revise")

    assessment = models.ForeignKey(
        "indices.Assessment",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="item_reviews",
    )
    item = models.ForeignKey(
        EvidenceItem, verbose_name=_("evidence item"), on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(_("verdict"), max_length=10, choices=Status.choices, default=Status.WAITING)
    note = text_field(_("assessor's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemReviewQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "item"]
        verbose_name = _("evidence item verdict")
        verbose_name_plural = _("evidence item verdicts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_review_once"),
            models.CheckConstraint(
                condition=~Q(status="revisi") | ~Q(note=""),
                name="item_review_revisi_has_note",
                violation_error_message=_("Say what to revise."),
            ),
        ]

    in_workspace = True

    def __str__(self):
        return f"{self.assessment} · {self.item.code}: {self.get_status_display()}"

    def workspace_instance_id(self) -> str | None:
        return self.assessment.instance_id if self.assessment_id else None

    @classmethod
    def reopen(cls, assessment, item) -> bool:
        """An item returned for revision that the operator has answered waits for the assessor again (its
        note stays); whether there was one."""
        review = cls.objects.filter(assessment_id=assessment.pk, item=item, status=cls.Status.REVISI).first()
        if review is None:
            return False
        review.status = cls.Status.WAITING
        review.save(update_fields=["status", "updated_at"])
        return True

    def clean(self):
        if (
            self.assessment_id
            and self.item_id
            and self.item.node.framework_id != self.assessment.framework_id
        ):
            raise ValidationError({"item": _("Choose an evidence item of the evaluation's framework.")})


class AgencyIndex(models.TextChoices):
    """The other agencies' indices four Pemerintah Digital indicators are valued from."""

    SDI = "sdi", _("Indeks Satu Data Indonesia (SDI), Bappenas")
    SJIG = "sjig", _("Indeks Simpul Jaringan Informasi Geospasial (SJIG), BIG")
    IPS = "ips", _("Indeks Pembangunan Statistik (EPSS), BPS")
    SDI_INTEROPERABILITY = "sdi_interop", _("SDI, aspek Interoperabilitas Data, Bappenas")


# Which indicator each index values (pemdi-2026.json, `external_indices`; tested against it).
INDICATOR_OF = {
    AgencyIndex.SDI: 5,
    AgencyIndex.SJIG: 6,
    AgencyIndex.IPS: 7,
    AgencyIndex.SDI_INTEROPERABILITY: 18,
}
INDEX_OF = {number: index for index, number in INDICATOR_OF.items()}


def conversion_known(index: str) -> bool:
    """Whether a source gives how this index's score becomes the indicator's value (only SDI's for I5)."""
    try:
        pemdi.conversion(INDICATOR_OF[index])
    except pemdi.ConversionUnknown:
        return False
    return True


class AgencyScoreQuerySet(models.QuerySet):
    def of(self, instance_id: str, year: int):
        return self.filter(instance_id=instance_id, year=year).select_related("source")


class AgencyScore(models.Model):
    """An index another agency published for an instance and year (Bappenas's SDI, BIG's SJIG, BPS's EPSS),
    entered by a national administrator with its source. The indicator's value follows the modules'
    conversion where one is known (SDI 25 gives 2,00); elsewhere the administrator enters it."""

    instance = models.ForeignKey(
        Instance, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="agency_scores"
    )
    year = year_field(_("evaluation year"))
    index = models.CharField(_("index"), max_length=12, choices=AgencyIndex.choices)
    score = models.DecimalField(
        _("published score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    value = models.DecimalField(
        _("indicator value"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=score_validators,
        help_text=_("Only where no conversion is known: the value the indicator takes, 1.00–5.00."),
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+")
    source_detail = line_field(_("where in the source"), max_length=200, blank=True)
    note = text_field(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyScoreQuerySet.as_manager()

    class Meta:
        ordering = ["instance", "-year", "index"]
        verbose_name = _("other agency's score")
        verbose_name_plural = _("other agencies' scores")
        constraints = [
            models.UniqueConstraint(fields=["instance", "year", "index"], name="agency_score_once"),
            models.CheckConstraint(condition=year_in_range(), name="agency_score_year_in_range"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100)
                & (Q(value__isnull=True) | Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX)),
                name="agency_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.instance} {self.year}: {self.get_index_display()} {self.score}"

    @property
    def indicator(self) -> int:
        return INDICATOR_OF[self.index]

    @property
    def converted(self) -> bool:
        return conversion_known(self.index)

    @property
    def indicator_value(self) -> Decimal | None:
        """The value its indicator takes: converted from the score, or as entered where no conversion is
        known."""
        if self.converted:
            return pemdi.convert_external(self.indicator, self.score)
        return self.value

    def clean(self):
        if not self.index or self.score is None:
            return
        if self.converted:
            if self.value is not None:
                raise ValidationError(
                    {"value": _("This index's value follows the modules' conversion: leave the value empty.")}
                )
            try:
                pemdi.convert_external(self.indicator, self.score)
            except ValueError:
                raise ValidationError({"score": _("This score lies outside the index's bands.")}) from None
        elif self.value is None:
            unknown = _("No conversion of this index to the 1–5 scale is known: enter the indicator's value.")
            raise ValidationError({"value": unknown})
