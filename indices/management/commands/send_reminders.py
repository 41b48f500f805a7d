from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indices.workspace.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send each person one e-mail digest of what newly waits on them in the evaluation workspace "
        "(returned indicators, evidence to revise, recommendations past their deadline, the cycle's next "
        "deadline, assessments to review). Meant for cron, once a day; each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send nothing")

    def handle(self, *args, **options):
        today, dry_run = self.day(options["date"]), options["dry_run"]
        if not settings.SITE_URL:
            self.stderr.write("SITE_URL is not set: the links in the mails are relative and will not open.")
        outcome = reminders_send(today=today, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for digest in outcome.sent:
            self.stdout.write(
                f"{digest.user.get_username()} <{digest.user.email}>: {len(digest.tasks)} reminders"
            )
        self.stdout.write(
            f"{today}: {verb} {len(outcome.sent)} digests with {outcome.reminders} reminders; skipped "
            f"{len(outcome.without_address)} without an e-mail address, {outcome.turned_off} with reminders "
            f"off, {outcome.already_today} already reminded today; {outcome.nothing_new} had nothing new; "
            f"{len(outcome.failed)} failed."
        )
        for failure in outcome.failed:
            self.stderr.write(f"Not sent: {failure}")
        if outcome.without_address:
            self.stdout.write("Without an e-mail address: " + ", ".join(outcome.without_address))

    def day(self, value):
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None
