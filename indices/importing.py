"""Result spreadsheets in and out: the one place that knows the columns and the rules of a bulk import.

`read_table(data, filename)` turns the bytes of a CSV or XLSX file into a `Table` of raw cells, or raises
`ImportFileError` with a message fit for the person who uploaded it. `plan_scores(table)` and
`plan_targets(table)` check every row against the database (a handful of queries for the whole file) and
return a `Plan`: what would be created, updated or left unchanged, what is skipped, and every error with its
line and column. Nothing here writes; `indices.services.scores_import` applies a plan that has no errors.

Sources: the `sumber` cell names a source by its title, or by its URL when it starts with http(s)://. An
existing source with that title (or URL) is reused, however its other details read; otherwise one new
source is created per distinct title, from the optional `penerbit`, `url_sumber`, `dokumen_sumber`,
`tanggal_sumber` and `catatan_sumber` columns (its document defaults to the title, since a source needs a
URL or a document reference).
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indices import formatting
from indices.formatting import NumberError
from indices.models import (
    SCORE_MAX,
    SCORE_MIN,
    SCORE_RANGE_MESSAGE,
    Framework,
    Score,
    Source,
    Target,
    format_score,
)
from regions.models import Region

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# An XLSX is a zip; refuse one that unpacks to far more than any result sheet could need.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

# Canonical column -> the headers accepted for it (compared after `header_key`).
COLUMNS = {
    "kind": ["jenis", "kind", "type"],
    "code": ["kode", "code", "kode_wilayah", "region_code", "kode_kemendagri"],
    "name": ["nama", "name", "nama_wilayah", "wilayah", "region", "instansi", "nama_instansi"],
    "year": ["tahun", "year", "tahun_evaluasi", "evaluation_year"],
    "score": ["indeks", "index", "indeks_spbe", "nilai", "nilai_indeks", "skor", "score", "value"],
    "target": ["target", "nilai_target", "target_value"],
    "status": ["status"],
    "document": ["dokumen", "document", "dokumen_perencanaan", "planning_document"],
    "source": ["sumber", "source"],
    "publisher": ["penerbit", "publisher"],
    "source_url": ["url_sumber", "source_url", "url"],
    "source_document": ["dokumen_sumber", "source_document"],
    "source_date": ["tanggal_sumber", "source_date", "published_on"],
    "source_note": ["catatan_sumber", "source_note"],
    "note": ["catatan", "note", "keterangan"],
    "sample": ["contoh", "sample", "is_sample"],
    "predicate": ["predikat", "predicate"],
}
HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}

# What `export_rows` writes, in order: the importer reads every one of them back.
EXPORT_HEADERS = {
    "kind": "jenis",
    "code": "kode",
    "name": "nama",
    "year": "tahun",
    "score": "indeks",
    "target": "target",
    "predicate": "predikat",
    "status": "status",
    "document": "dokumen",
    "source": "sumber",
    "publisher": "penerbit",
    "source_url": "url_sumber",
    "source_document": "dokumen_sumber",
    "source_date": "tanggal_sumber",
    "source_note": "catatan_sumber",
    "note": "catatan",
    "sample": "contoh",
}

KIND_SCORE, KIND_TARGET = "skor", "target"
KINDS = {"skor": KIND_SCORE, "score": KIND_SCORE, "indeks": KIND_SCORE, "index": KIND_SCORE}
KINDS |= {"target": KIND_TARGET}

STATUSES = {
    "final": Score.Status.FINAL,
    "resmi": Score.Status.FINAL,
    "mandiri": Score.Status.SELF_ASSESSED,
    "penilaian mandiri": Score.Status.SELF_ASSESSED,
    "self_assessed": Score.Status.SELF_ASSESSED,
    "self-assessed": Score.Status.SELF_ASSESSED,
    "self assessed": Score.Status.SELF_ASSESSED,
    "self-assessment": Score.Status.SELF_ASSESSED,
    "dibawa": Score.Status.CARRIED_OVER,
    "carried_over": Score.Status.CARRIED_OVER,
    "carried over": Score.Status.CARRIED_OVER,
    "carried-over": Score.Status.CARRIED_OVER,
}
STATUS_EXPORT = {
    Score.Status.FINAL: "final",
    Score.Status.SELF_ASSESSED: "mandiri",
    Score.Status.CARRIED_OVER: "dibawa",
}
DOCUMENTS = {choice.value: choice for choice in Target.Document}
DOCUMENTS |= {"perjanjian kinerja": Target.Document.PERJANJIAN_KINERJA, "lainnya": Target.Document.OTHER}

YES = {"ya", "y", "yes", "true", "1", "x"}
NO = {"", "tidak", "t", "no", "n", "false", "0"}
# Cells that a spreadsheet would run as a formula; the export quotes them, the import unquotes them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula rather than a value."""

    text: str


