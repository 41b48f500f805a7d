"""The timeline of an assessment's review: every move of the assessment or of one of its indicators, who
made it, when, and the note that came with it. Written only by `indices.workspace.review`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indices.models.text import EXPLANATION_LENGTH, line_field, text_field


class Transition(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        REVIEW_STARTED = "review_started", _("review started")
        INDICATOR_RETURNED = "returned", _("indicator returned")
        INDICATOR_ACCEPTED = "accepted", _("indicator accepted")
        REVIEW_RETURNED = "review_returned", _("returned to the operator")
        REVIEW_ACCEPTED = "review_accepted", _("accepted")
        FINALISED = "finalised", _("external result entered")
        REOPENED = "reopened", _("opened again as a draft")

    assessment = models.ForeignKey(
        "indices.Assessment",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("assessment"),
    )
    node = models.ForeignKey(
        "indices.FrameworkNode",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    state = line_field(_("state after"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name as it was, kept when the account is gone.
    actor_name = line_field(_("by"), max_length=150, blank=True)
    note = text_field(_("note"), max_length=EXPLANATION_LENGTH, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    in_workspace = True

    def __str__(self):
        return f"{self.assessment} · {self.get_action_display()}"

    def workspace_instance_id(self) -> str | None:
        return self.assessment.instance_id if self.assessment_id else None

    def open_to_operators(self) -> bool:
        # Written by the review's own functions, never through a form or the admin.
        return False
