from django.core.management.base import BaseCommand

from indices.transfer.loading import instances_install, results_load


class Command(BaseCommand):
    help = (
        "Load the evaluated instances (every evaluated region's government and the central agencies) and the "
        "published record: KemenPANRB's national index since 2018 and the results of 2023 and 2024 with their "
        "domain values, and the figures regional governments and the press published. Creates what is "
        "missing and keeps what exists: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        instances = instances_install()
        results = results_load()
        self.stdout.write(
            f"Instances: {instances.created} created, {instances.kept} kept. "
            f"Published record: {results.created} created, {results.kept} kept."
        )
