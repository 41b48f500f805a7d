"""Who may enter what: each staff account's roles, and the instance each role is for.

National administrators are Django superusers. Everyone else gets one or more assignments; what each role
may read and write is decided in one place, `indices.access`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indices.models.instances import Instance


class Assignment(models.Model):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("Instance operator")
        COORDINATOR = "coordinator", _("Provincial coordinator")
        REVIEWER = "reviewer", _("Reviewer (read only)")

    # The roles that are for one instance: an operator's own, a coordinator's province.
    SCOPED = (Role.OPERATOR, Role.COORDINATOR)

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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "role", "instance"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=["operator", "coordinator"]) & Q(instance__isnull=False))
                | (Q(role="reviewer") & Q(instance__isnull=True)),
                name="assignment_instance_fits_role",
                violation_error_message=_(
                    "An operator or coordinator needs an instance; a reviewer has none."
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "instance"], name="assignment_once"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(instance__isnull=True), name="assignment_reviewer_once"
            ),
        ]

    def __str__(self):
        role = self.get_role_display()
        return f"{self.user}: {role} {self.instance}" if self.instance_id else f"{self.user}: {role}"

    def clean(self):
        if (
            self.role == self.Role.COORDINATOR
            and self.instance_id
            and self.instance.kind != Instance.Kind.PROVINSI
        ):
            raise ValidationError({"instance": _("A provincial coordinator is assigned to a province.")})
        if self.role in self.SCOPED and not self.instance_id:
            raise ValidationError({"instance": _("An operator or coordinator needs an instance.")})
        if self.role == self.Role.REVIEWER and self.instance_id:
            raise ValidationError(
                {"instance": _("A reviewer reads every instance; leave the instance empty.")}
            )
