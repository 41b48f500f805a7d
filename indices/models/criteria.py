"""What a framework's indicators ask, as data an administrator corrects: the sources it is taken from (each
with its class), the named sets of level names, each indicator's descriptions and per-level criteria (the
version shown and the others beside it as notes), the evidence items (butir data dukung) of each level, and
the evaluation cycle's calendar. Loaded from the shipped file (`indices.transfer.criteria_loading`); none of
it is a constant in code, since for Pemerintah Digital 2026 it comes from secondary sources."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indices.models.frameworks import Framework, FrameworkNode, year_field, year_in_range
from indices.models.text import EXPLANATION_LENGTH, line_field, text_field

LEVEL_RANGE_MESSAGE = _("A level is 1, 2, 3, 4 or 5.")


def level_number_field(verbose_name, **options) -> models.PositiveSmallIntegerField:
    validators = [
        MinValueValidator(1, message=LEVEL_RANGE_MESSAGE),
        MaxValueValidator(5, message=LEVEL_RANGE_MESSAGE),
    ]
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **options)


def level_number_in_range(field: str = "level") -> Q:
    return Q(**{f"{field}__gte": 1, f"{field}__lte": 5})


class FrameworkSource(models.Model):
    """A document a framework's criteria, level names or calendar are taken from, by the key the shipped file
    gives it (A, B, C …), with its class: a regional app's seed data, a regional guide, the training module
    as a regional app extracted it … Shown beside every text taken from it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="reference_sources")
    key = line_field(_("key"), max_length=10)
    where = text_field(_("where"), max_length=1000, help_text=_("Repository, commit and path, or address."))
    source_class = line_field(_("class"), max_length=300)
    basis = line_field(_("date or basis"), max_length=300, blank=True)
    reliability = text_field(_("reliability"), blank=True)

    class Meta:
        ordering = ["framework", "key"]
        verbose_name = _("criteria source")
        verbose_name_plural = _("criteria sources")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="framework_source_key_once"),
        ]

    def __str__(self):
        return f"{self.key} · {self.source_class}"