@dataclass
class Table:
    """Raw cells of a sheet: `headers` as written, `rows` as (line, cells) with cells keyed by column."""

    headers: dict[str, str]  # canonical column -> header as written in the file
    rows: list[tuple[int, dict[str, object]]]
    errors: list["RowError"] = field(default_factory=list)  # rows whose shape does not fit the header


@dataclass(frozen=True)
class RowError:
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        where = _("Line %(line)s") % {"line": self.line}
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Change:
    """One row that passed every check: the record to write and, for an update, what it replaces."""

    line: int
    record: Score | Target
    old: dict | None = None  # value, status or document, source, note before an update
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
    kind: str
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


# Reading files -------------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """The first sheet of an XLSX file, or a CSV file in any usual dialect, as a `Table`."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(size_message(len(data)))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _table(_xlsx_rows(data))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV and upload it again.")
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("The file could not be read as XLSX; save it again from Excel, or as CSV."))
    rows, delimiter = _csv_rows(_decode(data))
    return _table(rows, delimiter=delimiter)


def size_message(size: int) -> str:
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": number_format(size / 1024 / 1024, decimal_pos=1),
        "limit": MAX_FILE_BYTES // 1024 // 1024,
    }


def _decode(data: bytes) -> str:
    not_a_sheet = _("This is not a CSV or XLSX spreadsheet.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(not_a_sheet) from None
    elif b"\x00" in data or data.startswith(b"%PDF"):
        raise ImportFileError(not_a_sheet)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" in the ANSI code page.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(not_a_sheet) from None
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise ImportFileError(not_a_sheet)
    return text.lstrip("\ufeff")


def _csv_rows(text: str) -> tuple[list[tuple[int, list, int]], str]:
    """(first line, cells, field count) of every record, and the delimiter used.

    Lines are counted as an editor shows them, so a quoted cell that spans lines does not shift the
    line numbers of the rows after it.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in the Indonesian locale separates with semicolons (the comma is the decimal mark).
    delimiter = max([",", ";", "\t"], key=first_line.count)
    # strict: a quote that is never closed is an error, not the rest of the file swallowed into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, line = [], 1
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
            rows.append((line, [_csv_cell(cell) for cell in cells[:MAX_COLUMNS]], len(cells)))
            line = reader.line_num + 1
    except csv.Error:
        raise ImportFileError(
            _(
                'Line %(line)s: a quote mark (") is not closed, or text follows a closing quote. '
                "Check the quotes from that line on."
            )
            % {"line": line}
        ) from None
    return rows, delimiter


def _csv_cell(text: str):
    text = text.strip()
    if text.startswith("'") and text[1:2] in FORMULA_START and text[1:2]:
        return text[1:]  # quoted by our own export so that spreadsheets do not run it
    if text.startswith("="):
        return Formula(text)
    return text


def _xlsx_rows(data: bytes) -> list[tuple[int, list, int]]:
    import openpyxl  # only XLSX uploads pay for the import

    unreadable = _("The file could not be read as XLSX; save it again from Excel, or as CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(unreadable) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(unreadable)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ImportFileError(unreadable) from None
    try:
        sheet = next((s for s in workbook.worksheets if hasattr(s, "iter_rows")), None)
        if sheet is None:
            raise ImportFileError(_("The file is empty."))
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
            values = [_xlsx_cell(cell) for cell in cells]
            rows.append((number, values, len(values)))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(unreadable) from None
    finally:
        workbook.close()
    return rows


def _xlsx_cell(cell):
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(getattr(value, "text", value)))
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def header_key(header) -> str:
    """`Tahun `, `TAHUN`, `url sumber` and `url-sumber` all become `tahun` / `url_sumber`."""
    text = str(header).replace("\ufeff", "").replace("\xa0", " ").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _table(rows: list[tuple[int, list, int]], delimiter: str | None = None) -> Table:
    """Cells keyed by column. `delimiter` is given for a CSV file, whose rows must match the header."""
    rows = [row for row in rows if any(_present(c) for c in row[1])]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    _header_line, header_cells, header_count = rows[0]
    names = [str(c.text if isinstance(c, Formula) else c).strip() for c in header_cells]
    # Spreadsheets pad rows with empty cells on the right; the header ends at its last name.
    width = max((p + 1 for p, name in enumerate(names) if name), default=0)
    headers, positions, seen = {}, {}, {}
    for position, written in enumerate(names[:width]):
        if not written:
            continue
        if header_key(written) in seen:
            raise ImportFileError(
                _("Column %(column)s appears twice in the header row.") % {"column": written}
            )
        seen[header_key(written)] = position
        column = HEADER_TO_COLUMN.get(header_key(written))
        if column is not None:
            headers[column], positions[column] = written, position
    if not headers:
        raise ImportFileError(
            _("No known column in the first row (found: %(found)s). Expected kode, tahun, indeks, ...")
            % {"found": ", ".join(str(c) for c in header_cells if _present(c))[:200]}
        )
    if len(rows) == 1:
        raise ImportFileError(_("The file has a header row but no data rows."))
    table = Table(headers=headers, rows=[])
    for line, cells, count in rows[1:]:
        problems = _shape_problems(cells, count, header_count, names, width, positions, delimiter)
        if problems:
            table.errors += [RowError(line, column, message) for column, message in problems]
        else:
            table.rows.append(
                (line, {column: cells[p] if p < len(cells) else "" for column, p in positions.items()})
            )
    return table


def _shape_problems(
    cells, count, header_count, names, width, positions, delimiter
) -> list[tuple[str | None, str]]:
    """Why a row cannot be read as the header says: the wrong number of fields, a value under no column,
    a number split by a decimal comma, a quote left open. Such a row is reported, never half-read."""
    extra = [cell for cell in cells[width:] if _present(cell)]
    comma_hint = _(
        'If a number is written with a decimal comma (2,95), put it in quotes ("2,95") or save the file '
        "with semicolons as separators."
    )
    # Excel pads every row, the header included, to the same width: a row wider than the header row is
    # a row whose cells have shifted, even when the extra fields are empty.
    if delimiter is not None and (extra or count > max(header_count, width) or count > MAX_COLUMNS):
        message = _("This row has %(found)s fields but the header has %(expected)s.") % {
            "found": count,
            "expected": width,
        }
        return [(None, f"{message} {comma_hint}" if delimiter == "," else message)]
    if delimiter is not None and count < width:
        return [
            (
                None,
                _(
                    "This row has %(found)s fields but the header has %(expected)s: a separator is missing "
                    "or the row was cut short. Every row needs one field per column, empty ones included."
                )
                % {"found": count, "expected": width},
            )
        ]
    problems = []
    if extra:
        problems.append(
            (
                None,
                _("This row has values to the right of the last named column (%(text)s).")
                % {"text": _text(extra[0])[:60]},
            )
        )
    for position, name in enumerate(names[:width]):
        if not name and position < len(cells) and _present(cells[position]):
            problems.append(
                (
                    None,
                    _(
                        "Column %(position)s has no name in the header row but holds “%(text)s”; name the column or delete it."
                    )
                    % {"position": position + 1, "text": _text(cells[position])[:60]},
                )
            )
    for column, position in positions.items():
        cell = cells[position] if position < len(cells) else ""
        if isinstance(cell, str) and "\n" in cell and delimiter and delimiter in cell:
            problems.append(
                (
                    names[position],
                    _(
                        'This cell runs over several lines and holds separators: a quote mark (") is probably '
                        "not closed. Close the quote or remove the line break."
                    ),
                )
            )
        following = cells[position + 1] if position + 1 < len(cells) else ""
        if (
            delimiter == ","
            and column in ("score", "target")
            and isinstance(cell, str)
            and re.fullmatch(r"[+-]?[0-9]", cell)
            and isinstance(following, str)
            and re.fullmatch(r"[0-9]{1,2}", following)
        ):
            problems.append(
                (
                    names[position],
                    _(
                        "This reads as %(value)s and the next field as %(next)s: a decimal comma split the number."
                    )
                    % {"value": cell, "next": following}
                    + " "
                    + comma_hint,
                )
            )
    return problems


def _present(cell) -> bool:
    return cell is not None and cell != ""


# Reading cells -------------------------------------------------------------------------------------------


def parse_decimal(cell) -> Decimal:
    """A number written 2,87 or 2.87 (or a numeric XLSX cell); NumberError (a ValueError) for anything else."""
    if isinstance(cell, Formula):
        raise NumberError(cell, _("“%(text)s” is not a number.") % {"text": cell.text})
    return formatting.parse_decimal(cell)


def parse_year(cell) -> int:
    """A year as 2024, "2024" or 2024.0; ValueError for anything else."""
    value = parse_decimal(cell)
    if value != value.to_integral_value() or not 1900 <= value <= 2200:
        raise ValueError(cell)
    return int(value)


def parse_code(cell) -> str:
    """A Kemendagri code as text; numeric XLSX cells lose their trailing zero (63.1 is 63.10)."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return f"{cell:02d}"
    if isinstance(cell, float):
        return f"{int(cell):02d}" if cell.is_integer() else f"{cell:05.2f}"
    return str(cell).strip().replace(",", ".")


def name_key(name) -> str:
    """Case, spaces and "Kab."/"Pemkab"/"Provinsi" prefixes do not matter when matching a region's name."""
    text = re.sub(r"\s+", " ", str(name).lower().replace("\xa0", " ")).strip()
    text = re.sub(r"^pemerintah ", "", text)
    for written, meant in (
        (r"^(kab\.|kab |pemkab\.? )", "kabupaten "),
        (r"^(pemkot\.? )", "kota "),
        (r"^(provinsi |prov\. ?|prov |pemprov\.? )", ""),
    ):
        text = re.sub(written, meant, text)
    return text.replace(" ", "")


def _text(cell) -> str:
    if isinstance(cell, Formula):
        return cell.text
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    return "" if cell is None else str(cell).strip()


# Checking rows against the database ------------------------------------------------------------------------


class _Checker:
    """What a plan needs from the database, loaded once: regions, frameworks, sources, existing records."""

    def __init__(self, table: Table, kind: str):
        self.table, self.kind = table, kind
        self.regions = {r.code: r for r in Region.objects.all()}
        by_name: dict[str, list[Region]] = {}
        for region in self.regions.values():
            by_name.setdefault(name_key(region.name), []).append(region)
            bare = re.sub(r"^(kabupaten|kota)", "", name_key(region.name))
            if bare != name_key(region.name):
                by_name.setdefault(bare, []).append(region)
        self.by_name = by_name
        self.frameworks = list(Framework.objects.all())
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
        name = _text(name_cell)
        if _present(code_cell):
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

    def year(self, cells, errors) -> tuple[int | None, Framework | None]:
        cell = cells.get("year", "")
        if isinstance(cell, Formula):
            return None, None
        try:
            year = parse_year(cell)
        except ValueError:
            errors.append((self.column("year"), _("“%(text)s” is not a year.") % {"text": _text(cell)}))
            return None, None
        framework = next((f for f in self.frameworks if f.covers(year)), None)
        if framework is None:
            errors.append(
                (self.column("year"), _("No evaluation framework covers the year %(year)s.") % {"year": year})
            )
        return year, framework

    def value(self, cells, column, errors) -> Decimal | None:
        cell = cells.get(column, "")
        if isinstance(cell, Formula):
            return None
        if not _present(cell):
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
        text = _text(cells.get("source", ""))
        if not text or isinstance(cells.get("source"), Formula):
            return None
        if re.match(r"https?://", text, re.IGNORECASE):
            found = self.sources_by_url.get(text)
            title, url = text, text
        else:
            candidates = self.sources_by_title.get(_title_key(text), [])
            url = _text(cells.get("source_url", ""))
            publisher = _text(cells.get("publisher", ""))
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
            publisher=_text(cells.get("publisher", "")),
            document=_text(cells.get("source_document", "")) or ("" if url else title),
            note=_text(cells.get("source_note", "")),
        )
        date_text = _text(cells.get("source_date", ""))
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


