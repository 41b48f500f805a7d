"""Reading a CSV or XLSX file into a `Table` of raw cells, and reading numbers, years and codes from cells.

`read_table(data, filename)` refuses, as `ImportFileError`, a file that cannot be read at all, and reports as
row errors the rows whose shape does not fit the header or whose cells are too long for their column. The
headers no column has are listed in the table for the planner to refuse. Nothing here touches the database."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indices.spreadsheets import FORMULA_START
from indices.transfer.cells import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Formula,
    ImportFileError,
    Overlong,
    RowError,
    cell_text,
    present,
    size_message,
)
from indices.transfer.headers import CELL_LIMITS, SHORT_CELL_CHARS, column_of, header_key


@dataclass
class Table:
    """Raw cells of a sheet: `headers` as written, `rows` as (line, cells) with cells keyed by column."""

    headers: dict[str, str]  # canonical column -> header as written in the file
    rows: list[tuple[int, dict[str, object]]]
    errors: list[RowError] = field(default_factory=list)  # rows whose shape does not fit the header
    header_line: int = 1
    numbers: dict[str, int] = field(default_factory=dict)  # canonical column -> its column number
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column number, header) no column has


def read_table(
    data: bytes, filename: str = "", *, columns=column_of, limits=CELL_LIMITS, multiline=frozenset()
) -> Table:
    """The first sheet of an XLSX file, or a CSV file in any usual dialect, as a `Table`.

    `columns` names the canonical column of a header (None for an unknown one) and `limits` the longest cell
    of each column: the scores' and targets' by default, another importer's own (the workspace's levels).
    A cell of a `multiline` column may hold line breaks and separators together (an explanation of several
    paragraphs); in any other, that is taken for a quote left open."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(size_message(len(data)))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _table(_xlsx_rows(data), columns=columns, limits=limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV and upload it again.")
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("The file could not be read as XLSX; save it again from Excel, or as CSV."))
    rows, delimiter = _csv_rows(_decode(data))
    return _table(rows, delimiter=delimiter, columns=columns, limits=limits, multiline=multiline)


def _xlsx_rows(data: bytes) -> list[tuple[int, list, int]]:
    from indices.transfer import xlsx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return xlsx.sheet_rows(archive)
    except ImportFileError:
        raise
    except Exception:  # a damaged zip or XML part fails in many ways
        raise ImportFileError(
            _("The file could not be read as XLSX; save it again from Excel, or as CSV.")
        ) from None


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


def _table(
    rows: list[tuple[int, list, int]],
    delimiter: str | None = None,
    *,
    columns=column_of,
    limits=CELL_LIMITS,
    multiline=frozenset(),
) -> Table:
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
        column = columns(written)
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
            cells, count, header_count, names, width, positions, delimiter, multiline
        ) or _length_problems(cells, names, positions, limits)
        if problems:
            table.errors += [RowError(line, column, message) for column, message in problems]
        else:
            table.rows.append(
                (line, {column: cells[p] if p < len(cells) else "" for column, p in positions.items()})
            )
    return table


def _shape_problems(
    cells, count, header_count, names, width, positions, delimiter, multiline=frozenset()
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
        if (
            isinstance(cell, str)
            and "\n" in cell
            and delimiter
            and delimiter in cell
            and column not in multiline
        ):
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


def _length_problems(cells, names, positions, limits=CELL_LIMITS) -> list[tuple[str, str]]:
    """Cells longer than their column's field can hold (an XLSX cell past MAX_CELL_CHARS comes cut short)."""
    problems = []
    for column, position in positions.items():
        cell = cells[position] if position < len(cells) else ""
        length = cell.length if isinstance(cell, Overlong) else len(cell) if isinstance(cell, str) else 0
        limit = limits.get(column, SHORT_CELL_CHARS)
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
