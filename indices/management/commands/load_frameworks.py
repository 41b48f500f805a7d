from django.core.management.base import BaseCommand

from indices.transfer.criteria_loading import criteria_load
from indices.transfer.framework_loading import frameworks_install


class Command(BaseCommand):
    help = (
        "Create the evaluation frameworks and predicate bands that are missing, and what their indicators ask: "
        "criteria with their sources, level names, evidence items and the cycle's calendar (idempotent)."
    )

    def handle(self, *args, **options):
        result = frameworks_install()
        self.stdout.write(f"Frameworks: {result.created} created, {result.kept} already present.")
        criteria = criteria_load()
        self.stdout.write(
            f"Criteria, level names, evidence items and calendar: {criteria.created} created, "
            f"{criteria.kept} already present."
        )
        for note in criteria.notes:
            self.stdout.write(note)
