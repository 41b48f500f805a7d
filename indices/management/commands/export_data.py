import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indices.reads.dataset import dataset_export
from indices.spreadsheets import DECIMAL_COMMA, DECIMAL_POINT
from indices.transfer.backup import archive_write


class Command(BaseCommand):
    help = (
        "Export every score and target with its region and source as CSV or XLSX, in the columns "
        "import_scores and import_targets read. A CSV is separated by semicolons with a decimal comma, as Excel "
        "in an Indonesian locale reads it, or with --decimal-point by commas with a decimal point. OUT '-' "
        "writes to standard output. With --archive, write "
        "a full backup instead (OUT ending in .json.gz): all the data, accounts and roles, workspaces and the "
        "audit trail, as one moment of the database, for restore_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="file to write, or - for standard output")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="file_format")
        parser.add_argument(
            "--decimal-point",
            action="store_true",
            help="CSV separated by commas with a decimal point (default: semicolons and a decimal comma)",
        )
        parser.add_argument("--archive", action="store_true", help="a full backup, for restore_data")

    def handle(self, *args, out, file_format, archive, decimal_point, **options):
        if archive:
            if out == "-" or not out.endswith(".json.gz"):
                raise CommandError("A backup is written to a file ending in .json.gz.")
            archive_write(Path(out), written=self._progress if options["verbosity"] > 1 else None)
            return
        decimal = DECIMAL_POINT if decimal_point else DECIMAL_COMMA
        data = dataset_export(file_format=file_format, decimal=decimal, drafts=True)
        if out != "-":
            Path(out).write_bytes(data)
            return
        if file_format == "csv":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None or sys.stdout.isatty():
            raise CommandError("XLSX is binary: write it to a file or pipe it, not to a terminal.")
        binary.write(data)
        binary.flush()

    def _progress(self, label: str) -> None:
        self.stdout.write(f"{label} written")
