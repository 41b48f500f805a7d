from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indices.transfer import reading
from indices.transfer.services import scores_import


def update_line(change) -> str:
    """An update in one line: every field it changes, and what it removes without saying so."""
    what = "; ".join(f"{name}: {before} → {after}" for name, before, after in change.differences())
    line = _("Line %(line)s, %(instance)s %(year)s: %(what)s") % {
        "line": change.line,
        "instance": change.instance,
        "year": change.record.year,
        "what": what,
    }
    return f"{line}. {change.notice}" if change.notice else line


class Command(BaseCommand):
    help = (
        "Import scores from a CSV or XLSX file (columns kode or nama, tahun, indeks, status, sumber). "
        "All or nothing: any error writes nothing and exits with status 1."
    )
    importer = staticmethod(scores_import)

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Replace existing values that differ (the old values are kept on record).",
        )
        parser.add_argument(
            "--user",
            help="Import as this account: rows outside its role are refused and the change is recorded under "
            "its name. Without it, the import is the server administrator's and may write anything.",
        )

    def handle(self, *args, file, dry_run, update, user=None, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(_("No active account named %(user)s.") % {"user": user})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        if path.stat().st_size > reading.MAX_FILE_BYTES:
            raise CommandError(reading.size_message(path.stat().st_size))
        result = self.importer(
            data=path.read_bytes(), filename=path.name, update=update, dry_run=dry_run, by=by
        )
        for error in result.errors:
            self.stderr.write(str(error))
        if result.plan:
            counts = {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
                "refused": result.refused,
            }
            if result.applied:
                summary = _(
                    "Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped."
                )
            else:
                summary = _(
                    "Checked: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged, "
                    "%(skipped)s skipped, %(refused)s refused."
                )
            self.stdout.write(summary % counts)
            for change in result.plan.updates:
                self.stdout.write(update_line(change))
            for reason, count in Counter(reason for _line, reason in result.plan.skipped).items():
                self.stdout.write(
                    _("%(count)s row(s) skipped: %(reason)s.") % {"count": count, "reason": reason}
                )
            if options["verbosity"] > 1:
                for line, reason in result.plan.skipped:
                    self.stdout.write(
                        _("Line %(line)s skipped: %(reason)s.") % {"line": line, "reason": reason}
                    )
        if result.errors:
            raise CommandError(_("%(count)s error(s); nothing was imported.") % {"count": len(result.errors)})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