def _model_errors(record, checker, fields: dict[str, str]) -> list[tuple[str, str]]:
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


def _skip_reason(cells, kind: str) -> str | None:
    """Rows of the other kind in a combined export, and sample data, are not imported."""
    row_kind = _text(cells.get("kind", "")).lower()
    if row_kind and KINDS.get(row_kind) != kind:
        if row_kind not in KINDS:
            return None  # reported as an error by the caller
        return _("a row of kind %(kind)s") % {"kind": row_kind}
    sample = _text(cells.get("sample", "")).lower()
    if sample in YES:
        return _("sample data (contoh), never imported as a published figure")
    return None


def _common_errors(cells, checker) -> list[tuple[str, str]]:
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
    row_kind = _text(cells.get("kind", "")).lower()
    if row_kind and row_kind not in KINDS:
        errors.append(
            (checker.column("kind"), _("Unknown kind “%(text)s”; use skor or target.") % {"text": row_kind})
        )
    sample = _text(cells.get("sample", "")).lower()
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


def plan_scores(table: Table) -> Plan:
    """Check every score row; the plan lists creates, updates, unchanged rows, skips and errors."""
    return _plan(table, KIND_SCORE)


def plan_targets(table: Table) -> Plan:
    """Check every target row; the plan lists creates, updates, unchanged rows, skips and errors."""
    return _plan(table, KIND_TARGET)


