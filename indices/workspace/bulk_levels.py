"""Levels in bulk: an assessment's indicator levels, Fakta and Analisis (and unit and contact) in from a CSV or
XLSX file, one row per instance, year and indicator (the export and the columns: `level_columns`).

The file is read by the score importer's reader (`indices.transfer.reading`: its dialects, limits, formula
cells and row errors), its cells by `indices.transfer.cells` (a decimal comma reads "2,26"), and the result
is the score importer's `ImportResult`, which the preview words the same way. A row is checked against the
framework's rules, the page's instance and year, and the signed-in person's rights (`indices.access`); any
error refuses the whole file. A good file is written in one transaction, as one change set of the audit
trail."""

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indices.access import Access
from indices.formatting import NumberError
from indices.models import ChangeSet, FrameworkNode, create_all, recording, state_before, update_all
from indices.transfer import preview, reading
from indices.transfer.cells import (
    Formula,
    Overlong,
    RowError,
    cell_text,
    parse_code,
    parse_decimal,
    parse_year,
)
from indices.transfer.services import ImportResult
from indices.workspace import review
from indices.workspace.level_columns import COLUMNS, EXPORT_COLUMNS, FIELDS, LIMITS, column_of
from indices.workspace.lookup import saved
from indices.workspace.models import Assessment, IndicatorLevel
from indices.workspace.pemdi_models import INDICATOR_OF


@dataclass
class LevelChange:
    """One row that passed every check: the level to write and, for an update, the fields it replaces."""

    line: int
    record: IndicatorLevel
    old: dict | None = None

    @property
    def number(self) -> int:
        return self.record.node.number

    def differences(self) -> list[tuple[str, str, str]]:
        """Every field the row changes, as (what, now, after) in words."""
        old = self.old or {}
        return [
            (preview.field_label(self.record, name), preview.text(before), preview.text(after))
            for name, before in old.items()
            if before != (after := getattr(self.record, name))
        ]

    def values(self) -> list[tuple[str, str]]:
        """What a new level holds, as (what, value) in words."""
        return [
            (preview.field_label(self.record, name), preview.text(getattr(self.record, name)))
            for name in FIELDS.values()
            if getattr(self.record, name) not in (None, "")
        ]


@dataclass
class LevelPlan:
    """What a file would do to one assessment: the shape `ImportResult` reads."""

    creates: list[LevelChange] = field(default_factory=list)
    updates: list[LevelChange] = field(default_factory=list)
    unchanged: list[LevelChange] = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_lines: set[int] = field(default_factory=set)
    fields: list[str] = field(default_factory=list)


def levels_import(
    *,
    assessment: Assessment,
    access: Access,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    previewed: dict | None = None,
) -> ImportResult:
    """Import a CSV or XLSX of `assessment`'s levels: every row is written, or none. `previewed` is
    `stored_state()` of the plan the preview showed: a level changed since is refused."""
    with transaction.atomic():
        try:
            table = reading.read_table(
                data, filename, columns=column_of, limits=LIMITS, multiline=frozenset({"fakta", "analisis"})
            )
            plan = levels_plan(table, assessment, access)
        except reading.ImportFileError as error:
            return ImportResult(
                plan=None, errors=[RowError(None, None, str(error))], applied=False, dry_run=dry_run
            )
        errors = sorted(plan.errors, key=lambda e: (e.line or 0, e.column or ""))
        if previewed is not None:
            errors += changed_since(previewed, plan)
        if errors or dry_run:
            return ImportResult(plan=plan, errors=errors, applied=False, dry_run=dry_run)
        _record_and_apply(plan, assessment, filename, access.user)
    return ImportResult(plan=plan, errors=[], applied=True, dry_run=False)


