"""Reminders by e-mail: whether a person wants them, and what was already sent to whom, so that no reminder
goes out twice. Registered with the app through `indices.workspace.models`; written by
`indices.workspace.reminders` and the reminders page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indices.models.text import line_field


class ReminderPreference(models.Model):
    """A person's choice about the daily digest; without a record they get it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    enabled = models.BooleanField(_("send me reminders by e-mail"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.user}: {'on' if self.enabled else 'off'}"


class ReminderSent(models.Model):
    """One reminder sent to one person. The key names its subject in the state it was in (a return is
    "returned:<level>:<transition>"), so a new return of the same indicator is a new key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = line_field(_("reminder"), max_length=100)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["-sent_on", "user", "key"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once")]
        indexes = [models.Index(fields=["user", "sent_on"], name="reminder_sent_day")]

    def __str__(self):
        return f"{self.user} · {self.key} · {self.sent_on}"
