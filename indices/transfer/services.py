"""Writes that span several models: imports of scores and targets (each one change set of the audit trail),
and what a hand edit of a score derives."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.admin.models import ADDITION, LogEntry
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from indices import scoring
from indices.access import access_for
from indices.changes import data_changed
from indices.formatting import format_score
from indices.models import ChangeSet, Framework, NationalIndex, Score, Source, recording
from indices.transfer import applying, planning, reading
from indices.transfer.records import SCORES, TARGETS, RecordSpec


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refusal, would do) and every problem it found."""

    plan: planning.Plan | None
    errors: list[reading.RowError]
    applied: bool
    dry_run: bool

    @property
    def refused_lines(self) -> set[int]:
        """The rows with a problem: counted as refused, never as to create, update or leave unchanged."""
        rows = self.plan.row_lines if self.plan else set()
        return {error.line for error in self.errors} & rows

    @property
    def refused(self) -> int:
        return len(self.refused_lines)

    def _accepted(self, changes) -> int:
        refused = self.refused_lines
        return sum(1 for change in changes if change.line not in refused)

    @property
    def created(self) -> int:
        return self._accepted(self.plan.creates) if self.plan else 0

    @property
    def updated(self) -> int:
        return self._accepted(self.plan.updates) if self.plan else 0

    @property
    def unchanged(self) -> int:
        return self._accepted(self.plan.unchanged) if self.plan else 0

    @property
    def skipped(self) -> int:
        return len(self.plan.skipped) if self.plan else 0

    @property
    def ok(self) -> bool:
        return not self.errors


def scores_import(
    *, data: bytes, filename: str = "", update: bool = False, dry_run: bool = False, by=None, previewed=None
) -> ImportResult:
    """Import a CSV or XLSX of scores: every row is written, or none (see `indices.transfer`).

    `by` is the person importing: rows outside what `indices.access` lets them write are refused, each
    with its line. Without one (the command line, run by whoever runs the server) nothing is out of scope.
    `previewed` is `stored_state()` of the plan a preview showed: a record changed since is refused.
    """
    return _table_import(
        SCORES, data=data, filename=filename, update=update, dry_run=dry_run, by=by, previewed=previewed
    )


def targets_import(
    *, data: bytes, filename: str = "", update: bool = False, dry_run: bool = False, by=None, previewed=None
) -> ImportResult:
    """Import a CSV or XLSX of targets: every row is written, or none (`by`, `previewed` as for scores)."""
    return _table_import(
        TARGETS, data=data, filename=filename, update=update, dry_run=dry_run, by=by, previewed=previewed
    )


def _table_import(spec: RecordSpec, *, data, filename, update, dry_run, by, previewed) -> ImportResult:
    try:
        return _locked_table_import(
            spec, data=data, filename=filename, update=update, dry_run=dry_run, by=by, previewed=previewed
        )
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite: another import held the write lock for longer than the busy timeout.
        message = _(
            "Another import is being written; nothing was written from this file. Try again in a minute."
        )
        return ImportResult(
            plan=None, errors=[reading.RowError(None, None, message)], applied=False, dry_run=dry_run
        )


def _locked_table_import(spec: RecordSpec, *, data, filename, update, dry_run, by, previewed) -> ImportResult:
    with transaction.atomic():
        try:
            plan = planning.plan(reading.read_table(data, filename), spec)
        except reading.ImportFileError as error:
            return ImportResult(
                plan=None, errors=[reading.RowError(None, None, str(error))], applied=False, dry_run=dry_run
            )
        errors = plan.problems(update=update)
        if previewed is not None:
            errors += changed_since(previewed, plan)
        if by is not None:
            errors = sorted(
                errors + _out_of_scope(plan, access_for(by)), key=lambda e: (e.line or 0, e.column or "")
            )
        if errors or dry_run:
            return ImportResult(plan=plan, errors=errors, applied=False, dry_run=dry_run)
        try:
            with transaction.atomic():
                _record_and_apply(plan, filename, by)
        except IntegrityError:
            # Someone saved the same instance and year between the check and the write.
            message = _("The data changed while the file was being imported; nothing was written. Try again.")
            return ImportResult(
                plan=plan, errors=[reading.RowError(None, None, message)], applied=False, dry_run=False
            )
    return ImportResult(plan=plan, errors=[], applied=True, dry_run=False)


