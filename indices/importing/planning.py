"""Checking every row of a `Table` against the database and planning what an import would do.

`plan(table, spec)` loads what it needs once (a handful of queries for the whole file) and returns a `Plan`:
what would be created, updated or left unchanged, what is skipped, and every error with its line and column.
Nothing here writes; `indices.importing.applying` writes a plan that has no errors.

Sources: the `sumber` cell names a source by its title, or by its URL when it starts with http(s)://. An
existing source with that title (or URL) is reused, however its other details read; otherwise one new
source is created per distinct title, from the optional `penerbit`, `url_sumber`, `dokumen_sumber`,
`tanggal_sumber` and `catatan_sumber` columns (its document defaults to the title, since a source needs a
URL or a document reference).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indices import formatting
from indices.exports import EXPORT_HEADERS
from indices.facts import FrameworkFacts
from indices.formatting import NumberError, format_score
from indices.importing.reading import (
    Formula,
    ImportFileError,
    RowError,
    Table,
    cell_text,
    name_key,
    parse_code,
    parse_year,
    present,
)
from indices.importing.records import KINDS, RecordSpec
from indices.models import SCORE_MAX, SCORE_MIN, SCORE_RANGE_MESSAGE, Framework, Score, Source, Target
from regions.models import Region

YES = {"ya", "y", "yes", "true", "1", "x"}
NO = {"", "tidak", "t", "no", "n", "false", "0"}


@dataclass
class Change:
    """One row that passed every check: the record to write and, for an update, what it replaces."""

    line: int
    record: Score | Target
    old: dict | None = None  # the compared fields before an update
    column: str = ""  # where an update shows in the file, for its conflict message
    conflict: str = ""

    @property
    def region(self):
        return self.record.region

    @property
    def value_label(self) -> str:
        return format_score(self.record.value)

    @property
    def old_value_label(self) -> str:
        return format_score(self.old["value"]) if self.old else ""


@dataclass
class Plan:
    spec: RecordSpec
    creates: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_sources: list[Source] = field(default_factory=list)

    def problems(self, *, update: bool) -> list[RowError]:
        """Every error, plus each update as a conflict unless updates are allowed; by line."""
        problems = list(self.errors)
        if not update:
            problems += [RowError(c.line, c.column, c.conflict) for c in self.updates]
        return sorted(problems, key=lambda e: (e.line or 0, e.column or ""))


def plan(table: Table, spec: RecordSpec) -> Plan:
    """Check every row of `table` as records of `spec`; the plan lists creates, updates, unchanged, skips, errors."""
    _required(table, spec.value_column)
    checker = Checker(table)
    result = Plan(spec=spec, errors=list(table.errors))
    existing = spec.existing({y for y in (_safe_year(cells) for _, cells in table.rows) if y})
    # A column the file leaves out keeps what the database has; one left empty is empty.
    kept = [name for name in ("note", spec.detail) if name not in table.headers]
    for line, cells in table.rows:
        errors = _common_errors(cells, checker)
        skip = _skip_reason(cells, spec)
        if skip and not errors:
            result.skipped.append((line, skip))
            continue
        record = spec.build(cells, checker.column, errors)
        record.region = checker.region(cells, errors)
        record.year, framework = checker.year(cells, errors)
        record.value = checker.value(cells, spec.value_column, errors)
        record.source = checker.source(cells, errors)
        if record.value is not None:
            errors += _model_errors(record, checker, {"value": spec.value_column})
        if not present(cells.get("source", "")):
            errors.append((checker.column("source"), str(spec.model.SOURCE_REQUIRED)))
        if not errors:
            checker.repeated((record.region.code, record.year, spec.slot(record)), line, errors)
        if errors:
            result.errors += [RowError(line, column, message) for column, message in errors]
            continue
        if spec.model is Score:
            record.framework_id = framework.id  # bulk_create skips Score.save(), which would derive it
        old = existing.get((record.region.code, record.year, spec.slot(record)))
        if old is None:
            result.creates.append(Change(line, record))
            continue
        for name in kept:
            setattr(record, name, getattr(old, name))
        before = {name: getattr(old, name) for name in spec.compared}
        if before == {name: getattr(record, name) for name in spec.compared}:
            result.unchanged.append(Change(line, old))
            continue
        for name in spec.compared:
            setattr(old, name, getattr(record, name))
        conflict = spec.conflict(old, before["value"])
        result.updates.append(
            Change(line, old, old=before, column=checker.column(spec.value_column), conflict=conflict)
        )
    result.new_sources = list(checker.new_sources.values())
    return result


def _safe_year(cells) -> int | None:
    try:
        return parse_year(cells.get("year", ""))
    except ValueError:
        return None


class Checker:
    """What a plan needs from the database, loaded once: regions, frameworks, sources, existing records."""

    def __init__(self, table: Table):
        self.table = table
        self.regions = {r.code: r for r in Region.objects.all()}
        by_name: dict[str, list[Region]] = {}
        for region in self.regions.values():
            by_name.setdefault(name_key(region.name), []).append(region)
            bare = re.sub(r"^(kabupaten|kota)", "", name_key(region.name))
            if bare != name_key(region.name):
                by_name.setdefault(bare, []).append(region)
        self.by_name = by_name
        self.frameworks = Framework.objects.facts()
        self.sources_by_title: dict[str, list[Source]] = {}
        self.sources_by_url: dict[str, Source] = {}
        for source in Source.objects.order_by("pk"):
            self.sources_by_title.setdefault(_title_key(source.title), []).append(source)
            if source.url:
                self.sources_by_url.setdefault(source.url, source)
        self.new_sources: dict[str, Source] = {}
        self.seen: dict[tuple, int] = {}

    def column(self, name: str) -> str:
        return self.table.headers.get(name, EXPORT_HEADERS.get(name, name))

    def region(self, cells, errors) -> Region | None:
        code_cell, name_cell = cells.get("code", ""), cells.get("name", "")
        if isinstance(code_cell, Formula) or isinstance(name_cell, Formula):
            return None  # reported once, as a formula
        name = cell_text(name_cell)
        if present(code_cell):
            code = parse_code(code_cell)
            region = self.regions.get(code)
            if region is None:
                errors.append((self.column("code"), _("Unknown region code %(code)s.") % {"code": code}))
                return None
            if name and region not in self.by_name.get(name_key(name), []):
                errors.append(
                    (
                        self.column("name"),
                        _("“%(name)s” does not match code %(code)s (%(region)s).")
                        % {"name": name, "code": code, "region": region.name},
                    )
                )
                return None
            return region
        if not name:
            column = self.column("code") if "code" in self.table.headers else self.column("name")
            errors.append((column, _("Give the region's code or name.")))
            return None
        matches = self.by_name.get(name_key(name), [])
        if len(matches) > 1:
            exact = [r for r in matches if name_key(r.name) == name_key(name)]
            matches = exact if len(exact) == 1 else matches
        if not matches:
            errors.append((self.column("name"), _("No region is named “%(name)s”.") % {"name": name}))
            return None
        if len(matches) > 1:
            errors.append(
                (
                    self.column("name"),
                    _("“%(name)s” matches several regions; write Kabupaten or Kota, or give the code.")
                    % {"name": name},
                )
            )
            return None
        return matches[0]

    def year(self, cells, errors) -> tuple[int | None, FrameworkFacts | None]:
        cell = cells.get("year", "")
        if isinstance(cell, Formula):
            return None, None
        try:
            year = parse_year(cell)
        except ValueError:
            errors.append((self.column("year"), _("“%(text)s” is not a year.") % {"text": cell_text(cell)}))
            return None, None
        framework = self.frameworks.for_year(year)
        if framework is None:
            errors.append(
                (self.column("year"), _("No evaluation framework covers the year %(year)s.") % {"year": year})
            )
        return year, framework

    def value(self, cells, column, errors) -> Decimal | None:
        cell = cells.get(column, "")
        if isinstance(cell, Formula):
            return None
        if not present(cell):
            errors.append((self.column(column), _("This field is required.")))
            return None
        try:
            value = formatting.parse_score(cell)
        except NumberError as error:
            errors.append((self.column(column), error.message))
            return None
        if not SCORE_MIN <= value <= SCORE_MAX:
            errors.append((self.column(column), str(SCORE_RANGE_MESSAGE)))
            return None
        return value

    def source(self, cells, errors) -> Source | None:
        text = cell_text(cells.get("source", ""))
        if not text or isinstance(cells.get("source"), Formula):
            return None
        if re.match(r"https?://", text, re.IGNORECASE):
            found = self.sources_by_url.get(text)
            title, url = text, text
        else:
            candidates = self.sources_by_title.get(_title_key(text), [])
            url = cell_text(cells.get("source_url", ""))
            publisher = cell_text(cells.get("publisher", ""))
            preferred = [
                s for s in candidates if (url and s.url == url) or (publisher and s.publisher == publisher)
            ]
            found = (preferred or candidates or [None])[0]
            title = text
        if found:
            return found
        key = _title_key(title)
        if key in self.new_sources:
            return self.new_sources[key]
        source = Source(
            title=title,
            url=url,
            publisher=cell_text(cells.get("publisher", "")),
            document=cell_text(cells.get("source_document", "")) or ("" if url else title),
            note=cell_text(cells.get("source_note", "")),
        )
        date_text = cell_text(cells.get("source_date", ""))
        if date_text:
            try:
                source.published_on = datetime.date.fromisoformat(date_text[:10])
            except ValueError:
                errors.append(
                    (
                        self.column("source_date"),
                        _("“%(text)s” is not a date; write it as YYYY-MM-DD.") % {"text": date_text},
                    )
                )
                return None
        try:
            source.full_clean(exclude=["published_on"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = {"url": "source_url", "publisher": "publisher", "document": "source_document"}.get(
                    field_name, "source"
                )
                errors.extend((self.column(column), message) for message in messages)
            return None
        self.new_sources[key] = source
        return source

    def repeated(self, key: tuple, line: int, errors) -> bool:
        if key in self.seen:
            errors.append(
                (
                    self.column("year"),
                    _("Repeats line %(line)s: same region and year.") % {"line": self.seen[key]},
                )
            )
            return True
        self.seen[key] = line
        return False


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


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
