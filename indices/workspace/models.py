"""An instance's own working data for an evaluation year, private to its workspace: the indicator levels it
claims and was given, the evidence (data dukung) behind them, and the evaluators' recommendations with
their follow-up (tindak lanjut). None of it is published: the public pages never read these tables."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices.models.criteria import EvidenceItem
from indices.models.frameworks import Framework, FrameworkNode, year_field, year_in_range
from indices.models.instances import Instance
from indices.models.text import EXPLANATION_LENGTH, line_field, text_field
from indices.workspace.files import validate_upload

# The Pemerintah Digital records (item verdicts, other agencies' scores) sit in their own module; imported
# here, they are registered with the app like the rest.
from indices.workspace.pemdi_models import AgencyScore, ItemReview  # noqa: F401
from indices.workspace.reminder_models import ReminderPreference, ReminderSent  # noqa: F401
from indices.workspace.review_models import Transition  # noqa: F401

LEVEL_MIN = Decimal("1.00")
LEVEL_MAX = Decimal("5.00")
LEVEL_RANGE_MESSAGE = _("A level must be between 1 and 5.")


def level_field(verbose_name, **options) -> models.DecimalField:
    """A maturity level: whole 1-5 under SPBE 2020, two decimals under Pemerintah Digital (the framework's
    `whole_levels` decides; see `Framework.level_problem`)."""
    validators = [
        MinValueValidator(LEVEL_MIN, message=LEVEL_RANGE_MESSAGE),
        MaxValueValidator(LEVEL_MAX, message=LEVEL_RANGE_MESSAGE),
    ]
    return models.DecimalField(
        verbose_name, max_digits=3, decimal_places=2, null=True, blank=True, validators=validators, **options
    )


def level_in_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": LEVEL_MIN, f"{field}__lte": LEVEL_MAX})


class AssessmentQuerySet(models.QuerySet):
    def of(self, instance: Instance, year: int):
        return self.filter(instance=instance, year=year).select_related("instance", "framework")


class Assessment(models.Model):
    """One instance's workspace for one evaluation year, under the framework in force that year, and where it
    stands in review (moved only by `indices.workspace.review`, which logs each move)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        FINAL = "final", _("Final")

    instance = models.ForeignKey(
        Instance, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = year_field(_("evaluation year"))
    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.PROTECT)
    state = models.CharField(
        _("review state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["instance", "-year"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "year"],
                name="assessment_one_per_instance_year",
                violation_error_message=_("This instance already has a workspace for this year."),
            ),
            models.CheckConstraint(condition=year_in_range(), name="assessment_year_in_range"),
        ]

    # Private to the instance's readers (`indices.access`), whatever record of the workspace is asked about.
    in_workspace = True

    def __str__(self):
        return f"{self.instance} {self.year}"

    def workspace_instance_id(self) -> str | None:
        return self.instance_id

    def clean(self):
        if self.year and self.framework_id and not self.framework.covers(self.year):
            raise ValidationError(
                {"framework": _("%(framework)s is not in force in %(year)s.")}
                % {"framework": self.framework, "year": self.year}
            )


