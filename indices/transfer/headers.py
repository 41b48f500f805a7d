"""The columns a file may have, under every name people give them (the export's own, the reports', Bahasa
Indonesia and English), and the longest cell each may hold."""

import re

from indices.models import Instance, Score, Source
from indices.transfer.cells import MAX_CELL_CHARS

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
    "source_kind": ["jenis_sumber", "source_kind", "kind_of_source"],
    "carried_from": ["tahun_asal", "carried_from"],
    "sample": ["contoh", "sample", "is_sample"],
    # Read past, never taken: the portal derives every predicate, names an instance its own way, and
    # numbers nothing (spreadsheets often open with a "No" column).
    "predicate": ["predikat", "predicate", "predikat_laporan"],
    "printed_name": ["nama_laporan", "printed_name"],
    "kemenpanrb_code": ["kode_kemenpanrb", "kemenpanrb_code"],
    "row_number": ["no", "nomor", "no_urut", "number"],
}


HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The longest cell of a column: the length of the field it is stored in or matched against. Notes are text
# fields, held to MAX_CELL_CHARS; every other column holds a number, a year, a date or a word.
CELL_LIMITS = {
    "code": _max_length(Instance, "name"),  # a code, or a name in its place (as the README says)
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


def header_key(header) -> str:
    """`Tahun `, `TAHUN`, `url sumber` and `url-sumber` all become `tahun` / `url_sumber`."""
    text = str(header).replace("\ufeff", "").replace("\xa0", " ").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)
