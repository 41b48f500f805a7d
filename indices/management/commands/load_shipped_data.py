import hashlib
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from indices.loading import DATA, frameworks_install, instances_install, results_load
from indices.models import DataVersion, Framework, Instance
from regions.models import Region
from regions.services import REGISTER, register_load

# The row of the data version table that holds the version of the shipped data last loaded here (row 1
# counts the writes to the published data).
SHIPPED = 2


def shipped_version() -> int:
    """A number that changes when a shipped data file, or the code that loads them, changes."""
    files = [REGISTER, *sorted(path for path in DATA.rglob("*") if path.is_file())]
    files += [Path(sys.modules[load.__module__].__file__) for load in (register_load, results_load)]
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}\0".encode() + path.read_bytes())
    return int.from_bytes(digest.digest()[:7])  # fits the version's 64-bit column


class Command(BaseCommand):
    help = (
        "Load what the portal ships, as load_regions, load_frameworks and load_results do: the region register, "
        "the evaluation frameworks, the evaluated instances and the published record. With --if-changed, "
        "nothing is done when exactly these files were loaded into this database already."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Skip the load when the shipped data is unchanged since it was last loaded into this database.",
        )

    def handle(self, *args, if_changed, **options):
        version = shipped_version()
        if if_changed and self._loaded(version):
            self.stdout.write("The shipped data is loaded and unchanged: nothing to load.")
            return
        steps = [
            ("the region register", 1, register_load, "{0.created} created, {0.updated} refreshed"),
            ("the evaluation frameworks", 1, frameworks_install, "{0.created} created, {0.kept} kept"),
            ("the evaluated instances", 1, instances_install, "{0.created} created, {0.kept} kept"),
            ("the published record", 3, results_load, "{0.created} created, {0.kept} kept"),
        ]
        for what, seconds, load, summary in steps:
            self.stdout.write(f"Loading {what} (about {seconds} s)…")
            self.stdout.flush()
            started = time.monotonic()
            result = load()
            self.stdout.write(f"  {summary.format(result)} ({time.monotonic() - started:.0f} s)")
        DataVersion.objects.update_or_create(pk=SHIPPED, defaults={"number": version})

    def _loaded(self, version: int) -> bool:
        # Never skipped for an empty database, even one that kept the version row.
        return (
            DataVersion.objects.filter(pk=SHIPPED, number=version).exists()
            and Region.objects.exists()
            and Framework.objects.exists()
            and Instance.objects.exists()
        )
