"""Checking every row of a `Table` against the database and planning what an import would do.

`plan(table, spec)` loads what it needs once (a handful of queries for the whole file) and returns a `Plan`:
what would be created, updated or left unchanged, what is skipped, and every error with its line and column.
Nothing here writes; `indices.transfer.applying` writes a plan that has no errors.

Sources: the `sumber` cell names a source by its title, or by its URL when it starts with http(s)://. An
existing source with that title (or URL) is reused, however its other details read; otherwise one new
source is created per distinct title, from the optional `penerbit`, `url_sumber`, `dokumen_sumber`,
`tanggal_sumber` and `catatan_sumber` columns (its document defaults to the title, since a source needs a
URL or a document reference)."""

import copy
import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indices.columns import EXPORT_HEADERS
from indices.formatting import format_score
from indices.models import Score, Source, Target
from indices.transfer import preview, records
from indices.transfer.cells import PREVIEW, Formula, ImportFileError, RowError, cell_text, parse_year, present
from indices.transfer.checks import NO, YES, Checker
from indices.transfer.headers import HEADER_TO_COLUMN, header_key
from indices.transfer.reading import Table
from indices.transfer.records import KINDS, RecordSpec, reader_of

# A record's fields checked by the model as the row gives them (text: length and printable characters),
# by the column that holds them; the value's column differs by kind.
CHECKED_FIELDS = {"note": "note", "source_detail": "source_detail"}


@dataclass
class Change:
    """One row that passed every check: the record to write and, for an update, what it replaces."""

    line: int
    record: Score | Target
    old: dict | None = None  # the compared fields before an update
    column: str = ""  # where an update shows in the file, for its conflict message
    conflict: str = ""
    values: dict = field(default_factory=dict)  # domain and aspect values by node id
    old_values: dict = field(default_factory=dict)
    framework: object = None  # the year's FrameworkFacts, to name the domain values
    notice: str = ""  # what the row removes that it does not say, and why (shown per row in the preview)

    @property
    def instance(self):
        return self.record.instance

    @property
    def value_label(self) -> str:
        return format_score(self.record.value)

    @property
    def old_value_label(self) -> str:
        return format_score(self.old["value"]) if self.old else ""

    def stored(self) -> Score | Target | None:
        """The record as the database holds it before this row is written (None for a new one): what
        `Access.can_save` weighs the row against."""
        if self.old is None:
            return None if self.record.pk is None else self.record
        stored = copy.copy(self.record)
        for name, value in self.old.items():
            setattr(stored, name, value)
        return stored

    @property
    def changes_values(self) -> bool:
        return self.values != self.old_values

    def differences(self) -> list[tuple[str, str, str]]:
        """Every field the update changes, as (what, now, after) in words: the value, status, year carried
        from, source, citation, note and each domain or aspect value. The preview shows them all, so that no
        replaced citation or removed domain value goes unseen behind a changed index."""
        if self.old is None:
            return []
        rows = []
        for name, before in self.old.items():
            after = getattr(self.record, name)
            if before != after:
                rows.append(
                    (preview.field_label(self.record, name), preview.text(before), preview.text(after))
                )
        names = preview.node_names(self.framework)
        for node_id in sorted(
            set(self.old_values) | set(self.values), key=lambda n: names.get(n, ("", ""))[0]
        ):
            before, after = self.old_values.get(node_id), self.values.get(node_id)
            if before != after:
                rows.append(
                    (names.get(node_id, ("", str(node_id)))[1], preview.text(before), preview.text(after))
                )
        return rows


@dataclass
class Plan:
    spec: RecordSpec
    creates: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_sources: list[Source] = field(default_factory=list)
    instance_column: str = ""  # the file's column naming each row's instance, for messages about it
    row_lines: set[int] = field(default_factory=set)  # the line of every data row of the file

    def problems(self, *, update: bool) -> list[RowError]:
        """Every error, plus each update as a conflict unless updates are allowed; by line."""
        problems = list(self.errors)
        if not update:
            problems += [RowError(c.line, c.column, c.conflict) for c in self.updates]
        return sorted(problems, key=lambda e: (e.line or 0, e.column or ""))


