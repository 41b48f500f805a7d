"""Who may enter what: each staff account's roles, and the instance each role is for.

National administrators are Django superusers. Everyone else gets one or more assignments; what each role
may read and write is decided in one place, `indices.access`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indices.models.frameworks import FrameworkNode
from indices.models.instances import Instance


class Assignment(models.Model):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("Instance operator")
        COORDINATOR = "coordinator", _("Provincial coordinator")
        REVIEWER = "reviewer", _("Reviewer (read only)")
        ASSESSOR = "assessor", _("Internal assessor")
        RESPONSIBLE = "responsible", _("Indicator owner (penanggung jawab)")

    # The roles that are for one instance: an operator's own, a coordinator's province, an internal
    # assessor's instance, an indicator owner's instance (with the indicator).
    SCOPED = (Role.OPERATOR, Role.COORDINATOR, Role.ASSESSOR, Role.RESPONSIBLE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    instance = models.ForeignKey(
        Instance,
        verbose_name=_("instance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("The operator's instance; the coordinator's province. Empty for a reviewer."),
    )
    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": FrameworkNode.Level.INDICATOR},
        help_text=_("An indicator owner's indicator: they write it and nothing else of the workspace."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "role", "instance"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=["operator", "coordinator", "assessor"])
                    & Q(instance__isnull=False)
                    & Q(node__isnull=True)
                )
                | (Q(role="responsible") & Q(instance__isnull=False) & Q(node__isnull=False))
                | (Q(role="reviewer") & Q(instance__isnull=True) & Q(node__isnull=True)),
                name="assignment_fits_role",
                violation_error_message=_(
                    "An operator, coordinator or internal assessor needs an instance, an indicator owner an "
                    "instance and an indicator; a reviewer has neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "instance"], condition=Q(node__isnull=True), name="assignment_once"
            ),
            models.UniqueConstraint(
                fields=["user", "instance", "node"],
                condition=Q(node__isnull=False),
                name="assignment_node_once",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(instance__isnull=True), name="assignment_reviewer_once"
            ),
        ]

    def __str__(self):
        role = self.get_role_display()
        if self.node_id:
            return f"{self.user}: {role} {self.instance} · {self.node}"
        return f"{self.user}: {role} {self.instance}" if self.instance_id else f"{self.user}: {role}"

    def clean(self):
        if (
            self.role == self.Role.COORDINATOR
            and self.instance_id
            and self.instance.kind != Instance.Kind.PROVINSI
        ):
            raise ValidationError({"instance": _("A provincial coordinator is assigned to a province.")})
        if self.role in self.SCOPED and not self.instance_id:
            raise ValidationError({"instance": _("This role is for one instance: choose it.")})
        if self.role == self.Role.RESPONSIBLE and not self.node_id:
            raise ValidationError({"node": _("An indicator owner needs their indicator.")})
        if self.role != self.Role.RESPONSIBLE and self.node_id:
            raise ValidationError({"node": _("Only an indicator owner's role names an indicator.")})
        if self.role == self.Role.REVIEWER and self.instance_id:
            raise ValidationError(
                {"instance": _("A reviewer reads every instance; leave the instance empty.")}
            )
