"""The column names every spreadsheet of the portal shares: the dataset download writes them, the importer
reads them back."""

from indices.models import FigureKind, Score

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
    "source_kind": "jenis_sumber",
    "carried_from": "tahun_asal",
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
    Score.Status.REPORTED: "berita",
}
# The kind of source each figure stands on, as a spreadsheet writes it (`jenis_sumber`); the importer reads
# the same words back.
KIND_EXPORT = {
    FigureKind.OFFICIAL: "resmi",
    FigureKind.COMPILED: "kompilasi",
    FigureKind.CARRIED_OVER: "bawaan",
    FigureKind.PRESS: "berita",
    FigureKind.SELF_ASSESSMENT: "mandiri",
}
