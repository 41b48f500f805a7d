from django.core.management.base import BaseCommand

from indices.transfer.loading import frameworks_install


class Command(BaseCommand):
    help = "Create the evaluation frameworks and predicate bands that are missing (idempotent)."

    def handle(self, *args, **options):
        result = frameworks_install()
        self.stdout.write(f"Frameworks: {result.created} created, {result.kept} already present.")
