"""What differs between the record types a file can carry: one small spec each, the planner does the rest.

A spec says which column holds the value, which fields an update compares and replaces, how the extra
column of its kind (a score's status, a target's planning document) is read, where a record sits (a final
and a carried-over score share one place per region and year), and how a conflict is worded.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indices.columns import KIND_SCORE, KIND_TARGET
from indices.formatting import format_score
from indices.models import OFFICIAL_STATUSES, Score, Source, Target
from indices.transfer.cells import cell_text

STATUSES = {
    "final": Score.Status.FINAL,
    "resmi": Score.Status.FINAL,
    "mandiri": Score.Status.SELF_ASSESSED,
    "penilaian mandiri": Score.Status.SELF_ASSESSED,
    "self_assessed": Score.Status.SELF_ASSESSED,
    "self-assessed": Score.Status.SELF_ASSESSED,
    "self assessed": Score.Status.SELF_ASSESSED,
    "self-assessment": Score.Status.SELF_ASSESSED,
    "dibawa": Score.Status.CARRIED_OVER,
    "berita": Score.Status.REPORTED,
    "reported": Score.Status.REPORTED,
    "carried_over": Score.Status.CARRIED_OVER,
    "carried over": Score.Status.CARRIED_OVER,
    "carried-over": Score.Status.CARRIED_OVER,
}
# The kind of source a row names (`jenis_sumber`, as the export writes it): what a new source is, and what a
# score's status is when the file has no status column.
SOURCE_KINDS = {
    "resmi": (Source.Kind.OFFICIAL, Score.Status.FINAL),
    "official": (Source.Kind.OFFICIAL, Score.Status.FINAL),
    "kompilasi": (Source.Kind.COMPILED, Score.Status.FINAL),
    "compiled": (Source.Kind.COMPILED, Score.Status.FINAL),
    "bawaan": (None, Score.Status.CARRIED_OVER),
    "carried_over": (None, Score.Status.CARRIED_OVER),
    "berita": (Source.Kind.PRESS, Score.Status.REPORTED),
    "press": (Source.Kind.PRESS, Score.Status.REPORTED),
    "mandiri": (None, Score.Status.SELF_ASSESSED),
    "self_assessment": (None, Score.Status.SELF_ASSESSED),
}
DOCUMENTS = {choice.value: choice for choice in Target.Document}
DOCUMENTS |= {"perjanjian kinerja": Target.Document.PERJANJIAN_KINERJA, "lainnya": Target.Document.OTHER}


@dataclass(frozen=True)
class RecordSpec:
    kind: str  # the `jenis` of its rows in a combined export
    model: type[Score] | type[Target]
    value_column: str
    detail: str  # the extra field of this kind: a score's status, a target's planning document
    detail_values: dict
    detail_default: str
    detail_message: Promise  # for an unknown value in the detail column
    conflict_value: Promise
    conflict_other: Promise
    has_values: bool = False  # whether rows carry domain and aspect values

    def reads(self, column: str, *, combined: bool) -> bool:
        """Whether an import of this kind reads `column`. A combined export (with a `jenis` column) carries
        the columns of both kinds; each import skips the rows of the other."""
        if combined:
            return True
        if column.startswith(("domain_", "aspect_")):
            return self.has_values
        return column in (self.value_column, self.detail) or column not in KIND_COLUMNS

    @property
    def compared(self) -> list[str]:
        """The fields an update compares and, once confirmed, replaces (the old ones go on record)."""
        extra = ["carried_from"] if self.model is Score else []
        return ["value", self.detail, *extra, "source", "source_detail", "note"]

    def build(self, cells, column, errors) -> Score | Target:
        """An unsaved record with its detail and note read from the row (a score without a status takes the
        one its kind of source implies)."""
        text = cell_text(cells.get(self.detail, "")).lower()
        implied = source_kind_of(cells, errors, column)[1] if self.model is Score else None
        detail = self.detail_values.get(text, (implied or self.detail_default) if not text else None)
        if detail is None:
            errors.append((column(self.detail), str(self.detail_message) % {"text": text}))
        elif implied and text and detail != implied:
            errors.append((column("source_kind"), _("This kind of source does not fit the status %(status)s.")
                           % {"status": text}))  # fmt: skip
        record = self.model(
            **{self.detail: detail or self.detail_default}, note=cell_text(cells.get("note", ""))
        )
        if self.model is Score:
            record.carried_from = carried_from(cells, record, errors, column)
        return record

    def slot(self, record) -> str:
        """Where a record sits for its region and year: final and carried over share the official place."""
        if self.model is Score:
            return "official" if record.status in OFFICIAL_STATUSES else str(record.status)
        return self.kind

    def existing(self, years: set[int]) -> dict:
        """Records of the file's years, keyed like the rows: (code, year, slot)."""
        records = self.model.objects.filter(year__in=years).select_related("instance", "source")
        if self.has_values:
            records = records.prefetch_related("node_values")
        return {(r.instance_id, r.year, self.slot(r)): r for r in records}

    def values_of(self, record) -> dict:
        """A stored record's domain and aspect values by node id (needs `existing`'s prefetch)."""
        return {value.node_id: value.value for value in record.node_values.all()} if self.has_values else {}

    def conflict(self, record, old_value: Decimal) -> str:
        names = {"instance": record.instance.name, "year": record.year}
        if old_value != record.value:
            names |= {"old": format_score(old_value), "new": format_score(record.value)}
            message = str(self.conflict_value)
        else:
            message = str(self.conflict_other)
        hint = _("Confirm the update (or use --update) to replace it; the old value stays on record.")
        return f"{message % names} {hint}"


