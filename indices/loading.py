"""The data the portal ships, into the database: frameworks with their bands, the published demo figures,
and the generated sample dataset. Each loader is idempotent.
"""

import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from indices.models import Band, Framework, NationalIndex, Score, Source, Target, validate_band_cover
from regions.models import Region

DATA = Path(__file__).parent / "data"


@dataclass
class LoadResult:
    created: int
    kept: int


@transaction.atomic
def frameworks_install(*, path: Path = DATA / "frameworks.json") -> LoadResult:
    """Create the shipped frameworks that are missing; leave existing ones (and admins' edits) alone."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for item in spec["frameworks"]:
        if Framework.objects.filter(slug=item["slug"]).exists():
            continue
        bands = [(Decimal(lower), Decimal(upper)) for _, lower, upper, _ in item["bands"]]
        validate_band_cover(bands)
        framework = Framework(
            slug=item["slug"],
            name=item["name"],
            legal_basis=item["legal_basis"],
            first_year=item["first_year"],
            last_year=item["last_year"],
            note=item["note"],
        )
        framework.full_clean()
        framework.save()
        Band.objects.bulk_create(
            Band(
                framework=framework, predicate=predicate, lower=lower, upper=upper, colour=colour, order=order
            )
            for order, (predicate, lower, upper, colour) in enumerate(item["bands"], start=1)
        )
        created += 1
    return LoadResult(created=created, kept=len(spec["frameworks"]) - created)


@transaction.atomic
def demo_load(*, path: Path = DATA / "published_scores.json") -> LoadResult:
    """Load the published figures of the demo data with their sources; running it twice changes nothing."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    sources = {}
    for key, fields in spec["sources"].items():
        sources[key], _ = Source.objects.update_or_create(
            title=fields["title"], publisher=fields["publisher"], defaults=fields
        )
    created = 0
    for code, year, value, source_key, note in spec["scores"]:
        score = Score.objects.filter(region_id=code, year=year, status=Score.Status.FINAL).first()
        score = score or Score(region_id=code, year=year, status=Score.Status.FINAL)
        created += score.pk is None
        score.value, score.source, score.note = Decimal(value), sources[source_key], note
        score.full_clean()
        score.save()
    for code, year, value, document, source_key, note in spec["targets"]:
        target = Target.objects.filter(region_id=code, year=year).first() or Target(region_id=code, year=year)
        created += target.pk is None
        target.value, target.document, target.source, target.note = (
            Decimal(value),
            document,
            sources[source_key],
            note,
        )
        target.full_clean()
        target.save()
    for year, value, instances, source_key, note in spec["national"]:
        national = NationalIndex.objects.filter(year=year).first() or NationalIndex(year=year)
        created += national.pk is None
        national.value, national.instances_evaluated = Decimal(value), instances
        national.source, national.note = sources[source_key], note
        national.full_clean()
        national.save()
    total = len(spec["scores"]) + len(spec["targets"]) + len(spec["national"])
    return LoadResult(created=created, kept=total - created)


SAMPLE_YEARS = (2018, 2019, 2021, 2022, 2023, 2024, 2025)


@transaction.atomic
def sample_generate(*, regions=None, years=SAMPLE_YEARS, seed: int = 2018) -> int:
    """Replace the sample dataset with generated scores for `regions` (default: every evaluated one).

    Every row is flagged `is_sample` and carries no source: pages show it only in their sample view,
    labelled "Data contoh", and never beside published figures. Returns the number of scores made.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not security
    Score.objects.filter(is_sample=True).delete()
    Target.objects.filter(is_sample=True).delete()
    frameworks = {year: Framework.objects.for_year(year) for year in years}
    regions = Region.objects.evaluated() if regions is None else regions
    scores, targets = [], []
    for region in regions:
        value = rng.uniform(1.0, 2.4)
        for year in years:
            # Indicator levels run 1-5, so an index is never below 1.00.
            value = min(4.95, max(1.0, value + rng.uniform(-0.25, 0.55)))
            scores.append(
                Score(
                    region=region,
                    year=year,
                    value=Decimal(f"{value:.2f}"),
                    framework=frameworks[year],
                    is_sample=True,
                    note="Data contoh",
                )
            )
        targets.append(
            Target(
                region=region,
                year=years[-1],
                value=Decimal(f"{min(5, max(1, value + rng.uniform(-0.4, 0.4))):.2f}"),
                document=Target.Document.RPJMD,
                is_sample=True,
                note="Data contoh",
            )
        )
    Score.objects.bulk_create(scores, batch_size=1000)
    Target.objects.bulk_create(targets, batch_size=1000)
    return len(scores)
