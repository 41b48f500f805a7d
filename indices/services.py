import csv
import io
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indices import importing
from indices.models import (
    Band,
    Framework,
    NationalIndex,
    Score,
    ScoreRevision,
    Source,
    Target,
    TargetRevision,
    validate_band_cover,
)
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


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refusal, would do) and every problem it found."""

    plan: "importing.Plan | None"
    errors: list["importing.RowError"]
    applied: bool
    dry_run: bool

    @property
    def created(self) -> int:
        return len(self.plan.creates) if self.plan else 0

    @property
    def updated(self) -> int:
        return len(self.plan.updates) if self.plan else 0

    @property
    def unchanged(self) -> int:
        return len(self.plan.unchanged) if self.plan else 0

    @property
    def skipped(self) -> int:
        return len(self.plan.skipped) if self.plan else 0

    @property
    def ok(self) -> bool:
        return not self.errors


def scores_import(
    *, data: bytes, filename: str = "", update: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a CSV or XLSX of scores: every row is written, or none (see `indices.importing`)."""
    return _table_import(importing.plan_scores, data=data, filename=filename, update=update, dry_run=dry_run)


def targets_import(
    *, data: bytes, filename: str = "", update: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a CSV or XLSX of targets: every row is written, or none."""
    return _table_import(importing.plan_targets, data=data, filename=filename, update=update, dry_run=dry_run)


def _table_import(planner, *, data, filename, update, dry_run) -> ImportResult:
    with transaction.atomic():
        try:
            plan = planner(importing.read_table(data, filename))
        except importing.ImportFileError as error:
            return ImportResult(
                plan=None, errors=[importing.RowError(None, None, str(error))], applied=False, dry_run=dry_run
            )
        errors = plan.problems(update=update)
        if errors or dry_run:
            return ImportResult(plan=plan, errors=errors, applied=False, dry_run=dry_run)
        try:
            with transaction.atomic():
                _plan_apply(plan, reason=_("Import of %(file)s") % {"file": filename or "-"})
        except IntegrityError:
            # Someone saved the same region and year between the check and the write.
            message = _("The data changed while the file was being imported; nothing was written. Try again.")
            return ImportResult(
                plan=plan, errors=[importing.RowError(None, None, message)], applied=False, dry_run=False
            )
    return ImportResult(plan=plan, errors=[], applied=True, dry_run=False)


def _plan_apply(plan: "importing.Plan", *, reason: str) -> None:
    for source in plan.new_sources:
        source.save()
    model = Score if plan.kind == importing.KIND_SCORE else Target
    model.objects.bulk_create([c.record for c in plan.creates], batch_size=500)
    if not plan.updates:
        return
    now = timezone.now()
    if model is Score:
        for change in plan.updates:
            change.record.updated_at = now
        fields = ["value", "status", "source", "note", "framework", "updated_at"]
        revisions = [ScoreRevision(score=c.record, reason=reason[:300], **c.old) for c in plan.updates]
    else:
        fields = ["value", "document", "source", "note"]
        revisions = [TargetRevision(target=c.record, reason=reason[:300], **c.old) for c in plan.updates]
    model.objects.bulk_update([c.record for c in plan.updates], fields, batch_size=500)
    type(revisions[0]).objects.bulk_create(revisions)


def dataset_export(*, file_format: str, sample: bool | None = None) -> bytes:
    """Every score and target with its region and source, as CSV or XLSX bytes in the importer's columns.

    `sample=None` exports both datasets (a full backup), `False` only published figures, `True` only
    sample data. Sample rows are always flagged `contoh = ya`, so that the importer skips them.
    """
    scores = Score.objects.with_bands().order_by("region_id", "year", "status", "is_sample")
    targets = Target.objects.select_related("region", "source").order_by("region_id", "year", "is_sample")
    if sample is not None:
        scores, targets = scores.dataset(sample), targets.dataset(sample)
    rows = importing.export_rows(scores, targets)
    headers = list(importing.EXPORT_HEADERS.values())
    if file_format == "csv":
        return _csv_bytes(headers, rows)
    if file_format == "xlsx":
        return _xlsx_bytes(headers, rows)
    raise ValueError(file_format)


def _csv_bytes(headers, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [importing.spreadsheet_safe(v) if isinstance(v, str) else v for v in (row[h] for h in headers)]
        )
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(headers, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(headers)
    for row in rows:
        cells = []
        for header in headers:
            value = row[header]
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
            elif isinstance(value, Decimal):
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


REVISED_SCORE_FIELDS = {"value", "status", "source", "note"}


def score_revision_record(*, score: Score, changed: set[str], reason: str) -> ScoreRevision | None:
    """Before a hand edit replaces a score's figures, keep what it held (as imports do)."""
    if score.pk is None or not (REVISED_SCORE_FIELDS & changed):
        return None
    old = Score.objects.get(pk=score.pk)
    return ScoreRevision.objects.create(
        score=old, value=old.value, status=old.status, source=old.source, note=old.note, reason=reason[:300]
    )