def source_kind_of(cells, errors, column) -> tuple[str | None, str | None]:
    """(the kind a new source of this row is, the status the row implies) from its `jenis_sumber`, or
    (None, None) when it names none."""
    text = cell_text(cells.get("source_kind", "")).lower()
    if not text:
        return None, None
    if text not in SOURCE_KINDS:
        errors.append(
            (column("source_kind"), _("Unknown kind of source “%(text)s”; use resmi, kompilasi, bawaan, berita or mandiri.")
             % {"text": text})
        )  # fmt: skip
        return None, None
    return SOURCE_KINDS[text]


def carried_from(cells, record, errors, column) -> int | None:
    """The year a carried-over value comes from (`tahun_asal`), required for it and for no other score."""
    text = cell_text(cells.get("carried_from", ""))
    if record.status != Score.Status.CARRIED_OVER:
        if text:
            errors.append(
                (column("carried_from"), _("Only a carried-over value names the year it comes from."))
            )
        return None
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None
    if year is None:
        errors.append(
            (
                column("carried_from"),
                _("A carried-over value names the year it comes from (tahun_asal), e.g. 2021."),
            )
        )
    return year


SCORES = RecordSpec(
    kind=KIND_SCORE,
    model=Score,
    value_column="score",
    detail="status",
    detail_values=STATUSES,
    detail_default=Score.Status.FINAL,
    detail_message=gettext_lazy("Unknown status “%(text)s”; use final, mandiri or dibawa."),
    conflict_value=gettext_lazy(
        "%(instance)s already has a score of %(old)s for %(year)s; this file has %(new)s."
    ),
    conflict_other=gettext_lazy(
        "%(instance)s already has a score for %(year)s with another status, source, note or domain values."
    ),
    has_values=True,
)
TARGETS = RecordSpec(
    kind=KIND_TARGET,
    model=Target,
    value_column="target",
    detail="document",
    detail_values=DOCUMENTS,
    detail_default=Target.Document.OTHER,
    detail_message=gettext_lazy(
        "Unknown planning document “%(text)s”; use RPJMN, RPJMD, Renstra, PK or lainnya."
    ),
    conflict_value=gettext_lazy(
        "%(instance)s already has a target of %(old)s for %(year)s; this file has %(new)s."
    ),
    conflict_other=gettext_lazy(
        "%(instance)s already has a target for %(year)s with another document, source or note."
    ),
)
# The columns only one kind reads (besides a score's domain and aspect values).
KIND_COLUMNS = {column for spec in (SCORES, TARGETS) for column in (spec.value_column, spec.detail)}


def reader_of(column: str) -> RecordSpec:
    """The kind whose import reads `column`, one of the columns only one kind reads."""
    return next(spec for spec in (SCORES, TARGETS) if spec.reads(column, combined=False))


KINDS = {"skor": SCORES, "score": SCORES, "indeks": SCORES, "index": SCORES, "target": TARGETS}
