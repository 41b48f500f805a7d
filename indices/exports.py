"""Spreadsheets out: the dataset download, `export_data` and every table's CSV/XLSX, with one formula policy.

Text that a spreadsheet would run as a formula (CSV injection) is written so that it cannot run: in CSV
with a leading apostrophe (which the importer strips again), in XLSX as a cell typed as text, whose value
stays exactly what the portal holds.
"""

import csv
import io
from collections import defaultdict
from decimal import Decimal

from django.db.models import F
from django.http import HttpResponse

from indices.models import InstanceName, Score, ScoreValue, Target

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


def dataset_export(*, file_format: str, drafts: bool = False) -> bytes:
    """Every published score (with its domain and aspect values) and target, with its instance and source,
    as CSV or XLSX bytes in the importer's columns: an export imports back into an empty database unchanged.
    Self-assessments are drafts, left out of the public download; `drafts` adds them (`export_data`)."""
    scores = Score.objects.all() if drafts else Score.objects.official()
    scores = (
        scores.with_band()
        .order_by("instance_id", "year", "status")
        .values("id", "value", "status", predikat=F("band_predicate"), **RECORD_COLUMNS)
    )
    targets = Target.objects.order_by("instance_id", "year").values("value", "document", **RECORD_COLUMNS)
    node_values = ScoreValue.objects.values_list("score_id", "node__level", "node__number", "value")
    names = {(n.instance_id, n.year): n.name for n in InstanceName.objects.all()}
    rows = export_rows(scores, targets, node_values, names)
    nodes = sorted({key for row in rows for key in row if isinstance(key, tuple)})
    headers = _headers([NODE_HEADERS[level].format(number) for level, number in nodes])
    keys = _headers(nodes)
    return WRITERS[file_format](headers, ([row.get(key, "") for key in keys] for row in rows))


# What a score's and a target's export row takes from its instance and source, read as plain values.
RECORD_COLUMNS = {
    "kode": F("instance_id"),
    "jenis_instansi": F("instance__kind"),
    "kelompok": F("instance__group"),
    "instance_name": F("instance__name"),
    "tahun": F("year"),
    "rincian_sumber": F("source_detail"),
    "catatan": F("note"),
    "sumber": F("source__title"),
    "penerbit": F("source__publisher"),
    "url_sumber": F("source__url"),
    "dokumen_sumber": F("source__document"),
    "tanggal_sumber": F("source__published_on"),
    "catatan_sumber": F("source__note"),
}


def _headers(nodes: list) -> list:
    """The export's columns in order, the domain and aspect values after the predicate."""
    headers = list(EXPORT_HEADERS.values())
    at = headers.index("predikat") + 1
    return headers[:at] + nodes + headers[at:]


def export_rows(scores, targets, node_values, names: dict) -> list[dict]:
    """Scores, then targets, as dicts keyed by the export headers (kode, tahun, indeks, ...); a score's
    domain and aspect values under (level, number) keys. `scores` and `targets` are `values()` rows with
    `RECORD_COLUMNS`; `node_values`: (score id, level, number, value); `names`: (code, year) -> name
    evaluated under."""
    by_score = defaultdict(dict)
    for score_id, level, number, value in node_values:
        by_score[score_id][(level, number)] = value
    rows = []
    for score in scores:
        rows.append(
            _export_row(score, KIND_SCORE, names)
            | {
                "indeks": score["value"],
                "predikat": score["predikat"] or "",
                "status": STATUS_EXPORT.get(score["status"], score["status"]),
            }
            | by_score[score["id"]]
        )
    for target in targets:
        rows.append(
            _export_row(target, KIND_TARGET, names)
            | {"target": target["value"], "dokumen": target["document"]}
        )
    return rows


def _export_row(record: dict, kind: str, names: dict) -> dict:
    row = dict.fromkeys(EXPORT_HEADERS.values(), "")
    row |= {key: record[key] or "" for key in RECORD_COLUMNS if key in row}
    published_on = record["tanggal_sumber"]
    row |= {
        "jenis": kind,
        "nama": names.get((record["kode"], record["tahun"]), record["instance_name"]),
        "tahun": record["tahun"],
        "tanggal_sumber": published_on.isoformat() if published_on else "",
    }
    return row