def plan(table: Table, spec: RecordSpec) -> Plan:
    """Check every row of `table` as records of `spec`; the plan lists creates, updates, unchanged, skips, errors."""
    header_errors = _header_errors(table, spec)
    if header_errors:
        # The header decides how every cell is read: the rows are checked once it is right.
        return Plan(spec=spec, errors=header_errors + table.errors)
    _required(table, spec.value_column)
    checker = Checker(table)
    if missing := checker.register_missing():
        raise ImportFileError(missing)
    # Every data row: those read and those refused for their shape (a cell too long, a missing cell).
    row_lines = {line for line, _cells in table.rows} | {error.line for error in table.errors if error.line}
    result = Plan(spec=spec, errors=list(table.errors), row_lines=row_lines)
    existing = spec.existing({y for y in (_safe_year(cells) for _, cells in table.rows) if y})
    # A column the file leaves out keeps what the database has; one left empty is empty. A score's kind of
    # source (jenis_sumber) says its status too.
    given = set(table.headers) | ({"status"} if "source_kind" in table.headers else set())
    kept = [name for name in ("note", "source_detail", spec.detail) if name not in given]
    for line, cells in table.rows:
        errors = _common_errors(cells, checker)
        skip = _skip_reason(cells, spec)
        if skip and not errors:
            result.skipped.append((line, skip))
            continue
        record = spec.build(cells, checker.column, errors)
        instance = record.instance = checker.instance(cells, errors)
        if instance and present(kind := cells.get("instance_kind", "")):
            errors += checker.kind_agrees(instance, cell_text(kind).lower())
        record.year, framework = checker.year(cells, errors, evaluated=spec.model is Score)
        record.value = checker.value(cells, spec.value_column, framework, errors)
        record.source = checker.source(cells, errors, kind=new_source_kind(cells, record))
        if spec.model is Score and _press_without_status(cells, record):
            # A press figure stands beside the year's result, never over it: a row that cites a press source
            # and says no status is the press figure of its year, whatever its value.
            record.status = Score.Status.REPORTED
        if spec.model is Score and record.source is not None and (problem := record._source_kind_problem()):
            errors.append((checker.column("source"), problem))
        if (
            spec.model is Score
            and record.carried_from is not None
            and record.year is not None
            and record.carried_from >= record.year
        ):
            errors.append(
                (checker.column("carried_from"), _("A carried-over value comes from an earlier year."))
            )
        record.source_detail = cell_text(cells.get("source_detail", ""))
        values = checker.node_values(cells, spec, framework, errors)
        if record.value is not None:
            errors += _model_errors(record, checker, CHECKED_FIELDS | {"value": spec.value_column})
        if not present(cells.get("source", "")):
            errors.append((checker.column("source"), str(spec.model.SOURCE_REQUIRED)))
        if not errors and framework is not None and spec.has_values:
            errors += checker.index_agrees(record, framework, values)
        if not errors:
            checker.repeated((instance.code, record.year, spec.slot(record)), line, errors)
        if errors:
            result.errors += [RowError(line, column, message) for column, message in errors]
            continue
        if spec.model is Score:
            record.framework_id = framework.id  # bulk_create skips Score.save(), which would derive it
        old = existing.get((record.instance.code, record.year, spec.slot(record)))
        if old is None:
            if spec.has_values:
                record.unrounded_value = checker.unrounded(record.year, framework, values)
            result.creates.append(Change(line, record, values=values))
            continue
        change = _update(line, old, record, values, spec, kept, framework, checker)
        if change.old is None:
            result.unchanged.append(change)
        else:
            result.updates.append(change)
    result.new_sources = list(checker.new_sources.values())
    result.instance_column = checker.column("code" if "code" in table.headers else "name")
    return result


def _update(line, old, record, values, spec, kept, framework, checker) -> Change:
    """The change a row makes to the stored `old` record (its `old` None when the row changes nothing).

    A column the file leaves out keeps what is stored, except what belongs to another publication: a row
    that changes the source replaces the whole citation (a table and row of the report are not the press
    article's), and keeps the stored domain values only when it gives none and cites the same publication.
    """
    same_source = (
        record.source is not None and record.source.pk is not None and record.source.pk == old.source_id
    )
    for name in kept:
        if name == "source_detail" and not same_source:
            continue  # the row's source comes without a citation of its own: the old one is not its
        setattr(record, name, getattr(old, name))
    old_values = spec.values_of(old)
    notice = ""
    if not values and old_values:
        if same_source:
            values = old_values
        else:
            notice = _(
                "The %(count)s domain and aspect values of %(old)s will be removed: this row cites %(new)s and "
                "gives none. Add the domain values to the row, or cite the same publication, to keep them."
            ) % {"count": len(old_values), "old": old.source.title, "new": record.source.title}
    if spec.has_values:
        old.unrounded_value = checker.unrounded(record.year, framework, values)
    before = {name: getattr(old, name) for name in spec.compared}
    if before == {name: getattr(record, name) for name in spec.compared} and values == old_values:
        return Change(line, old)
    for name in spec.compared:
        setattr(old, name, getattr(record, name))
    return Change(
        line,
        old,
        old=before,
        column=checker.column(spec.value_column),
        conflict=spec.conflict(old, before["value"]),
        values=values,
        old_values=old_values,
        framework=framework,
        notice=notice,
    )


def _press_without_status(cells, record) -> bool:
    return (
        record.source is not None
        and record.source.kind == Source.Kind.PRESS
        and not present(cells.get("status", ""))
        and not present(cells.get("source_kind", ""))
    )


