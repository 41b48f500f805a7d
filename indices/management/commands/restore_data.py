from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indices.transfer.backup import RestoreError, archive_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `export_data --archive` (.json.gz, or .xml.gz of earlier versions) into an "
        "empty database (run migrate first): the data, the accounts and their roles, workspaces and the audit "
        "trail. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup file (.json.gz, or .xml.gz of earlier versions)")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": archive})
        try:
            archive_restore(path)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Restored from %(file)s.") % {"file": path.name})
