"""Reading a CSV or XLSX file into a `Table` of raw cells, and reading numbers, years and codes from cells.

`read_table(data, filename)` refuses, as `ImportFileError`, a file that cannot be read at all, and reports as
row errors the rows whose shape does not fit the header or whose cells are too long for their column. The
headers no column has are listed in the table for the planner to refuse. Nothing here touches the database.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indices import formatting
from indices.exports import FORMULA_START
from indices.formatting import NumberError
from indices.models import Instance, Score, Source

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# The longest cell read at all, a note; an XLSX cell is never read further (see `indices.importing.xlsx`).
MAX_CELL_CHARS = 2_000
PREVIEW = 60  # characters of a cell quoted in a message

# Canonical column -> the headers accepted for it (compared after `header_key`).
COLUMNS = {
    "kind": ["jenis", "kind", "type"],
    "instance_kind": ["jenis_instansi", "instance_kind"],
    "code": [
        "kode",
        "code",
        "kode_wilayah",
        "region_code",
        "kode_kemendagri",
        "kode_instansi",
        "instance_code",
    ],
    "name": ["nama", "name", "nama_wilayah", "wilayah", "region", "instansi", "nama_instansi"],
    "group": ["kelompok", "group"],
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
    "source_detail": ["rincian_sumber", "source_detail"],
    "note": ["catatan", "note", "keterangan"],
    "sample": ["contoh", "sample", "is_sample"],
    # Read past, never taken: the portal derives every predicate, names an instance its own way, and
    # numbers nothing (spreadsheets often open with a "No" column).
    "predicate": ["predikat", "predicate", "predikat_laporan"],
    "printed_name": ["nama_laporan", "printed_name"],
    "row_number": ["no", "nomor", "no_urut", "number"],
}
HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The longest cell of a column: the length of the field it is stored in or matched against. Notes are text
# fields, held to MAX_CELL_CHARS; every other column holds a number, a year, a date or a word.
CELL_LIMITS = {
    "code": _max_length(Instance, "code"),
    "name": _max_length(Instance, "name"),
    "printed_name": _max_length(Instance, "name"),
    "source": _max_length(Source, "url"),  # a source's title, or its URL
    "publisher": _max_length(Source, "publisher"),
    "source_url": _max_length(Source, "url"),
    "source_document": _max_length(Source, "document"),
    "source_detail": _max_length(Score, "source_detail"),
    "source_note": MAX_CELL_CHARS,
    "note": MAX_CELL_CHARS,
}
SHORT_CELL_CHARS = 100
# Domain and aspect values: domain_1, d1 or d1_kebijakan (as KemenPANRB's tables are transcribed); aspek_2, a2.
NODE_COLUMN = re.compile(
    r"(?:(?P<domain>domain|d)|(?P<aspect>aspek|aspect|a))_?(?P<number>[0-9]{1,2})(?:_[a-z_]+)?"
)


def column_of(header) -> str | None:
    """The canonical column a header names (`year`, `domain_2`, `aspect_5`), or None for an unknown one."""
    key = header_key(header)
    if key in HEADER_TO_COLUMN:
        return HEADER_TO_COLUMN[key]
    match = NODE_COLUMN.fullmatch(key)
    if match is None:
        return None
    return f"{'domain' if match['domain'] else 'aspect'}_{int(match['number'])}"


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula rather than a value."""

    text: str


@dataclass(frozen=True)
class Overlong:
    """An XLSX cell longer than `MAX_CELL_CHARS`: its first characters and its length, never its whole text."""

    start: str
    length: int

    def __str__(self):
        return f"{self.start}…"


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
class Table:
    """Raw cells of a sheet: `headers` as written, `rows` as (line, cells) with cells keyed by column."""

    headers: dict[str, str]  # canonical column -> header as written in the file
    rows: list[tuple[int, dict[str, object]]]
    errors: list[RowError] = field(default_factory=list)  # rows whose shape does not fit the header
    header_line: int = 1
    numbers: dict[str, int] = field(default_factory=dict)  # canonical column -> its column number
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column number, header) no column has


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


def _xlsx_rows(data: bytes) -> list[tuple[int, list, int]]:
    from indices.importing import xlsx  # only XLSX uploads pay for openpyxl's date helpers

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return xlsx.sheet_rows(archive)
    except ImportFileError:
        raise
    except Exception:  # a damaged zip or XML part fails in many ways
        raise ImportFileError(
            _("The file could not be read as XLSX; save it again from Excel, or as CSV.")
        ) from None


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
        except UnicodeDecodeError as error:
            _refuse_mixed_encodings(data, error.start)
            # Excel on Windows saves "CSV" in the ANSI code page.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(not_a_sheet) from None
    found = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if found:
        if len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:4096])) > 8:
            raise ImportFileError(not_a_sheet)  # a binary file
        # A text file with a stray control character (pasted from a word processor): say where it is.
        raise ImportFileError(
            _(
                "Line %(line)s holds an invisible control character (U+%(code)04X), which cannot be stored; "
                "delete it and upload the file again. Nothing was imported."
            )
            % {"line": text.count("\n", 0, found.start()) + 1, "code": ord(found.group())}
        )
    return text.lstrip("\ufeff")