def _plan(table: Table, kind: str) -> Plan:
    value_column = "score" if kind == KIND_SCORE else "target"
    _required(table, value_column)
    checker = _Checker(table, kind)
    plan = Plan(kind=kind, errors=list(table.errors))
    existing = _existing(kind, {y for y in (_safe_year(cells) for _, cells in table.rows) if y})
    # A column the file leaves out keeps what the database has; one left empty is empty.
    kept = [name for name in ("note", "status", "document") if name not in table.headers]
    for line, cells in table.rows:
        errors = _common_errors(cells, checker)
        skip = _skip_reason(cells, kind)
        if skip and not errors:
            plan.skipped.append((line, skip))
            continue
        region = checker.region(cells, errors)
        year, framework = checker.year(cells, errors)
        value = checker.value(cells, value_column, errors)
        record = _record(kind, cells, checker, errors)
        record.region, record.year, record.value = region, year, value
        record.source = checker.source(cells, errors)
        if value is not None:
            errors += _model_errors(record, checker, {"value": value_column})
        if not _present(cells.get("source", "")):
            if kind == KIND_SCORE:
                errors.append((checker.column("source"), _("A published score needs its source.")))
            else:
                errors.append((checker.column("source"), _("A published target needs its source.")))
        if not errors:
            checker.repeated((region.code, year, _slot(record)), line, errors)
        if errors:
            plan.errors += [RowError(line, column, message) for column, message in errors]
            continue
        if kind == KIND_SCORE:
            record.framework = framework
        old = existing.get((region.code, year, _slot(record)))
        if old is None:
            plan.creates.append(Change(line, record))
            continue
        for name in kept:
            if hasattr(old, name):
                setattr(record, name, getattr(old, name))
        fields = ["value", "status" if kind == KIND_SCORE else "document", "source", "note"]
        before = {name: getattr(old, name) for name in fields}
        if before == {name: getattr(record, name) for name in fields}:
            plan.unchanged.append(Change(line, old))
            continue
        for name in fields:
            setattr(old, name, getattr(record, name))
        change = Change(line, old, old=before, column=checker.column(value_column))
        change.conflict = _conflict_message(change, kind)
        plan.updates.append(change)
    plan.new_sources = list(checker.new_sources.values())
    return plan