class LevelNameSet(models.Model):
    """One named set of the five level names of a framework (Merintis … Unggul as the regulation names them,
    Rintisan … Optimum as the assessor's output does); the portal shows the set marked shown, the other
    beside it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="level_name_sets")
    key = models.SlugField(_("key"), max_length=30)
    label = line_field(_("label"), max_length=200)
    source = models.ForeignKey(
        FrameworkSource, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )
    shown = models.BooleanField(
        _("shown first"),
        default=False,
        help_text=_("The set the workspace names levels by; one per framework."),
    )

    class Meta:
        ordering = ["framework", "-shown", "key"]
        verbose_name = _("set of level names")
        verbose_name_plural = _("sets of level names")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="level_name_set_key_once"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(shown=True),
                name="level_name_set_one_shown",
                violation_error_message=_("Only one set of level names per framework is shown first."),
            ),
        ]

    def __str__(self):
        return self.label


class LevelName(models.Model):
    name_set = models.ForeignKey(LevelNameSet, on_delete=models.CASCADE, related_name="names")
    level = level_number_field(_("level"))
    name = line_field(_("name"), max_length=100)
    english = line_field(_("English name"), max_length=100, blank=True)
    note = text_field(_("note"), blank=True, help_text=_("Where the name is not confirmed, why."))

    class Meta:
        ordering = ["name_set", "level"]
        verbose_name = _("level name")
        verbose_name_plural = _("level names")
        constraints = [
            models.UniqueConstraint(fields=["name_set", "level"], name="level_name_once"),
            models.CheckConstraint(
                condition=level_number_in_range(),
                name="level_name_level_in_range",
                violation_error_message=LEVEL_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.level} {self.name}"


class CriterionText(models.Model):
    """A text about an indicator with its source: a description of the indicator, its initial condition, the
    criterion of a level as shown (one per level), another source's version of it (shown beside it as a
    note), a fragment no source places at one level, or how the sources agree."""

    class Kind(models.TextChoices):
        DESCRIPTION = "description", _("Description")
        INITIAL = "initial", _("Initial condition (level 0)")
        CRITERION = "criterion", _("Criterion shown")
        OTHER_VERSION = "other", _("Another source's version")
        FRAGMENT = "fragment", _("Fragment not placed at one level")
        AGREEMENT = "agreement", _("How the sources agree")

    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="texts",
        limit_choices_to={"level": FrameworkNode.Level.INDICATOR},
    )
    level = level_number_field(
        _("level"), null=True, blank=True, help_text=_("Empty: the indicator as a whole.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = text_field(_("text"), max_length=EXPLANATION_LENGTH)
    source = models.ForeignKey(
        FrameworkSource, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )
    note = line_field(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("How the source places it, e.g. “module extraction, level uncertain”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["node", "level", "kind", "position"]
        verbose_name = _("criterion text")
        verbose_name_plural = _("criterion texts")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | level_number_in_range(),
                name="criterion_text_level_in_range",
                violation_error_message=LEVEL_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["criterion", "other"]) | Q(level__isnull=False),
                name="criterion_text_criterion_has_level",
                violation_error_message=_("A criterion belongs to a level."),
            ),
            models.UniqueConstraint(
                fields=["node", "level"],
                condition=Q(kind="criterion"),
                name="criterion_text_one_shown_per_level",
                violation_error_message=_("A level shows one criterion; put the others as other versions."),
            ),
        ]

    def __str__(self):
        where = f" L{self.level}" if self.level else ""
        return f"{self.node}{where} · {self.get_kind_display()}"


class EvidenceItemQuerySet(models.QuerySet):
    def of_framework(self, framework):
        return self.filter(node__framework=framework)

    def counts(self, framework) -> dict[tuple[int, int], int]:
        """(indicator node id, level) -> how many items that level has, in one query."""
        rows = self.of_framework(framework).values_list("node_id", "level").annotate(n=models.Count("pk"))
        return {(node_id, level): n for node_id, level, n in rows}


class EvidenceItem(models.Model):
    """One evidence item (butir data dukung) a level of an indicator asks for, by its code (I12-L1-02)."""

    node = models.ForeignKey(
        FrameworkNode,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="evidence_items",
        limit_choices_to={"level": FrameworkNode.Level.INDICATOR},
    )
    level = level_number_field(_("level"))
    code = line_field(
        _("code"), max_length=20, help_text=_("As the evaluation application writes it: I12-L1-02.")
    )
    source_code = line_field(_("code in the source"), max_length=40, blank=True)
    text = text_field(_("what it asks for"), max_length=EXPLANATION_LENGTH)
    source = models.ForeignKey(
        FrameworkSource, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    objects = EvidenceItemQuerySet.as_manager()

    class Meta:
        ordering = ["node__number", "level", "position"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        constraints = [
            models.UniqueConstraint(fields=["node", "code"], name="evidence_item_code_once"),
            models.CheckConstraint(
                condition=level_number_in_range(),
                name="evidence_item_level_in_range",
                violation_error_message=LEVEL_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class CycleStageQuerySet(models.QuerySet):
    def of(self, framework, year: int):
        return self.filter(framework=framework, year=year).select_related("source")


class CycleStage(models.Model):
    """One stage of an evaluation year's cycle (self-assessment, interviews, visits, results) or a date the
    cycle starts from (the regulation set), with its dates as the source gives them."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("Date the cycle starts from")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        DOCUMENT_REVIEW = "document_review", _("Document review")
        INTERVIEW = "interview", _("Interviews")
        VISIT = "visit", _("Visits")
        RESULTS = "results", _("Results")
        REGIONAL = "regional", _("One region's event")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="cycle_stages")
    year = year_field(_("evaluation year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = line_field(_("stage"), max_length=300)
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, help_text=_("Empty: only a deadline is known.")
    )
    ends_on = models.DateField(_("ends on"))
    dates_as_given = line_field(_("dates as the source gives them"), max_length=200, blank=True)
    estimate = models.BooleanField(_("estimate"), default=False)
    source = models.ForeignKey(
        FrameworkSource, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )
    source_detail = line_field(_("where in the source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    objects = CycleStageQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "year", "ends_on", "position"]
        verbose_name = _("cycle stage")
        verbose_name_plural = _("cycle stages")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year", "name"], name="cycle_stage_once"),
            models.CheckConstraint(condition=year_in_range(), name="cycle_stage_year_in_range"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="cycle_stage_dates_in_order",
                violation_error_message=_("A stage cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.name}"

    @property
    def dates(self) -> str:
        """Its dates in the active language: "1 Agustus – 15 September 2026", or the deadline alone."""
        end = date_format(self.ends_on, "j F Y")
        if self.starts_on is None or self.starts_on == self.ends_on:
            return end
        return f"{date_format(self.starts_on, 'j F Y')} – {end}"

    def clean(self):
        if self.framework_id and self.year and not self.framework.covers(self.year):
            message = _("%(framework)s is not in force in %(year)s.")
            raise ValidationError({"year": message % {"framework": self.framework, "year": self.year}})
