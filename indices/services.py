import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from indices.models import Band, Framework, NationalIndex, Score, Source, Target, validate_band_cover

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
