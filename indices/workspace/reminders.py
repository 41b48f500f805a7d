"""The daily reminder digest by e-mail: one mail per person per day listing what newly waits on them (the
same tasks as the "My work" page, `indices.workspace.my_work`), each reminder sent once (`ReminderSent`).

Who gets one: active staff with a role, an e-mail address and reminders not turned off. The mail is in
Bahasa Indonesia, the portal's language; each carries a link that turns reminders off without signing in."""

import smtplib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from indices.access import Access
from indices.workspace import my_work
from indices.workspace.reminder_models import ReminderPreference, ReminderSent

UNSUBSCRIBE_SALT = "indices.workspace.reminders.off"


@dataclass
class Digest:
    user: object
    tasks: list


@dataclass
class Outcome:
    """What a run did: the digests sent (or that would be, in a dry run) and the people skipped, by why."""

    sent: list = field(default_factory=list)
    reminders: int = 0
    without_address: list = field(default_factory=list)
    turned_off: int = 0
    already_today: int = 0
    nothing_new: int = 0
    failed: list = field(default_factory=list)


def reminders_send(*, today: date, dry_run: bool = False) -> Outcome:
    """Send today's digests; in a dry run send and record nothing."""
    outcome = Outcome()
    for user in _recipients():
        if not _wants(user):
            outcome.turned_off += 1
            continue
        if ReminderSent.objects.filter(user=user, sent_on=today).exists():
            outcome.already_today += 1
            continue
        tasks = _new_tasks(user, today)
        if not tasks:
            outcome.nothing_new += 1
            continue
        if not user.email:
            outcome.without_address.append(user.get_username())
            continue
        if not dry_run:
            try:
                _send(Digest(user, tasks), today)
            except (smtplib.SMTPException, OSError) as error:
                # One refused address or a dropped connection must not stop everyone else's digest; nothing
                # was recorded for this person, so tomorrow's run tries again.
                outcome.failed.append(f"{user.get_username()}: {error}")
                continue
        outcome.sent.append(Digest(user, tasks))
        outcome.reminders += len(tasks)
    return outcome


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_of_token(token: str):
    """The person a mail's unsubscribe link was for, or None for a token the portal did not sign."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def reminders_set(*, user, enabled: bool) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"enabled": enabled}
    )
    return preference


def wants_reminders(user) -> bool:
    return _wants(user)


# Internals


def absolute_url(path: str) -> str:
    """A link for a mail, on the portal's configured address (SITE_URL); relative when none is set (the
    command warns)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}" if settings.SITE_URL else path


def _recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, is_superuser=False, assignments__isnull=False)
        .select_related("reminder_preference")
        .distinct()
        .order_by("pk")
    )


def _wants(user) -> bool:
    try:
        return user.reminder_preference.enabled
    except ReminderPreference.DoesNotExist:
        return True


def _new_tasks(user, today: date) -> list:
    tasks = my_work.tasks_for(Access(user), today)
    sent = set(
        ReminderSent.objects.filter(user=user, key__in=[task.key for task in tasks]).values_list(
            "key", flat=True
        )
    )
    return [task for task in tasks if task.key not in sent]


def _send(digest: Digest, today: date) -> None:
    user = digest.user
    with translation.override(settings.LANGUAGE_CODE):
        unsubscribe = absolute_url(reverse("workspace:unsubscribe", args=[unsubscribe_token(user)]))
        reviews = [task for task in digest.tasks if task.kind == my_work.REVIEW]
        context = {
            "user": user,
            "today": today,
            "task_count": len(digest.tasks),
            "groups": [
                (heading, [(task, absolute_url(task.url)) for task in tasks])
                for heading, tasks in my_work.grouped(digest.tasks)
            ],
            "review_count": my_work.review_count_in_words(len(reviews)) if reviews else "",
            "my_work": absolute_url(reverse("workspace:my_work")),
            "preferences": absolute_url(reverse("workspace:reminders")),
            "unsubscribe": unsubscribe,
        }
        subject = render_to_string("workspace/email/digest_subject.txt", context).strip()
        body = render_to_string("workspace/email/digest.txt", context)
    message = EmailMessage(subject, body, to=[user.email], headers={"List-Unsubscribe": f"<{unsubscribe}>"})
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            ReminderSent(user=user, key=task.key, sent_on=today) for task in digest.tasks
        )
        # Recorded first, inside the transaction: a mail server that refuses rolls the record back.
        message.send()
