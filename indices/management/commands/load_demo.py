from django.core.management.base import BaseCommand

from indices.loading import demo_load


class Command(BaseCommand):
    help = "Load the published SPBE figures used as demo data, each with its source (idempotent)."

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(f"Published figures: {result.created} created, {result.kept} already present.")
