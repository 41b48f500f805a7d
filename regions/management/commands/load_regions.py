from django.core.management.base import BaseCommand

from regions.services import register_load


class Command(BaseCommand):
    help = "Load the register of 38 provinces and 514 regencies and cities (idempotent)."

    def handle(self, *args, **options):
        result = register_load()
        self.stdout.write(f"Regions: {result.created} created, {result.updated} refreshed.")
