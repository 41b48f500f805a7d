"""Writes that span several models: imports of scores and targets, and the record kept of a hand edit."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indices import scoring
from indices.importing import applying, planning, reading
from indices.importing.records import SCORES, TARGETS, RecordSpec
from indices.models import DataVersion, Framework, NationalIndex, Score, ScoreRevision


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
            # Someone saved the same instance and year between the check and the write.
            message = _("The data changed while the file was being imported; nothing was written. Try again.")
            return ImportResult(
                plan=plan, errors=[reading.RowError(None, None, message)], applied=False, dry_run=False
            )
    return ImportResult(plan=plan, errors=[], applied=True, dry_run=False)


REVISED_SCORE_FIELDS = ("value", "status", "source_id", "source_detail", "note")


def score_snapshot(score: Score) -> dict | None:
    """What a stored score holds now, its domain and aspect values labelled ("domain 1"); None if unsaved."""
    if score.pk is None:
        return None
    stored = Score.objects.get(pk=score.pk)
    fields = {name: getattr(stored, name) for name in REVISED_SCORE_FIELDS}
    values = stored.node_values.select_related("node")
    return fields | {"node_values": {f"{v.node.level} {v.node.number}": str(v.value) for v in values}}


def score_revise(*, score: Score, before: dict | None, reason: str) -> ScoreRevision | None:
    """After a hand edit of a score or its domain values: keep what it held before on record (as imports
    do), and derive again the unrounded index its predicate is read from."""
    score_derive(score)
    after = score_snapshot(score)
    if before is None or before == after:
        return None
    return ScoreRevision.objects.create(score=score, reason=reason[:300], **before)


def score_derive(score: Score) -> None:
    """Store the unrounded index a score's predicate is read from, where its year's predicates were decided
    before rounding (`NationalIndex.predicate_basis`), from its stored domain values."""
    before_rounding = NationalIndex.objects.filter(
        year=score.year, predicate_basis=NationalIndex.PredicateBasis.UNROUNDED
    ).exists()
    framework = Framework.objects.filter(pk=score.framework_id).facts()[0]
    values = dict(score.node_values.values_list("node_id", "value"))
    unrounded = scoring.unrounded_index(framework.nodes, values, before_rounding)
    if unrounded != score.unrounded_value:
        Score.objects.filter(pk=score.pk).update(unrounded_value=unrounded)
        DataVersion.advance()
        score.unrounded_value = unrounded