def stored_state(plan: planning.Plan) -> dict[str, dict | None]:
    """What the database held, when `plan` was made, of each record the file touches (None: nothing yet),
    keyed by instance, year and place; plain text, to keep with a preview until its confirmation."""
    spec = plan.spec

    def text(fields: dict, values: dict) -> dict:
        held = {name: str(value) for name, value in fields.items()}
        return held | {f"node {node}": str(value) for node, value in values.items()}

    state = {_key(spec, change.record): None for change in plan.creates}
    for change in plan.updates:
        state[_key(spec, change.record)] = text(change.old, change.old_values)
    for change in plan.unchanged:
        fields = {name: getattr(change.record, name) for name in spec.compared}
        state[_key(spec, change.record)] = text(
            fields, spec.values_of(change.record) if spec.has_values else {}
        )
    return state


def changed_since(previewed: dict, plan: planning.Plan) -> list[reading.RowError]:
    """A line for each record that someone changed between the preview and now."""
    now = stored_state(plan)
    errors = []
    for change in plan.creates + plan.updates + plan.unchanged:
        key = _key(plan.spec, change.record)
        if key not in previewed or previewed[key] == now[key]:
            continue
        message = _(
            "%(instance)s %(year)s changed after the preview (%(what)s). Nothing was written; upload the "
            "file again to see what it would change now."
        ) % {
            "instance": change.record.instance,
            "year": change.record.year,
            "what": _what_changed(previewed[key], now[key]),
        }
        errors.append(reading.RowError(change.line, plan.instance_column, message))
    return errors


def _what_changed(then: dict | None, now: dict | None) -> str:
    if then is None:
        return _("someone entered %(value)s meanwhile") % {"value": format_score(Decimal(now["value"]))}
    if now is None:
        return _("it was deleted meanwhile")
    if then["value"] != now["value"]:
        return _("now %(now)s, the preview showed %(then)s") % {
            "now": format_score(Decimal(now["value"])),
            "then": format_score(Decimal(then["value"])),
        }
    return _("its source, note, status or domain values changed")


def _key(spec: RecordSpec, record) -> str:
    return f"{record.instance_id}|{record.year}|{spec.slot(record)}"


def _out_of_scope(plan: planning.Plan, access) -> list[reading.RowError]:
    """A line for each row the person importing may not write, and one if they may not add its sources."""
    refused = [
        reading.RowError(change.line, plan.instance_column, access.refusal(change.record))
        for change in plan.creates + plan.updates + plan.unchanged
        if not _may_write(access, change)
    ]
    if plan.new_sources and not access.can_add(Source):
        refused.append(
            reading.RowError(None, None, _("You may not add sources; ask a national administrator."))
        )
    return refused


def _may_write(access, change: planning.Change) -> bool:
    """A row is theirs to write when the record may move from what is stored to what the row says, domain
    values included (they are not fields of the record, so they count as a change in full)."""
    if change.changes_values and not access.can_write(change.record):
        return access.national
    return access.can_save(change.record, change.stored())


def _record_and_apply(plan: planning.Plan, filename: str, by) -> None:
    """Write `plan` as one change set of the audit trail: its file, its user, what it created and updated;
    and, for an import by a person, an entry in the admin's log of actions."""
    if not (plan.creates or plan.updates or plan.new_sources):
        return  # every row is as stored: nothing to write, nothing to record
    change_set = ChangeSet.objects.create(
        kind=ChangeSet.Kind.IMPORT,
        user=by,
        filename=filename or "-",
        model_name=plan.spec.model._meta.model_name,
        created=len(plan.creates),
        updated=len(plan.updates),
    )
    with recording(change_set):
        applying.apply(plan, reason=_("Import of %(file)s") % {"file": filename or "-"}, by=by)
    if by is not None:
        LogEntry.objects.log_actions(
            by.pk,
            [change_set],
            ADDITION,
            change_message=_("Import of %(file)s: %(created)s created, %(updated)s updated.")
            % {"file": change_set.filename, "created": change_set.created, "updated": change_set.updated},
            single_object=True,
        )


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
        data_changed()
        score.unrounded_value = unrounded
