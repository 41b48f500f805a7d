from django.core.management.base import BaseCommand

from indices.loading import sample_generate


class Command(BaseCommand):
    help = (
        "Replace the sample dataset with generated scores for every evaluated region over 7 evaluation years. "
        "Sample data is flagged, shown only in the pages' sample view (?data=contoh) and labelled Data contoh."
    )

    def handle(self, *args, **options):
        count = sample_generate()
        self.stdout.write(f"Sample data: {count} generated scores (flagged, never official).")
