import hashlib
import sys
from importlib import import_module
from inspect import isfunction
from pathlib import Path

from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from indices.models import DataVersion, Framework, Instance
from regions.models import Region

# What `make run` loads, in order: each command with what it loads and about how long it takes.
STEPS = [
    ("load_regions", "the region register", 1),
    ("load_frameworks", "the evaluation frameworks, their criteria and calendar", 1),
    ("load_results", "the evaluated instances, the published record and the 2021-2022 levels", 20),
]
# The row of the data version table that holds the version of the shipped data last loaded here (row 1
# counts the writes to the published data).
SHIPPED = 2


def shipped_version() -> int:
    """A number that changes when a shipped data file, or the code that loads them, changes."""
    files = []
    for app in ("regions", "indices"):
        files += sorted(
            path for path in (Path(apps.get_app_config(app).path) / "data").rglob("*") if path.is_file()
        )
    files += sorted(loader_sources())
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}\0".encode() + path.read_bytes())
    return int.from_bytes(digest.digest()[:7])  # fits the version's 64-bit column


def loader_sources() -> set[Path]:
    """The load commands' modules and the modules of the portal's functions they call."""
    sources = set()
    for name, _what, _seconds in STEPS:
        command = import_module(f"{get_commands()[name]}.management.commands.{name}")
        sources.add(Path(command.__file__))
        sources |= {
            Path(sys.modules[value.__module__].__file__)
            for value in vars(command).values()
            if isfunction(value) and value.__module__.startswith(("indices.", "regions."))
        }
    return sources


class Command(BaseCommand):
    help = (
        "Load what the portal ships, as load_regions, load_frameworks and load_results do one after the other. "
        "With --if-changed, nothing is done when exactly these files were loaded into this database already."
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
        for name, what, seconds in STEPS:
            self.stdout.write(f"Loading {what} (about {seconds} s)…")
            self.stdout.flush()
            call_command(name, stdout=self.stdout)
        DataVersion.objects.update_or_create(pk=SHIPPED, defaults={"number": version})

    def _loaded(self, version: int) -> bool:
        # Never skipped for an empty database, even one that kept the version row.
        return (
            DataVersion.objects.filter(pk=SHIPPED, number=version).exists()
            and Region.objects.exists()
            and Framework.objects.exists()
            and Instance.objects.exists()
        )
