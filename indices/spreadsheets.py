"""Spreadsheets out, with one formula policy and one number policy: CSV and XLSX bytes and their download
responses, for the dataset, every table and the workspace's lists.

Text that a spreadsheet would run as a formula (CSV injection) is written so that it cannot run: in CSV
with a leading apostrophe (which the importer strips again), in XLSX as a cell typed as text, whose value
stays exactly what the portal holds.

Numbers are numbers. In XLSX they are numeric cells with a number format ("0.00", "0"), which Excel and
LibreOffice show with the reader's own decimal mark. In CSV every number of a file is written in one
convention (`CSV_CONVENTIONS`): by default semicolons between fields and a decimal comma, what Excel in an
Indonesian locale opens as columns of numbers; on request commas and a decimal point, for other locales and
programs. The importer reads both back."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

# Cells that a spreadsheet would run as a formula; CSV quotes them, the importer unquotes them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


XLSX_CELL_CHARS = 32767  # the most one cell holds


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CsvConvention:
    """How one CSV file writes its fields and numbers."""

    delimiter: str
    decimal_mark: str
    bom: bool  # a UTF-8 byte order mark, without which Excel reads the file in the ANSI code page
    suffix: str  # added to the file's name, so that a saved file says which convention it holds


# The `desimal` query parameter's values (`indices.public.parameters`) and `export_data --decimal-point`.
DECIMAL_COMMA, DECIMAL_POINT = "koma", "titik"
CSV_CONVENTIONS = {
    DECIMAL_COMMA: CsvConvention(delimiter=";", decimal_mark=",", bom=True, suffix=""),
    DECIMAL_POINT: CsvConvention(delimiter=",", decimal_mark=".", bom=False, suffix="-titik-desimal"),
}


def spreadsheet_safe(text: str) -> str:
    """CSV text that a spreadsheet would run as a formula, quoted with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_bytes(headers: list[str], rows, *, decimal: str = DECIMAL_COMMA) -> bytes:
    """UTF-8 CSV with CRLF line ends in the convention `decimal` names (`CSV_CONVENTIONS`): every number
    written with its decimal mark, text cells made formula-safe."""
    convention = CSV_CONVENTIONS[decimal]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=convention.delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value, convention.decimal_mark) for value in row])
    return ("\ufeff" if convention.bom else "").encode("utf-8") + out.getvalue().encode("utf-8")


def _csv_cell(value, decimal_mark: str):
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return value
    # Decimals as stored (3.80 keeps its two places), never in an exponent; floats never reach an export.
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal_mark)


def xlsx_bytes(headers: list[str], rows, *, decimal: str = DECIMAL_COMMA) -> bytes:
    """One sheet; text cells typed as text (never formulas), scores as numbers shown with two decimals and
    whole numbers (years, ranks) as whole numbers. `decimal` is for CSV only: a spreadsheet shows an XLSX
    number with its reader's own decimal mark.

    Written with XlsxWriter, a few times faster than openpyxl's writer at national size; openpyxl
    still reads the files the importer is given.
    """
    import xlsxwriter  # only XLSX downloads pay for the import

    out = io.BytesIO()
    options = {"in_memory": True, "constant_memory": True, "strings_to_numbers": False}
    options |= {"strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(out, options) as workbook:
        sheet = workbook.add_worksheet("data")
        two_decimals = workbook.add_format({"num_format": "0.00"})
        whole = workbook.add_format({"num_format": "0"})
        sheet.write_row(0, 0, headers)
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, str):
                    # XlsxWriter would cut a longer text with only a warning; the portal's own text is
                    # shorter (indices.models.text), so a longer one is a fault to be seen, not hidden.
                    if len(value) > XLSX_CELL_CHARS:
                        raise ValueError(f"A text of {len(value)} characters does not fit an XLSX cell.")
                    if value:
                        sheet.write_string(row_number, column, value)
                elif isinstance(value, Decimal):
                    sheet.write_number(row_number, column, float(value), two_decimals)
                elif isinstance(value, int) and not isinstance(value, bool):
                    sheet.write_number(row_number, column, value, whole)
                elif value is not None:
                    sheet.write_number(row_number, column, value)
    return out.getvalue()


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes}


def convention(text: str | None) -> str:
    """The CSV convention a request names (`?desimal=titik`); the default for none or an unknown one."""
    return text if text in CSV_CONVENTIONS else DECIMAL_COMMA


def download(data: bytes, file_format: str, name: str, decimal: str = DECIMAL_COMMA) -> HttpResponse:
    """`data` as an attachment named `name` (without its extension), a CSV's convention said in the name."""
    suffix = CSV_CONVENTIONS[decimal].suffix if file_format == "csv" else ""
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.{file_format}"'
    return response


def table_download(table, file_format: str, name: str, decimal: str = DECIMAL_COMMA) -> HttpResponse:
    """A django-tables2 table as shown (sorted, filtered), with its export values, as a download."""
    values = list(table.as_values())
    data = WRITERS[file_format](values[0], values[1:], decimal=decimal)
    return download(data, file_format, name, decimal)
