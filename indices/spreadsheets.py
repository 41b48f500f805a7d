"""Spreadsheets out, with one formula policy: CSV and XLSX bytes and their download responses, for the dataset,
every table and the workspace's lists.

Text that a spreadsheet would run as a formula (CSV injection) is written so that it cannot run: in CSV
with a leading apostrophe (which the importer strips again), in XLSX as a cell typed as text, whose value
stays exactly what the portal holds."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

# Cells that a spreadsheet would run as a formula; CSV quotes them, the importer unquotes them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


XLSX_CELL_CHARS = 32767  # the most one cell holds


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_safe(text: str) -> str:
    """CSV text that a spreadsheet would run as a formula, quoted with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_bytes(headers: list[str], rows) -> bytes:
    """UTF-8 CSV with CRLF line ends; text cells made formula-safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) if isinstance(value, str) else value for value in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(headers: list[str], rows) -> bytes:
    """One sheet; text cells typed as text (never formulas), scores as numbers shown with two decimals.

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
                elif value is not None:
                    sheet.write_number(row_number, column, value)
    return out.getvalue()


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes}


def download(data: bytes, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(table, file_format: str, filename: str) -> HttpResponse:
    """A django-tables2 table as shown (sorted, filtered), with its export values, as a download."""
    values = list(table.as_values())
    return download(WRITERS[file_format](values[0], values[1:]), file_format, filename)