def _record(kind: str, cells, checker, errors) -> Score | Target:
    """An unsaved score or target with its status or planning document and note read from the row."""
    note = _text(cells.get("note", ""))
    if kind == KIND_SCORE:
        text = _text(cells.get("status", "")).lower()
        status = STATUSES.get(text, Score.Status.FINAL if not text else None)
        if status is None:
            errors.append(
                (
                    checker.column("status"),
                    _("Unknown status “%(text)s”; use final, mandiri or dibawa.") % {"text": text},
                )
            )
        return Score(status=status or Score.Status.FINAL, note=note)
    text = _text(cells.get("document", "")).lower()
    document = DOCUMENTS.get(text, Target.Document.OTHER if not text else None)
    if document is None:
        errors.append(
            (
                checker.column("document"),
                _("Unknown planning document “%(text)s”; use RPJMN, RPJMD, Renstra, PK or lainnya.")
                % {"text": text},
            )
        )
    return Target(document=document or Target.Document.OTHER, note=note)


def _existing(kind: str, years: set[int]) -> dict:
    """Published records of the file's years, keyed like the rows: (code, year, slot)."""
    if kind == KIND_SCORE:
        records = Score.objects.real().filter(year__in=years)
    else:
        records = Target.objects.filter(is_sample=False, year__in=years)
    return {(r.region_id, r.year, _slot(r)): r for r in records.select_related("region", "source")}


