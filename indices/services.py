"""Writes that span several models: imports of scores and targets, and the record kept of a hand edit."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indices.importing import applying, planning, reading
from indices.importing.records import SCORES, TARGETS, RecordSpec
from indices.models import Score, ScoreRevision


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refusal, would do) and every problem it found."""

    plan: planning.Plan | None
    errors: list[reading.RowError]
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
    return _table_import(SCORES, data=data, filename=filename, update=update, dry_run=dry_run)


def targets_import(
    *, data: bytes, filename: str = "", update: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a CSV or XLSX of targets: every row is written, or none."""
    return _table_import(TARGETS, data=data, filename=filename, update=update, dry_run=dry_run)


def _table_import(spec: RecordSpec, *, data, filename, update, dry_run) -> ImportResult:
    with transaction.atomic():
        try:
            plan = planning.plan(reading.read_table(data, filename), spec)
        except reading.ImportFileError as error:
            return ImportResult(
                plan=None, errors=[reading.RowError(None, None, str(error))], applied=False, dry_run=dry_run
            )
        errors = plan.problems(update=update)
        if errors or dry_run:
            return ImportResult(plan=plan, errors=errors, applied=False, dry_run=dry_run)
        try:
            with transaction.atomic():
                applying.apply(plan, reason=_("Import of %(file)s") % {"file": filename or "-"})
        except IntegrityError:
            # Someone saved the same region and year between the check and the write.
            message = _("The data changed while the file was being imported; nothing was written. Try again.")
            return ImportResult(
                plan=plan, errors=[reading.RowError(None, None, message)], applied=False, dry_run=False
            )
    return ImportResult(plan=plan, errors=[], applied=True, dry_run=False)


REVISED_SCORE_FIELDS = {"value", "status", "source", "note"}


def score_revision_record(*, score: Score, changed: set[str], reason: str) -> ScoreRevision | None:
    """Before a hand edit replaces a score's figures, keep what it held (as imports do)."""
    if score.pk is None or not (REVISED_SCORE_FIELDS & changed):
        return None
    old = Score.objects.get(pk=score.pk)
    return ScoreRevision.objects.create(
        score=old, value=old.value, status=old.status, source=old.source, note=old.note, reason=reason[:300]
    )
