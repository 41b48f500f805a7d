"""An evaluator's recommendations on an instance's assessment and their follow-up (tindak lanjut): private to
the workspace like the rest of `indices.workspace.models`, which registers them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indices.models.frameworks import FrameworkNode
from indices.models.text import EXPLANATION_LENGTH, line_field, text_field


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Recommendation.Status.SELESAI)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def listed(self, today):
        """With their evaluation year and node, ordered as the list opens: overdue first (the longest
        overdue first), then open ones by deadline, open ones without a deadline, done ones last."""
        done = Q(status=Recommendation.Status.SELESAI)
        urgency = Case(When(done, then=Value(2)), When(deadline__lt=today, then=Value(0)), default=Value(1))
        return (
            self.select_related("assessment", "node")
            .annotate(urgency=urgency)
            .order_by(
                "urgency", F("deadline").asc(nulls_last=True), "-assessment__year", "node__number", "pk"
            )
        )

    def counts(self, today) -> dict[str, int]:
        """{"open", "overdue", "done"}: how many are in each state, in one query."""
        done = Q(status=Recommendation.Status.SELESAI)
        return self.aggregate(
            open=Count("pk", filter=~done),
            overdue=Count("pk", filter=~done & Q(deadline__lt=today)),
            done=Count("pk", filter=done),
        )


class Recommendation(models.Model):
    """An evaluator's recommendation on an indicator or aspect, and its follow-up (tindak lanjut)."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Not started")
        PROSES = "proses", _("In progress")
        SELESAI = "selesai", _("Done")

    assessment = models.ForeignKey(
        "indices.Assessment",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("indicator or aspect"),
        on_delete=models.PROTECT,
        limit_choices_to={"level__in": [FrameworkNode.Level.ASPECT, FrameworkNode.Level.INDICATOR]},
    )
    text = text_field(_("recommendation"))
    action = text_field(_("follow-up action"), blank=True)
    unit = line_field(_("responsible unit (OPD)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BELUM)
    progress = text_field(_("progress notes"), max_length=EXPLANATION_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "deadline", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    in_workspace = True

    def __str__(self):
        return self.text[:80]

    def workspace_instance_id(self) -> str | None:
        return self.assessment.instance_id if self.assessment_id else None

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue(timezone.localdate()) is not None

    def days_overdue(self, today) -> int | None:
        """Days past the deadline while not done; None when it is not overdue."""
        if self.status == self.Status.SELESAI or self.deadline is None or self.deadline >= today:
            return None
        return (today - self.deadline).days

    def clean(self):
        if not (self.assessment_id and self.node_id):
            return
        node = self.node
        if node.framework_id != self.assessment.framework_id or node.level == FrameworkNode.Level.DOMAIN:
            raise ValidationError({"node": _("Choose an indicator or aspect of the evaluation's framework.")})