def new_source_kind(cells, record) -> str:
    """What a source the row cites for the first time is: as its `jenis_sumber` says, else a publication for
    an evaluation result or a target (a report, decree or planning document), a press statement for a
    figure the press reported."""
    kind = records.SOURCE_KINDS.get(cell_text(cells.get("source_kind", "")).lower(), (None, None))[0]
    if kind:
        return kind
    return (
        Source.Kind.PRESS
        if getattr(record, "status", None) == Score.Status.REPORTED
        else Source.Kind.OFFICIAL
    )


def _safe_year(cells) -> int | None:
    try:
        return parse_year(cells.get("year", ""))
    except ValueError:
        return None


def _model_errors(record, checker: Checker, fields: dict[str, str]) -> list[tuple[str, str]]:
    """The model's own field checks (range, decimals) with its messages; no query."""
    exclude = [f.name for f in record._meta.fields if f.name not in fields]
    try:
        record.clean_fields(exclude=exclude)
    except ValidationError as error:
        return [
            (checker.column(fields[name]), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _skip_reason(cells, spec: RecordSpec) -> str | None:
    """Rows of the other kind in a combined export, and sample data, are not imported."""
    row_kind = cell_text(cells.get("kind", "")).lower()
    if row_kind and KINDS.get(row_kind) is not spec:
        if row_kind not in KINDS:
            return None  # reported as an error by the caller
        return _("a row of kind %(kind)s") % {"kind": row_kind}
    sample = cell_text(cells.get("sample", "")).lower()
    if sample in YES:
        return _("sample data (contoh), never imported as a published figure")
    return None


def _common_errors(cells, checker: Checker) -> list[tuple[str, str]]:
    errors = []
    for column, cell in cells.items():
        if isinstance(cell, Formula):
            errors.append(
                (
                    checker.column(column),
                    _("This cell holds a formula (%(formula)s); save the sheet with values only.")
                    % {"formula": cell.text[:60]},
                )
            )
    row_kind = cell_text(cells.get("kind", "")).lower()
    if row_kind and row_kind not in KINDS:
        errors.append(
            (checker.column("kind"), _("Unknown kind “%(text)s”; use skor or target.") % {"text": row_kind})
        )
    sample = cell_text(cells.get("sample", "")).lower()
    if sample not in YES | NO:
        errors.append((checker.column("sample"), _("Write ya or leave it empty.")))
    return errors


def _header_errors(table: Table, spec: RecordSpec) -> list[RowError]:
    """Headers this import does not read, each with its column number: a misspelt `statsu` would leave every
    row's status to its default, and a misspelt `catatn` every note empty."""
    combined = "kind" in table.headers
    readable = [alias for alias, column in HEADER_TO_COLUMN.items() if spec.reads(column, combined=combined)]
    values = spec.reads("domain_1", combined=combined)
    errors = [
        (number, _unknown_column(written, number, readable, values)) for number, written in table.unknown
    ]
    for column, written in table.headers.items():
        if not spec.reads(column, combined=combined):
            message = _(
                "Column “%(column)s” (column %(number)s) is for %(owner)s; an import of %(kind)s does not read "
                "it. Delete the column, or import the file as %(owner)s."
            )
            names = {
                "column": written,
                "number": table.numbers[column],
                "owner": reader_of(column).model._meta.verbose_name_plural,
                "kind": spec.model._meta.verbose_name_plural,
            }
            errors.append((table.numbers[column], message % names))
    return [RowError(table.header_line, None, message) for _number, message in sorted(errors)]


def _unknown_column(written: str, number: int, readable: list[str], values: bool) -> str:
    """The message for a header no column has, suggesting the readable header it is closest to (with
    `values`, a domain or aspect column of the same number: `domian_2` is `domain_2`)."""
    key = header_key(written)
    digits = re.search(r"[0-9]+", key)
    if values and digits:
        readable = [*readable, f"domain_{digits[0]}", f"aspek_{digits[0]}"]
    close = difflib.get_close_matches(key, readable, n=1, cutoff=0.75)
    names = {"column": written if len(written) <= PREVIEW else f"{written[:PREVIEW]}…", "number": number}
    if close:
        message = _("Unknown column “%(column)s” (column %(number)s); did you mean “%(suggestion)s”?")
        return message % (names | {"suggestion": close[0]})
    message = _(
        "Unknown column “%(column)s” (column %(number)s): delete it, or rename it to a column this import reads."
    )
    return message % names


def _required(table: Table, value_column: str) -> None:
    missing = []
    if "code" not in table.headers and "name" not in table.headers:
        missing.append(_("kode (or nama)"))
    if "year" not in table.headers:
        missing.append("tahun")
    if value_column not in table.headers:
        missing.append(EXPORT_HEADERS[value_column])
    if missing:
        raise ImportFileError(
            _("Missing column: %(missing)s. The first row has: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(table.headers.values())}
        )
