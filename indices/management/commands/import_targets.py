from indices.management.commands.import_scores import Command as ImportCommand
from indices.transfer.services import targets_import


class Command(ImportCommand):
    help = (
        "Import targets from a CSV or XLSX file (columns kode or nama, tahun, target, dokumen, sumber). "
        "All or nothing: any error writes nothing and exits with status 1."
    )
    importer = staticmethod(targets_import)
