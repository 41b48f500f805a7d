import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indices.exports import dataset_export


class Command(BaseCommand):
    help = (
        "Export every score and target with its region and source as CSV or XLSX, in the columns "
        "import_scores and import_targets read. OUT '-' writes to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="file to write, or - for standard output")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="file_format")

    def handle(self, *args, out, file_format, **options):
        data = dataset_export(file_format=file_format)
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