def _slot(record) -> str:
    """Final and carried-over scores share one place per region and year; a self-assessment has its own."""
    if isinstance(record, Target):
        return "target"
    return "official" if record.status in Score.OFFICIAL_STATUSES else str(record.status)


def _safe_year(cells) -> int | None:
    try:
        return parse_year(cells.get("year", ""))
    except ValueError:
        return None


def _conflict_message(change: Change, kind: str) -> str:
    record = change.record
    names = {"region": record.region.name, "year": record.year}
    if change.old["value"] != record.value:
        names |= {"old": format_score(change.old["value"]), "new": format_score(record.value)}
        if kind == KIND_TARGET:
            message = _("%(region)s already has a target of %(old)s for %(year)s; this file has %(new)s.")
        else:
            message = _("%(region)s already has a score of %(old)s for %(year)s; this file has %(new)s.")
    elif kind == KIND_TARGET:
        message = _("%(region)s already has a target for %(year)s with another document, source or note.")
    else:
        message = _("%(region)s already has a score for %(year)s with another status, source or note.")
    hint = _("Confirm the update (or use --update) to replace it; the old value stays on record.")
    return f"{message % names} {hint}"


# Export ----------------------------------------------------------------------------------------------------


def export_rows(scores, targets) -> list[dict]:
    """Scores, then targets, as dicts keyed by the export headers (kode, tahun, indeks, ...)."""
    rows = []
    for score in scores:
        rows.append(
            _export_row(score, KIND_SCORE)
            | {
                "indeks": score.value,
                "predikat": score.predicate,
                "status": STATUS_EXPORT.get(score.status, score.status),
            }
        )
    for target in targets:
        rows.append(_export_row(target, KIND_TARGET) | {"target": target.value, "dokumen": target.document})
    return rows


def _export_row(record, kind: str) -> dict:
    source = record.source
    row = dict.fromkeys(EXPORT_HEADERS.values(), "")
    row |= {
        "jenis": kind,
        "kode": record.region_id,
        "nama": record.region.name,
        "tahun": record.year,
        "catatan": record.note,
        "contoh": "ya" if record.is_sample else "",
    }
    if source:
        row |= {
            "sumber": source.title,
            "penerbit": source.publisher,
            "url_sumber": source.url,
            "dokumen_sumber": source.document,
            "tanggal_sumber": source.published_on.isoformat() if source.published_on else "",
            "catatan_sumber": source.note,
        }
    return row


def spreadsheet_safe(text: str) -> str:
    """Quote text that a spreadsheet would run as a formula (CSV injection); the importer unquotes it."""
    return f"'{text}" if text.startswith(FORMULA_START) else text