class IndicatorLevel(models.Model):
    """One indicator of an assessment: the level claimed, the level given after external assessment, the
    explanation in the application's two parts, who answers for it, the level aimed at, and the reviewer's
    verdict on it."""

    class Review(models.TextChoices):
        PENDING = "", _("Not reviewed")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="levels")
    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": FrameworkNode.Level.INDICATOR},
    )
    self_level = level_field(_("self-assessed level"))
    final_level = level_field(_("final level"), help_text=_("After the external assessment."))
    target_level = level_field(_("target level"))
    fakta = text_field(
        _("facts"),
        max_length=EXPLANATION_LENGTH,
        blank=True,
        help_text=_("Fakta: what exists, as the application asks."),
    )
    analisis = text_field(
        _("analysis"),
        max_length=EXPLANATION_LENGTH,
        blank=True,
        help_text=_("Analisis: why it meets the level."),
    )
    prefilled_from = models.PositiveSmallIntegerField(
        _("prefilled from"),
        null=True,
        blank=True,
        help_text=_(
            "The year whose final level this self-assessed level was started from; cleared when the operator "
            "confirms it by saving the aspect."
        ),
    )
    unit = line_field(_("responsible unit (OPD)"), max_length=200, blank=True)
    supporting_units = line_field(_("supporting units"), max_length=300, blank=True)
    contact = line_field(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Who in the responsible unit answers for this indicator: name, and phone or e-mail."),
    )
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING, blank=True, editable=False
    )
    review_note = text_field(_("reviewer's note"), max_length=EXPLANATION_LENGTH, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "node__number"]
        verbose_name = _("indicator level")
        verbose_name_plural = _("indicator levels")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="indicator_level_once"),
            models.CheckConstraint(
                condition=level_in_range("self_level")
                & level_in_range("final_level")
                & level_in_range("target_level"),
                name="indicator_levels_in_range",
                violation_error_message=LEVEL_RANGE_MESSAGE,
            ),
        ]

    in_workspace = True

    def __str__(self):
        return f"{self.assessment} · {self.node}"

    def workspace_instance_id(self) -> str | None:
        return self.assessment.instance_id if self.assessment_id else None

    def workspace_node_id(self) -> int | None:
        return self.node_id

    def open_to_operators(self) -> bool:
        """Whether its operators and owner may write it: while the assessment is a draft, or once a reviewer
        returned it."""
        if not self.assessment_id:
            return True
        state = self.assessment.state
        return state == Assessment.State.DRAFT or (
            state == Assessment.State.RETURNED and self.review == self.Review.RETURNED
        )

    def clean(self):
        if not (self.assessment_id and self.node_id):
            return
        if (
            self.node.level != FrameworkNode.Level.INDICATOR
            or self.node.framework_id != self.assessment.framework_id
        ):
            raise ValidationError({"node": _("Choose an indicator of the assessment's framework.")})
        errors = {}
        for field in ("self_level", "final_level", "target_level"):
            problem = self.assessment.framework.level_problem(getattr(self, field))
            if problem:
                errors[field] = problem
        if errors:
            raise ValidationError(errors)


def evidence_path(evidence: "Evidence", filename: str) -> str:
    """Files sit under their instance and year; the stored name keeps only the extension the content
    check allowed, so no name a user typed reaches the disk."""
    level = evidence.level
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"{level.assessment.instance_id}/{level.assessment.year}/{level.node.number}-{stamp}.{extension}"


def evidence_storage():
    return storages["evidence"]


class EvidenceQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Evidence.Status.DITERIMA)


class Evidence(models.Model):
    """One supporting document (data dukung) of an indicator: a file or a link, for a level, with its status
    in the assessment and the assessor's note."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Not yet")
        DRAF = "draf", _("Draft")
        DIUNGGAH = "diunggah", _("Uploaded")
        DITERIMA = "diterima", _("Accepted")
        REVISI = "revisi", _("To revise")

    level = models.ForeignKey(
        IndicatorLevel, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = line_field(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        storage=evidence_storage,
        upload_to=evidence_path,
        blank=True,
        validators=[
            validate_upload
        ],  # by content, for any form that saves one (the workspace's, the admin's)
    )
    file_name = line_field(_("original file name"), max_length=200, blank=True, editable=False)
    link = models.URLField(_("link"), max_length=500, blank=True)
    supports_level = models.PositiveSmallIntegerField(
        _("supports level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    item = models.ForeignKey(
        EvidenceItem,
        verbose_name=_("evidence item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        help_text=_("The item (butir) this file or link answers, where the framework lists items."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BELUM)
    assessor_note = text_field(_("assessor's note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["level", "supports_level", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(supports_level__gte=1, supports_level__lte=5),
                name="evidence_level_in_range",
                violation_error_message=LEVEL_RANGE_MESSAGE,
            ),
            # Once submitted, an item is something the assessor can open.
            models.CheckConstraint(
                condition=Q(status__in=["belum", "draf"]) | ~Q(file="") | ~Q(link=""),
                name="evidence_submitted_has_file_or_link",
                violation_error_message=_(
                    "Evidence that is uploaded, accepted or to revise needs a file or a link."
                ),
            ),
        ]

    in_workspace = True

    def __str__(self):
        return self.title

    def workspace_instance_id(self) -> str | None:
        return self.level.workspace_instance_id() if self.level_id else None

    def workspace_node_id(self) -> int | None:
        return self.level.node_id if self.level_id else None


# The recommendations refer to the assessment: imported after it, registered with the app like the rest.
from indices.workspace.recommendation_models import Recommendation  # noqa: E402, F401
