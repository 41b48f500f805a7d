"""Spreadsheets out: the dataset download, `export_data` and every table's CSV/XLSX, with one formula policy.

Text that a spreadsheet would run as a formula (CSV injection) is written so that it cannot run: in CSV
with a leading apostrophe (which the importer strips again), in XLSX as a cell typed as text, whose value
stays exactly what the portal holds.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

from indices.models import InstanceName, Score, Target

# Canonical column -> header, in the order an export writes them; the importer reads every one back. The
# domain and aspect values published (domain_1 ... aspek_7) come after the predicate.
EXPORT_HEADERS = {
    "kind": "jenis",
    "instance_kind": "jenis_instansi",
    "code": "kode",
    "name": "nama",
    "group": "kelompok",
    "year": "tahun",
    "score": "indeks",
    "target": "target",
    "predicate": "predikat",
    "status": "status",
    "document": "dokumen",
    "source": "sumber",
    "source_detail": "rincian_sumber",
    "publisher": "penerbit",
    "source_url": "url_sumber",
    "source_document": "dokumen_sumber",
    "source_date": "tanggal_sumber",
    "source_note": "catatan_sumber",
    "note": "catatan",
}
NODE_HEADERS = {"domain": "domain_{}", "aspect": "aspek_{}"}
KIND_SCORE, KIND_TARGET = "skor", "target"
STATUS_EXPORT = {
    Score.Status.FINAL: "final",
    Score.Status.SELF_ASSESSED: "mandiri",
    Score.Status.CARRIED_OVER: "dibawa",
}
# Cells that a spreadsheet would run as a formula; CSV quotes them, the importer unquotes them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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
    """One sheet; text cells typed as text (never formulas), scores as numbers shown with two decimals."""
    from openpyxl import Workbook  # only XLSX downloads pay for the import
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
            elif isinstance(value, Decimal):
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
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


def dataset_export(*, file_format: str) -> bytes:
    """Every score (with its domain and aspect values) and target, with its instance and source, as CSV or
    XLSX bytes in the importer's columns: an export imports back into an empty database unchanged."""
    scores = (
        Score.objects.with_band()
        .select_related("instance", "source")
        .prefetch_related("node_values__node")
        .order_by("instance_id", "year", "status")
    )
    targets = Target.objects.select_related("instance", "source").order_by("instance_id", "year")
    names = {(n.instance_id, n.year): n.name for n in InstanceName.objects.all()}
    rows = export_rows(scores, targets, names)
    nodes = sorted({key for row in rows for key in row if isinstance(key, tuple)})
    headers = _headers([NODE_HEADERS[level].format(number) for level, number in nodes])
    keys = _headers(nodes)
    return WRITERS[file_format](headers, ([row.get(key, "") for key in keys] for row in rows))


def _headers(nodes: list) -> list:
    """The export's columns in order, the domain and aspect values after the predicate."""
    headers = list(EXPORT_HEADERS.values())
    at = headers.index("predikat") + 1
    return headers[:at] + nodes + headers[at:]


def export_rows(scores, targets, names: dict) -> list[dict]:
    """Scores, then targets, as dicts keyed by the export headers (kode, tahun, indeks, ...); a score's
    domain and aspect values under (level, number) keys. `names`: (code, year) -> name evaluated under."""
    rows = []
    for score in scores:
        rows.append(
            _export_row(score, KIND_SCORE, names)
            | {
                "indeks": score.value,
                "predikat": score.predicate,
                "status": STATUS_EXPORT.get(score.status, score.status),
            }
            | {(value.node.level, value.node.number): value.value for value in score.node_values.all()}
        )
    for target in targets:
        rows.append(
            _export_row(target, KIND_TARGET, names) | {"target": target.value, "dokumen": target.document}
        )
    return rows


def _export_row(record, kind: str, names: dict) -> dict:
    source = record.source
    instance = record.instance
    row = dict.fromkeys(EXPORT_HEADERS.values(), "")
    row |= {
        "jenis": kind,
        "jenis_instansi": instance.kind,
        "kode": instance.code,
        "nama": names.get((instance.code, record.year), instance.name),
        "kelompok": instance.group,
        "tahun": record.year,
        "rincian_sumber": record.source_detail,
        "catatan": record.note,
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
