"""The first worksheet of an XLSX file as rows of cells, read by streaming its XML within limits.

openpyxl builds every shared string and every cell's text in full before its caller sees it, and reads a
sheet without a dimension record to its end before yielding its first row: a 93 KB upload stored a 95 MB
note (265 MB of memory), and a 200 KB one of five million shared strings took 55 s and 550 MB. Here each part
is fed to expat in chunks: a cell's text is kept up to `MAX_CELL_CHARS` and only counted beyond, and reading
stops at the first row, element or byte past its limit. Only openpyxl's helpers for dates are used.
"""

import functools
import posixpath
import re
import zipfile
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import builtin_format_code, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from indices.transfer.cells import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    PREVIEW,
    Formula,
    ImportFileError,
    Overlong,
)

# What a workbook may hold once unpacked. A sheet of 20,000 rows and 27 columns (notes of up to 200
# characters) unpacks to 13 MB of sheet and 4 MB of shared strings, in 1.2 million XML elements.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024  # every shared string is held in memory while the sheet is read
MAX_ELEMENTS = 3_000_000  # each one costs a call into Python, whatever it holds
CHUNK = 64 * 1024

RELATIONSHIPS = "_rels/.rels"


def sheet_rows(archive: zipfile.ZipFile) -> list[tuple[int, list, int]]:
    """(row number, cells, the rightmost column holding a value) of every row holding a value.

    Cells are cut at `MAX_COLUMNS`; text past `MAX_CELL_CHARS` comes as `Overlong`, formulas as `Formula`,
    date cells as datetimes, numbers as int or float.
    """
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The XLSX file unpacks to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(unpacked), "limit": MAX_UNPACKED_BYTES // 1024 // 1024}
        )
    budget = _Budget()
    workbook_path = _related(archive, "", "/officeDocument", budget) or "xl/workbook.xml"
    workbook = _parse(archive, workbook_path, _Workbook(budget))
    relationships = _parse(archive, _relationships_of(workbook_path), _Relationships(budget)).found
    worksheets = [
        _resolve(workbook_path, relationships[sheet][1])
        for sheet in workbook.sheets
        if sheet in relationships and relationships[sheet][0].endswith("/worksheet")
    ]
    if not worksheets:
        raise ImportFileError(_("The file is empty."))
    shared, date_styles = [], set()
    for kind, target in relationships.values():
        path = _resolve(workbook_path, target)
        if kind.endswith("/sharedStrings"):
            size = archive.getinfo(path).file_size
            if size > MAX_SHARED_STRINGS_BYTES:
                raise ImportFileError(
                    _("The text of the workbook takes %(size)s MB unpacked; the limit is %(limit)s MB.")
                    % {"size": _megabytes(size), "limit": MAX_SHARED_STRINGS_BYTES // 1024 // 1024}
                )
            shared = _parse(archive, path, _SharedStrings(budget)).strings
        elif kind.endswith("/styles"):
            date_styles = _parse(archive, path, _Styles(budget)).date_styles()
    epoch = MAC_EPOCH if workbook.date1904 else WINDOWS_EPOCH
    return _parse(archive, worksheets[0], _Sheet(budget, shared, date_styles, epoch)).rows


def _megabytes(size: int) -> str:
    return number_format(size / 1024 / 1024, decimal_pos=1)


class _Budget:
    """XML elements read so far, across every part of the workbook."""

    def __init__(self):
        self.elements = 0

    def spend(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise ImportFileError(
                _(
                    "The workbook holds more than %(limit)s cells and parts of cells; copy only the data into "
                    "a new workbook and upload that."
                )
                % {"limit": number_format(MAX_ELEMENTS, force_grouping=True)}
            )


class _Text:
    """The text of one element, kept up to `MAX_CELL_CHARS` and counted beyond."""

    def __init__(self):
        self.parts, self.kept, self.length = [], 0, 0

    def add(self, data: str) -> None:
        room = MAX_CELL_CHARS - self.kept
        if room > 0:
            self.parts.append(data[:room])
            self.kept += min(room, len(data))
        self.length += len(data)

    def value(self) -> str | Overlong:
        text = "".join(self.parts)
        return text if self.length <= MAX_CELL_CHARS else Overlong(text[:PREVIEW], self.length)


class _Part:
    """Receives the elements of one part, their names as written (`x:row` where a writer prefixes them);
    `text` is where character data goes, None to drop it. Each element costs a call into Python: the
    handlers are called directly, and each starts by spending one element of the budget."""

    def __init__(self, budget: _Budget):
        self.budget = budget
        self.text: _Text | None = None

    def start(self, name: str, attrs: dict) -> None:
        self.budget.spend()

    def end(self, name: str) -> None:
        pass

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.add(data)


def _parse(archive: zipfile.ZipFile, path: str, part: _Part) -> _Part:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK

    def refuse_declarations(*args):
        raise ValueError("an XLSX part declares a DOCTYPE or entities")  # read as a damaged file

    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    parser.CharacterDataHandler = part.characters
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.EntityDeclHandler = refuse_declarations
    with archive.open(path) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return part


def _relationships_of(path: str) -> str:
    folder, name = posixpath.split(path)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _related(archive, source: str, kind: str, budget: _Budget) -> str | None:
    path = _relationships_of(source) if source else RELATIONSHIPS
    if path not in archive.namelist():
        return None
    found = _parse(archive, path, _Relationships(budget)).found
    return next((_resolve(source, target) for t, target in found.values() if t.endswith(kind)), None)


class _Relationships(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.found: dict[str, tuple[str, str]] = {}  # id -> (type, target)

    def start(self, name, attrs):
        self.budget.spend()
        name = name.rpartition(":")[2]
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            self.found[attrs["Id"]] = (attrs.get("Type", ""), attrs["Target"])


class _Workbook(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.sheets: list[str] = []  # relationship ids, in the order of the tabs
        self.date1904 = False

    def start(self, name, attrs):
        self.budget.spend()
        name = name.rpartition(":")[2]
        if name == "sheet":
            self.sheets += [value for key, value in attrs.items() if key.rpartition(":")[2] == "id"][:1]
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


class _Styles(_Part):
    """Which cell styles show a number as a date."""

    def __init__(self, budget):
        super().__init__(budget)
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []  # number format of each cell style
        self.in_cell_styles = False

    def start(self, name, attrs):
        self.budget.spend()
        name = name.rpartition(":")[2]
        if name == "numFmt":
            self.custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            self.in_cell_styles = True
        elif name == "xf" and self.in_cell_styles:
            self.formats.append(int(attrs.get("numFmtId", 0)))

    def end(self, name):
        name = name.rpartition(":")[2]
        if name == "cellXfs":
            self.in_cell_styles = False

    def date_styles(self) -> set[str]:
        return {
            str(index)
            for index, format_id in enumerate(self.formats)
            if is_date_format(self.custom.get(format_id) or builtin_format_code(format_id) or "")
        }


class _SharedStrings(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.strings: list[str | Overlong] = []
        self.string: _Text | None = None
        self.phonetic = 0  # inside a pronunciation guide, which is not part of the text

    def start(self, name, attrs):
        self.budget.spend()
        name = name.rpartition(":")[2]
        if name == "si":
            self.string = _Text()
        elif name == "t" and not self.phonetic:
            self.text = self.string
        elif name == "rPh":
            self.phonetic += 1

    def end(self, name):
        name = name.rpartition(":")[2]
        if name == "t":
            self.text = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            self.strings.append(self.string.value())


CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


class _Sheet(_Part):
    def __init__(self, budget, shared, date_styles, epoch):
        super().__init__(budget)
        self.shared, self.date_styles, self.epoch = shared, date_styles, epoch
        self.rows: list[tuple[int, list, int]] = []
        self.number = 0  # the row being read
        self.cells: dict[int, object] = {}
        self.rightmost = 0  # of the row's values, past MAX_COLUMNS too
        self.column = 0
        self.kind, self.style = "n", None
        self.value: _Text | None = None
        self.formula: _Text | None = None
        self.phonetic = 0

    def start(self, name, attrs):
        self.budget.spend()
        name = name.rpartition(":")[2]
        if name == "c":
            reference = attrs.get("r")
            self.column = _column_number(reference) if reference else self.column + 1
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s")
            self.value = self.formula = None
        elif name == "v" or (name == "t" and not self.phonetic):
            self.value = self.value or _Text()
            self.text = self.value
        elif name == "f":
            self.text = self.formula = _Text()
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            reference = attrs.get("r")
            self.number = int(reference) if reference else self.number + 1
            if self.number > MAX_ROWS + 1:
                raise ImportFileError(_past_the_last_row(self.number))
            self.cells, self.rightmost, self.column = {}, 0, 0
        elif name == "dimension":
            last = CELL_REFERENCE.fullmatch(attrs.get("ref", "").rpartition(":")[2])
            if last and int(last[2]) > MAX_ROWS + 1:
                raise ImportFileError(
                    _(
                        "The sheet says it has %(count)s rows (its range is %(range)s); the limit is %(limit)s."
                    )
                    % {"count": int(last[2]), "range": attrs["ref"], "limit": MAX_ROWS}
                )

    def end(self, name):
        name = name.rpartition(":")[2]
        if name in ("v", "t", "f"):
            self.text = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            value = self._value()
            if value is not None and value != "":
                # The first value past MAX_COLUMNS is kept just past it: the row is then refused for holding
                # a value to the right of its header, as a CSV row with too many fields is.
                self.cells.setdefault(min(self.column, MAX_COLUMNS + 1), value)
                self.rightmost = max(self.rightmost, self.column)
        elif name == "row" and self.cells:
            width = max(self.cells)
            self.rows.append(
                (self.number, [self.cells.get(c, "") for c in range(1, width + 1)], self.rightmost)
            )

    def _value(self):
        """The cell's value as openpyxl gives it."""
        if self.formula is not None:
            return Formula(f"={self.formula.value()}")
        if self.value is None:
            return None
        text = self.value.value()
        if isinstance(text, Overlong):
            return text
        if not text:
            return None
        if self.kind == "s":
            text = self.shared[int(text)]
        if self.kind in ("s", "inlineStr", "str", "e"):
            return text.strip() if isinstance(text, str) else text
        if self.kind == "b":
            return text.strip() == "1"
        if self.kind == "d":
            return from_ISO8601(text)
        number = float(text) if re.search("[.eE]", text) else int(text)
        if self.style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def _column_number(reference: str) -> int:
    """5 for E2."""
    return _letters_number(reference.rstrip("0123456789"))


@functools.cache  # at most the 18,278 columns A to ZZZ
def _letters_number(letters: str) -> int:
    if not re.fullmatch("[A-Z]{1,3}", letters):
        raise ValueError(letters)
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _past_the_last_row(line: int) -> str:
    return _(
        "Row %(line)s is past the limit of %(limit)s rows under the header; delete everything below the data, "
        "empty rows included."
    ) % {"line": line, "limit": MAX_ROWS}
