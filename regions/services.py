import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from regions.models import Region
from regions.signals import register_changed

REGISTER = Path(__file__).parent / "data" / "regions.csv"


@dataclass
class RegisterResult:
    created: int
    updated: int


def register_load(*, path: Path = REGISTER) -> RegisterResult:
    """Insert or refresh every region of the register file; running it twice changes nothing."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = [
        Region(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            province_id=row["province_code"] or None,
            is_evaluated=row["is_evaluated"] == "1",
        )
        for row in rows
    ]
    for region in regions:
        region.full_clean(exclude=["province"], validate_unique=False, validate_constraints=False)

    with transaction.atomic():
        existing = set(Region.objects.values_list("code", flat=True))
        # Provinces sort first (two-digit codes), so each parent exists before its children.
        Region.objects.bulk_create(
            sorted(regions, key=lambda r: (not r.is_province, r.code)),
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "kind", "province", "is_evaluated"],
        )
        register_changed.send(sender=Region)
    created = sum(1 for r in regions if r.code not in existing)
    return RegisterResult(created=created, updated=len(regions) - created)
