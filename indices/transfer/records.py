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
from indices.models import OFFICIAL_STATUSES, Score, Target
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
    "carried_over": Score.Status.CARRIED_OVER,
    "carried over": Score.Status.CARRIED_OVER,
    "carried-over": Score.Status.CARRIED_OVER,
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
        return ["value", self.detail, "source", "source_detail", "note"]

    def build(self, cells, column, errors) -> Score | Target:
        """An unsaved record with its detail and note read from the row."""
        text = cell_text(cells.get(self.detail, "")).lower()
        detail = self.detail_values.get(text, self.detail_default if not text else None)
        if detail is None:
            errors.append((column(self.detail), str(self.detail_message) % {"text": text}))
        return self.model(
            **{self.detail: detail or self.detail_default}, note=cell_text(cells.get("note", ""))
        )

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
