"""What the cells of an imported file can be, the limits of reading one, and reading numbers, years, codes and
text from cells: shared by the CSV and XLSX readers."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indices import formatting
from indices.formatting import NumberError

MAX_FILE_BYTES = 5 * 1024 * 1024


MAX_ROWS = 20_000


MAX_COLUMNS = 40


# The longest cell read at all, a note; an XLSX cell is never read further (see `indices.transfer.xlsx`).
MAX_CELL_CHARS = 2_000


PREVIEW = 60  # characters of a cell quoted in a message


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


def size_message(size: int) -> str:
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": number_format(size / 1024 / 1024, decimal_pos=1),
        "limit": MAX_FILE_BYTES // 1024 // 1024,
    }


def present(cell) -> bool:
    return cell is not None and cell != ""


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