# One character of UTF-8 beyond ASCII: what a UTF-8 file holds for é, – or its byte order mark.
UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _refuse_mixed_encodings(data: bytes, invalid: int) -> None:
    """A file that is not UTF-8 is read in the ANSI code page only if no part of it is UTF-8: rows pasted
    together from a UTF-8 file and an ANSI one would otherwise be stored with one part as mojibake
    ("naik â€“ baik"). An ANSI file rarely holds such a pair by chance (an accented capital before a curly
    quote), and is then refused, never misread."""
    utf8 = UTF8_CHARACTER.search(data)
    if utf8 is None:
        return
    raise ImportFileError(
        _(
            "Line %(line)s is not UTF-8 text but line %(utf8_line)s is: the file mixes two encodings. "
            "Save it again as “CSV UTF-8” and upload it again."
        )
        % {"line": data.count(b"\n", 0, invalid) + 1, "utf8_line": data.count(b"\n", 0, utf8.start()) + 1}
    )


def _csv_rows(text: str) -> tuple[list[tuple[int, list, int]], str]:
    """(first line, cells, field count) of every record, and the delimiter used.

    Lines are counted as an editor shows them, so a quoted cell that spans lines does not shift the
    line numbers of the rows after it.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in the Indonesian locale separates with semicolons (the comma is the decimal mark).
    delimiter = max([",", ";", "\t"], key=first_line.count)
    # A cell past the csv module's default of 128 KB is refused for its length with its line and column, not
    # taken for a quote left open. The limit is the process's: it is only ever raised, to what a file can hold.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
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


def header_key(header) -> str:
    """`Tahun `, `TAHUN`, `url sumber` and `url-sumber` all become `tahun` / `url_sumber`."""
    text = str(header).replace("\ufeff", "").replace("\xa0", " ").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _table(rows: list[tuple[int, list, int]], delimiter: str | None = None) -> Table:
    """Cells keyed by column. `delimiter` is given for a CSV file, whose rows must match the header."""
    rows = [row for row in rows if any(present(c) for c in row[1])]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header_line, header_cells, header_count = rows[0]
    names = [str(c.text if isinstance(c, Formula) else c).strip() for c in header_cells]
    # Spreadsheets pad rows with empty cells on the right; the header ends at its last name.
    width = max((p + 1 for p, name in enumerate(names) if name), default=0)
    if width > MAX_COLUMNS or (delimiter is not None and header_count > MAX_COLUMNS):
        raise ImportFileError(
            _("The header row has %(count)s columns; the limit is %(limit)s.")
            % {"count": max(width, header_count), "limit": MAX_COLUMNS}
        )
    headers, positions, seen, unknown = {}, {}, set(), []
    for position, written in enumerate(names[:width]):
        if not written:
            continue
        # The same name twice, or two names for one column (kode and code): which one would count?
        column = column_of(written)
        if header_key(written) in seen or column in headers:
            raise ImportFileError(
                _("Column %(column)s appears twice in the header row.") % {"column": written}
            )
        seen.add(header_key(written))
        if column is None:
            unknown.append((position + 1, written))
        else:
            headers[column], positions[column] = written, position
    if not headers:
        raise ImportFileError(
            _("No known column in the first row (found: %(found)s). Expected kode, tahun, indeks, ...")
            % {"found": ", ".join(str(c) for c in header_cells if present(c))[:200]}
        )
    if len(rows) == 1:
        raise ImportFileError(_("The file has a header row but no data rows."))
    numbers = {column: position + 1 for column, position in positions.items()}
    table = Table(headers=headers, rows=[], header_line=header_line, numbers=numbers, unknown=unknown)
    for line, cells, count in rows[1:]:
        problems = _shape_problems(
            cells, count, header_count, names, width, positions, delimiter
        ) or _length_problems(cells, names, positions)
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
    extra = [cell for cell in cells[width:] if present(cell)]
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
                % {"text": cell_text(extra[0])[:60]},
            )
        )
    for position, name in enumerate(names[:width]):
        if not name and position < len(cells) and present(cells[position]):
            problems.append(
                (
                    None,
                    _(
                        "Column %(position)s has no name in the header row but holds “%(text)s”; name the column or delete it."
                    )
                    % {"position": position + 1, "text": cell_text(cells[position])[:60]},
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


def _length_problems(cells, names, positions) -> list[tuple[str, str]]:
    """Cells longer than their column's field can hold (an XLSX cell past MAX_CELL_CHARS comes cut short)."""
    problems = []
    for column, position in positions.items():
        cell = cells[position] if position < len(cells) else ""
        length = cell.length if isinstance(cell, Overlong) else len(cell) if isinstance(cell, str) else 0
        limit = CELL_LIMITS.get(column, SHORT_CELL_CHARS)
        if length > limit:
            problems.append(
                (
                    names[position],
                    _("This cell has %(length)s characters; the limit for this column is %(limit)s.")
                    % {
                        "length": number_format(length, force_grouping=True),
                        "limit": number_format(limit, force_grouping=True),
                    },
                )
            )
    return problems


def present(cell) -> bool:
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


def cell_text(cell) -> str:
    if isinstance(cell, Formula):
        return cell.text
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    return "" if cell is None else str(cell).strip()
