"""What every published figure carries: its source (a decree, report, official page or news article) and
note, the queries shared by records kept per instance and year, and values per domain or aspect."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from indices.formatting import format_score
from indices.models.frameworks import FrameworkNode, score_field
from indices.models.instances import InstanceName
from indices.models.text import line_field, text_field
from regions.models import Region

# Final and carried-over scores are each "the" result of their year; a self-assessment or a figure the press
# reported never is.
OFFICIAL_STATUSES = ("final", "carried_over")


class FigureKind(models.TextChoices):
    """What kind of source a figure stands on, said in words wherever the figure appears."""

    OFFICIAL = "official", _("Official publication (KemenPANRB)")
    COMPILED = "compiled", _("Compiled from the evaluation's indicator levels")
    CARRIED_OVER = "carried_over", _("Carried over from an earlier evaluation")
    PRESS = "press", _("Press or regional statement")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment (draft)")
    COMPUTED = "computed", _("Computed by the portal")


def kind_in_words(kind: str, carried_from: int | None = None) -> str:
    """A figure's kind of source as a page, table, export or API answer says it."""
    if kind == FigureKind.CARRIED_OVER and carried_from:
        return _("Carried over: the value of %(year)s, counted again") % {"year": carried_from}
    if kind == FigureKind.PRESS:
        return _("Press or regional statement, no official table yet")
    return str(FigureKind(kind).label) if kind in FigureKind.values else kind


def kind_short(kind: str, carried_from: int | None = None) -> str:
    """The kind of source in a table's cell: resmi, kompilasi, dibawa dari 2021, berita."""
    words = {
        FigureKind.OFFICIAL: _("official"),
        FigureKind.COMPILED: _("compiled"),
        FigureKind.PRESS: _("press"),
        FigureKind.SELF_ASSESSMENT: _("self-assessment"),
    }
    if kind == FigureKind.CARRIED_OVER:
        return _("carried over from %(year)s") % {"year": carried_from} if carried_from else _("carried over")
    return str(words.get(kind, kind))


def figure_kind(status: str, source_kind: str | None) -> str:
    """The kind of a score from its status and its source's kind (`FigureKind`'s value)."""
    if status == "carried_over":
        return FigureKind.CARRIED_OVER
    if status == "self_assessed":
        return FigureKind.SELF_ASSESSMENT
    if status == "reported":
        return FigureKind.PRESS
    return source_kind or FigureKind.OFFICIAL


class Source(models.Model):
    """Where a figure was published: a decree, an evaluation report, an official page or news article."""

    class Kind(models.TextChoices):
        OFFICIAL = FigureKind.OFFICIAL.value, _("Official publication (report, decree, planning document)")
        COMPILED = FigureKind.COMPILED.value, _("Compiled from indicator levels (not a KemenPANRB table)")
        PRESS = FigureKind.PRESS.value, _("Press or regional statement")

    title = line_field(_("title"), max_length=300)
    publisher = line_field(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    document = line_field(
        _("document"),
        max_length=300,
        blank=True,
        help_text=_("Decree number or report, when there is no URL."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    kind = models.CharField(
        _("kind of source"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("What an official quoting a figure of this source must know it to be."),
    )
    note = text_field(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The account that added this source: an operator changes only the sources they added."),
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(document=""),
                name="source_has_url_or_document",
                violation_error_message=_("A source needs a URL or a document reference."),
            ),
            # One row per publication: two imports citing a new source at the same time share it.
            models.UniqueConstraint(
                fields=["title", "publisher", "url", "document"],
                name="source_one_per_publication",
                violation_error_message=_("This source is already on record."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class Published(models.Model):
    """What a published figure carries besides its value: where it was published and a note.

    Every record needs its source; each concrete model words that rule once, in `SOURCE_REQUIRED`, for its
    constraint, its form and the importer.
    """

    SOURCE_REQUIRED: str  # each concrete model words the rule for its own kind of record

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        null=True,
        blank=True,
    )
    source_detail = line_field(
        _("where in the source"),
        max_length=100,
        blank=True,
        help_text=_('Table and row, e.g. "Tabel 18, no. 24".'),
    )
    note = text_field(_("note"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.instance} {self.year}: {format_score(self.value)}"

    @staticmethod
    def source_required(name: str, message) -> models.CheckConstraint:
        """The database's side of the rule."""
        return models.CheckConstraint(
            condition=Q(source__isnull=False), name=name, violation_error_message=message
        )

    def clean(self):
        if self.source_id is None:
            raise ValidationError({"source": self.SOURCE_REQUIRED})


class InstanceRecordQuerySet(models.QuerySet):
    """Reads shared by every record kept per instance and year (scores and targets)."""

    def in_province(self, code: str):
        """Records of the province `code` and of every regency and city in it."""
        return self.filter(instance__region__in=Region.objects.in_province(code))

    def of_kind(self, *kinds):
        return self.filter(instance__kind__in=kinds)

    def in_group(self, group: str):
        """Records of agencies in `group` in the record's own year: the group that year's report printed, or
        the agency's current group where the year printed none (the 2021-2022 compilation)."""
        printed = InstanceName.objects.filter(instance=OuterRef("instance"), year=OuterRef("year")).exclude(
            group=""
        )
        return self.filter(
            Q(Exists(printed.filter(group=group))) | Q(~Exists(printed), instance__group=group)
        )


class NodeValue(models.Model):
    """A published domain or aspect value: of a score (`ScoreValue`) or of the national index."""

    node = models.ForeignKey(
        FrameworkNode, verbose_name=_("domain or aspect"), on_delete=models.PROTECT, related_name="+"
    )
    value = score_field(_("value"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.node}: {format_score(self.value)}"
