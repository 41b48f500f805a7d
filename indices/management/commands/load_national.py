from django.core.management.base import BaseCommand, CommandError

from indices.models import Framework
from indices.transfer.loading import national_load


class Command(BaseCommand):
    help = (
        "Load KemenPANRB's national index since 2018 with its source, and with it each year's rule for a result "
        "on a band's edge (rounded or unrounded index), without the instances' results: what an import of an "
        "export needs in an empty database, after load_frameworks. Creates what is missing (idempotent)."
    )

    def handle(self, *args, **options):
        if not Framework.objects.exists():
            raise CommandError("Load the evaluation frameworks first: python manage.py load_frameworks")
        result = national_load()
        self.stdout.write(f"National index: {result.created} years created, {result.kept} kept.")