def levels_plan(table: reading.Table, assessment: Assessment, access: Access) -> LevelPlan:
    """Check every row of `table` as a level of `assessment`, written by the person `access` describes."""
    missing = [COLUMNS[name][0] for name in ("code", "year", "indicator") if name not in table.headers]
    if missing:
        raise reading.ImportFileError(
            _("Missing column: %(missing)s. The first row has: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(table.headers.values())}
        )
    header_errors = [
        RowError(
            table.header_line,
            None,
            _("Unknown column “%(column)s” (column %(number)s): delete it, or rename it to one of %(known)s.")
            % {
                "column": written,
                "number": number,
                "known": ", ".join(COLUMNS[c][0] for c in EXPORT_COLUMNS),
            },
        )
        for number, written in table.unknown
    ]
    given = [FIELDS[column] for column in FIELDS if column in table.headers]
    row_lines = {line for line, _cells in table.rows} | {error.line for error in table.errors if error.line}
    plan = LevelPlan(errors=header_errors + list(table.errors), row_lines=row_lines, fields=given)
    if header_errors:
        return plan
    framework = assessment.framework
    nodes = {
        node.number: node
        for node in FrameworkNode.objects.filter(framework=framework, level=FrameworkNode.Level.INDICATOR)
    }
    external = set() if framework.whole_levels else set(INDICATOR_OF.values())
    stored = (
        {level.node_id: level for level in IndicatorLevel.objects.filter(assessment=assessment)}
        if assessment.pk
        else {}
    )
    seen: dict[int, int] = {}
    for line, cells in table.rows:
        errors: list[tuple[str | None, str]] = []
        node = _row_node(cells, table, assessment, nodes, errors)
        if node is not None and node.number in seen:
            errors.append(
                (
                    _header(table, "indicator"),
                    _("Indicator %(number)s is already on line %(line)s.")
                    % {"number": node.number, "line": seen[node.number]},
                )
            )
        if node is None or errors:
            plan.errors += [RowError(line, column, message) for column, message in errors]
            continue
        seen[node.number] = line
        old = stored.get(node.pk)
        record = IndicatorLevel(assessment=assessment, node=node) if old is None else copy.copy(old)
        record.assessment = assessment
        _fill(record, cells, table, given, node.number in external, errors)
        before = {name: getattr(old, name) for name in given} if old else None
        after = {name: getattr(record, name) for name in given}
        if old is None and all(value in (None, "") for value in after.values()):
            kind = plan.unchanged  # an empty row for a level not stored: nothing to create
        elif old is None:
            kind = plan.creates
        elif before == after:
            kind = plan.unchanged
        else:
            kind = plan.updates
        # A row that writes nothing needs no right: an exported file comes back with the rows not the
        # person's to change (an owner's other indicators, a locked assessment's accepted ones) as they were.
        if not errors and kind is not plan.unchanged and not _may_write(access, record):
            errors.append((_header(table, "indicator"), _refusal(assessment, node)))
        if errors:
            plan.errors += [RowError(line, column, message) for column, message in errors]
        else:
            kind.append(LevelChange(line, record, old=before if kind is plan.updates else None))
    return plan


def _row_node(cells, table, assessment, nodes, errors) -> FrameworkNode | None:
    """The indicator a row is for, once its instance and year are this page's."""
    for column, cell in cells.items():
        if isinstance(cell, Formula):
            errors.append(
                (
                    _header(table, column),
                    _("This cell holds a formula (%(formula)s); save the sheet with values only.")
                    % {"formula": cell.text[:60]},
                )
            )
        elif isinstance(cell, Overlong):
            errors.append(
                (
                    _header(table, column),
                    _(
                        "This cell has %(length)s characters; an XLSX cell is read "
                        "up to 2,000: save the file as CSV."
                    )
                    % {"length": cell.length},
                )
            )
    if errors:
        return None
    code = parse_code(cells.get("code", ""))
    if code != assessment.instance.code:
        errors.append(
            (
                _header(table, "code"),
                _(
                    "This page imports the levels of %(instance)s (%(code)s) only; this row "
                    "is for “%(written)s”."
                )
                % {
                    "instance": assessment.instance.name,
                    "code": assessment.instance.code,
                    "written": cell_text(cells.get("code", "")),
                },
            )
        )
    try:
        year = parse_year(cells.get("year", ""))
    except ValueError:
        year = None
    if year != assessment.year:
        errors.append(
            (
                _header(table, "year"),
                _("This page imports the levels of %(year)s only; this row says “%(written)s”.")
                % {"year": assessment.year, "written": cell_text(cells.get("year", ""))},
            )
        )
    written = cell_text(cells.get("indicator", ""))
    number = written[1:] if written[:1] in ("I", "i") else written
    node = nodes.get(int(number)) if number.isdigit() else None
    if node is None:
        errors.append(
            (
                _header(table, "indicator"),
                _("Unknown indicator “%(written)s”: %(framework)s numbers its indicators 1 to %(last)s.")
                % {"written": written, "framework": assessment.framework.name, "last": max(nodes, default=0)},
            )
        )
    return None if errors else node


def _fill(record, cells, table, given, external: bool, errors) -> None:
    """Set the given fields from the row, and check them as the model and the framework do."""
    for column, name in FIELDS.items():
        if name not in given:
            continue
        cell = cells.get(column, "")
        if column != "level":
            setattr(record, name, cell_text(cell))
            continue
        text = cell_text(cell)
        if not text:
            record.self_level = None
            continue
        if external:
            errors.append(
                (
                    _header(table, column),
                    _("Indicator %(number)s is valued from another agency's index; leave its level empty.")
                    % {"number": record.node.number},
                )
            )
            continue
        try:
            value = parse_decimal(cell)
        except NumberError:
            errors.append((_header(table, column), _("“%(text)s” is not a level.") % {"text": text[:60]}))
            continue
        if value != value.quantize(Decimal("0.01")):
            errors.append((_header(table, column), _("A level has at most two decimals (2,26).")))
            continue
        problem = record.assessment.framework.level_problem(value)
        if problem:
            errors.append((_header(table, column), problem))
            continue
        record.self_level = value
    exclude = [f.name for f in IndicatorLevel._meta.fields if f.name not in given]
    try:
        record.clean_fields(exclude=exclude)
    except ValidationError as error:
        by_field = {name: column for column, name in FIELDS.items()}
        errors += [
            (_header(table, by_field[name]), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]


def _may_write(access: Access, record: IndicatorLevel) -> bool:
    """`Access.can_write` on the level as it would be saved; a workspace not stored yet is a draft, whose
    levels its operators and owners write (`review.editable`)."""
    if record.assessment.pk is None:
        return review.editable(record, access)
    return access.can_write(record)


def _refusal(assessment: Assessment, node) -> str:
    if assessment.pk and assessment.state != Assessment.State.DRAFT:
        return review.lock_in_words(assessment)
    return _("Indicator %(number)s of %(instance)s is not yours to change.") % {
        "number": node.number,
        "instance": assessment.instance.name,
    }


def _header(table, column: str) -> str:
    return table.headers.get(column, COLUMNS[column][0])


def stored_state(plan: LevelPlan) -> dict[str, dict | None]:
    """What the database held, when `plan` was made, of each level the file touches (None: nothing yet),
    by indicator number; plain text, to keep with a preview until its confirmation."""
    state = {}
    for change in plan.creates + plan.updates + plan.unchanged:
        level = change.record
        if change.old is not None:
            state[str(change.number)] = {name: str(value) for name, value in change.old.items()}
        elif level.pk is None:
            state[str(change.number)] = None
        else:
            state[str(change.number)] = {name: str(getattr(level, name)) for name in plan.fields}
    return state


def changed_since(previewed: dict, plan: LevelPlan) -> list[RowError]:
    """A line for each level someone changed between the preview and now."""
    now = stored_state(plan)
    message = _(
        "Indicator %(number)s changed after the preview. Nothing was written; upload the file again to see "
        "what it would change now."
    )
    return [
        RowError(change.line, None, message % {"number": change.number})
        for change in plan.creates + plan.updates + plan.unchanged
        if str(change.number) in previewed and previewed[str(change.number)] != now[str(change.number)]
    ]


def _record_and_apply(plan: LevelPlan, assessment: Assessment, filename: str, by) -> None:
    """Write `plan` as one change set of the audit trail: its file, its user, what it created and updated.
    A level the file writes is the person's own: no longer one to confirm (`prefilled_from`)."""
    if not (plan.creates or plan.updates):
        return
    change_set = ChangeSet.objects.create(
        kind=ChangeSet.Kind.IMPORT,
        user=by,
        filename=filename or "-",
        model_name=IndicatorLevel._meta.model_name,
        created=len(plan.creates),
        updated=len(plan.updates),
    )
    reason = _("Import of %(file)s") % {"file": filename or "-"}
    with recording(change_set):
        saved(assessment)
        created = []
        for change in plan.creates:
            change.record.assessment = assessment
            change.record.prefilled_from = None
            created.append(change.record)
        create_all(IndicatorLevel, created, reason=reason)
        before = [
            state_before(change.record, change.old | {"prefilled_from": change.record.prefilled_from})
            for change in plan.updates
        ]
        for change in plan.updates:
            change.record.prefilled_from = None
        update_all(
            IndicatorLevel,
            [change.record for change in plan.updates],
            [*plan.fields, "prefilled_from", "updated_at"],
            before,
            reason=reason,
        )
