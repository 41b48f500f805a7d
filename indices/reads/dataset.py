"""The published record as one table in the importer's columns: the dataset download and `export_data`."""

from collections import defaultdict

from django.db.models import F

from indices.columns import EXPORT_HEADERS, KIND_EXPORT, KIND_SCORE, KIND_TARGET, NODE_HEADERS, STATUS_EXPORT
from indices.models import FigureKind, InstanceName, Score, ScoreValue, Target, figure_kind
from indices.spreadsheets import DECIMAL_COMMA, WRITERS


def dataset_export(*, file_format: str, decimal: str = DECIMAL_COMMA, drafts: bool = False) -> bytes:
    """Every published score (with its domain and aspect values) and target, with its instance, its source
    and the kind of that source, as CSV or XLSX bytes in the importer's columns: an export imports back into
    a database holding the register (`load_regions`, `load_frameworks`, `load_instances`) unchanged. A CSV
    writes its numbers in the convention `decimal` names (`indices.spreadsheets.CSV_CONVENTIONS`).
    Self-assessments are drafts, left out of the public download; `drafts` adds them (`export_data`)."""
    scores = Score.objects.all() if drafts else Score.objects.exclude(status=Score.Status.SELF_ASSESSED)
    scores = (
        scores.with_band()
        .order_by("instance_id", "year", "status")
        .values("id", "value", "status", "carried_from", predikat=F("band_predicate"), **RECORD_COLUMNS)
    )
    targets = Target.objects.order_by("instance_id", "year").values("value", "document", **RECORD_COLUMNS)
    node_values = ScoreValue.objects.values_list("score_id", "node__level", "node__number", "value")
    names = {(n.instance_id, n.year): n for n in InstanceName.objects.all()}
    rows = export_rows(scores, targets, node_values, names)
    nodes = sorted({key for row in rows for key in row if isinstance(key, tuple)})
    headers = _headers([NODE_HEADERS[level].format(number) for level, number in nodes])
    keys = _headers(nodes)
    return WRITERS[file_format](
        headers, ([row.get(key, "") for key in keys] for row in rows), decimal=decimal
    )


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
    "source_kind": F("source__kind"),
}


def _headers(nodes: list) -> list:
    """The export's columns in order, the domain and aspect values after the predicate."""
    headers = list(EXPORT_HEADERS.values())
    at = headers.index("predikat") + 1
    return headers[:at] + nodes + headers[at:]


def export_rows(scores, targets, node_values, names: dict) -> list[dict]:
    """Scores, then targets, as dicts keyed by the export headers (kode, tahun, indeks, ...); a score's
    domain and aspect values under (level, number) keys. `scores` and `targets` are `values()` rows with
    `RECORD_COLUMNS`; `node_values`: (score id, level, number, value); `names`: (code, year) -> the
    `InstanceName` evaluated under."""
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
                "jenis_sumber": KIND_EXPORT[figure_kind(score["status"], score["source_kind"])],
                "tahun_asal": score["carried_from"] or "",
            }
            | by_score[score["id"]]
        )
    for target in targets:
        rows.append(
            _export_row(target, KIND_TARGET, names)
            | {
                "target": target["value"],
                "dokumen": target["document"],
                "jenis_sumber": KIND_EXPORT[target["source_kind"] or FigureKind.OFFICIAL],
            }
        )
    return rows


def _export_row(record: dict, kind: str, names: dict) -> dict:
    row = dict.fromkeys(EXPORT_HEADERS.values(), "")
    row |= {key: record[key] or "" for key in RECORD_COLUMNS if key in row}
    published_on = record["tanggal_sumber"]
    named = names.get((record["kode"], record["tahun"]))
    row |= {
        "jenis": kind,
        "nama": named.name if named else record["instance_name"],
        # The group the year's report printed, else the agency's current one (2021-2022 print none).
        "kelompok": (named and named.group) or record["kelompok"] or "",
        "tahun": record["tahun"],
        "tanggal_sumber": published_on.isoformat() if published_on else "",
    }
    return row
