from django.core.management.base import BaseCommand, CommandError

from indices.transfer.loading import instances_install
from regions.models import Region


class Command(BaseCommand):
    help = (
        "Load the evaluated instances (every evaluated region's government and the central agencies, with the "
        "names they were evaluated under) without the published record: what an import of an export needs in "
        "an empty database, after load_regions and load_frameworks. Creates what is missing (idempotent)."
    )

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("Load the region register first: python manage.py load_regions")
        result = instances_install()
        self.stdout.write(f"Instances: {result.created} created, {result.kept} kept.")
