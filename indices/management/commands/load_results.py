from django.core.management.base import BaseCommand

from indices.transfer.loading import instances_install, results_load
from indices.workspace.prior_levels import levels_load


class Command(BaseCommand):
    help = (
        "Load the evaluated instances (every evaluated region's government and the central agencies) and the "
        "published record: KemenPANRB's national index since 2018, every evaluation's results since 2018 with their "
        "domain values and kind of source, and the figures regional governments and the press published; and "
        "the 2021 and 2022 indicator levels into each instance's private workspace. Creates what is "
        "missing and keeps what exists: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        instances = instances_install()
        results = results_load()
        levels = levels_load()
        self.stdout.write(
            f"Instances: {instances.created} created, {instances.kept} kept. "
            f"Published record: {results.created} created, {results.kept} kept. "
            f"Indicator levels of 2021 and 2022 (private, in each workspace): {levels.created} assessments "
            f"loaded, {levels.kept} kept."
        )
