"""Reading a CSV or XLSX file into a `Table` of raw cells, and reading numbers, years and codes from cells.

`read_table(data, filename)` refuses, as `ImportFileError`, a file that cannot be read at all, and reports as
row errors the rows whose shape does not fit the header. Nothing here touches the database.
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

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# An XLSX is a zip; refuse one that unpacks to far more than any result sheet could need.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

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
    # Read past, never taken: the portal derives every predicate, and names an instance its own way.
    "predicate": ["predikat", "predicate", "predikat_laporan"],
    "printed_name": ["nama_laporan", "printed_name"],
}
HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
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
    rows = [row for row in rows if any(present(c) for c in row[1])]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    _header_line, header_cells, header_count = rows[0]
    names = [str(c.text if isinstance(c, Formula) else c).strip() for c in header_cells]
    # Spreadsheets pad rows with empty cells on the right; the header ends at its last name.
    width = max((p + 1 for p, name in enumerate(names) if name), default=0)
    headers, positions, seen = {}, {}, set()
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
        if column is not None:
            headers[column], positions[column] = written, position
    if not headers:
        raise ImportFileError(
            _("No known column in the first row (found: %(found)s). Expected kode, tahun, indeks, ...")
            % {"found": ", ".join(str(c) for c in header_cells if present(c))[:200]}
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
