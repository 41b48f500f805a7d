"""The columns of a file of an assessment's levels, under every name people give them, the longest cell each
may hold, and the export: one row per indicator, in the shape the import (`bulk_levels`) reads back."""

from indices.models import FrameworkNode
from indices.models.instances import Instance
from indices.models.text import EXPLANATION_LENGTH
from indices.transfer.headers import header_key
from indices.workspace.models import Assessment, IndicatorLevel

# Canonical column -> the headers accepted for it (compared after `header_key`). The export writes the first.
COLUMNS = {
    "code": ["kode_instansi", "kode", "kode_wilayah", "instance_code", "code"],
    "name": ["nama_instansi", "instansi", "nama", "instance", "name"],
    "year": ["tahun", "year", "tahun_evaluasi"],
    "indicator": ["indikator", "indicator", "no_indikator", "nomor_indikator"],
    "indicator_name": ["nama_indikator", "indicator_name"],
    "level": ["tingkat", "level", "tingkat_mandiri", "nilai", "value"],
    "fakta": ["fakta", "facts"],
    "analisis": ["analisis", "analysis"],
    "unit": ["unit", "unit_kerja", "opd", "unit_penanggung_jawab"],
    "contact": ["kontak", "contact", "narahubung"],
    "row_number": ["no", "nomor", "no_urut"],
}
HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
EXPORT_COLUMNS = ["code", "name", "year", "indicator", "indicator_name", "level", "fakta", "analisis"]
EXPORT_COLUMNS += ["unit", "contact"]

# The record's field each written column fills; a column the file leaves out keeps what is stored.
FIELDS = {
    "level": "self_level",
    "fakta": "fakta",
    "analisis": "analisis",
    "unit": "unit",
    "contact": "contact",
}


def _max_length(name: str) -> int:
    return IndicatorLevel._meta.get_field(name).max_length


LIMITS = {
    "code": Instance._meta.get_field("name").max_length,
    "name": Instance._meta.get_field("name").max_length,
    "indicator_name": 1000,
    "fakta": EXPLANATION_LENGTH,
    "analisis": EXPLANATION_LENGTH,
    "unit": _max_length("unit"),
    "contact": _max_length("contact"),
}


def column_of(header) -> str | None:
    return HEADER_TO_COLUMN.get(header_key(header))


def export_rows(assessment: Assessment) -> tuple[list[str], list[list]]:
    """The headers and one row per indicator of `assessment`'s framework, in number order: what the import
    reads back unchanged. Levels are numbers (whole under a framework of whole levels)."""
    stored = (
        {level.node_id: level for level in IndicatorLevel.objects.filter(assessment=assessment)}
        if assessment.pk
        else {}
    )
    framework = assessment.framework
    rows = []
    for node in FrameworkNode.objects.filter(
        framework=framework, level=FrameworkNode.Level.INDICATOR
    ).order_by("number"):
        level = stored.get(node.pk) or IndicatorLevel(node=node)
        value = level.self_level
        if value is not None and framework.whole_levels:
            value = int(value)
        rows.append(
            [
                assessment.instance.code,
                assessment.instance.name,
                assessment.year,
                node.number,
                node.name,
                value,
                level.fakta,
                level.analisis,
                level.unit,
                level.contact,
            ]
        )
    return [COLUMNS[column][0] for column in EXPORT_COLUMNS], rows
