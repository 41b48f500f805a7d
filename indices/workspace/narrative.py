"""The report card's paragraph, written from its figures by rules: the index and its predicate with the
change since the previous evaluation, the weakest and strongest domain, the target, the rank, where the
points are and what is still open. Pure functions over a `Facts` record; every sentence is one catalogue
entry with named placeholders, so Bahasa Indonesia and English both come from the catalogue, and every
number goes through `indices.formatting` (3,34 in Indonesian, 3.34 in English)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from indices.formatting import format_points, format_score

# "12 of 415 regencies": Indonesian names the kind without a plural form, English needs one.
KINDS_PLURAL = {
    "provinsi": gettext_lazy("provinces"),
    "kabupaten": gettext_lazy("regencies"),
    "kota": gettext_lazy("cities"),
    "kementerian": gettext_lazy("ministries"),
    "lembaga": gettext_lazy("agencies"),
}


@dataclass(frozen=True)
class Part:
    """A domain (or an aspect, where a framework has no domains) with its value."""

    number: int
    name: str
    value: Decimal


@dataclass(frozen=True)
class Facts:
    """What the paragraph is written from. `value` is the published index, or the workspace's draft one
    when `draft`; `levelled` of `indicators` tell how far a draft without an index has come."""

    name: str
    year: int
    index_name: str  # "SPBE index", "Digital Government index", already translated
    value: Decimal | None = None
    predicate: str = ""
    draft: bool = False
    levelled: int = 0
    indicators: int = 0
    previous_year: int | None = None
    change: Decimal | None = None
    part_level: str = "domain"  # "domain", or "aspect" where the framework's first level is aspects
    parts: tuple[Part, ...] = ()
    target: Decimal | None = None
    rank: int | None = None
    rank_count: int | None = None
    kind: str = ""
    ranked_year_complete: bool = True
    province_rank: int | None = None
    province_count: int | None = None
    province: str = ""
    top_indicator: tuple[int, str, Decimal] | None = None  # number, name, points to win
    open_recommendations: int = 0
    overdue_recommendations: int = 0


def paragraph(facts: Facts) -> str:
    """The whole paragraph: each rule's sentence, in order, the ones with nothing to say left out."""
    sentences = [headline(facts)]
    if facts.value is not None:
        sentences += [parts(facts), target(facts), rank(facts)]
    sentences += [points(facts), recommendations(facts)]
    return " ".join(sentence for sentence in sentences if sentence)


def headline(facts: Facts) -> str:
    """The index and its predicate, and whether it rose, fell or held since the previous evaluation under
    the same framework (or is the first). A draft says it is one, and compares itself with the published
    index of the previous year."""
    values = {
        "index": facts.index_name,
        "name": facts.name,
        "year": facts.year,
        "value": format_score(facts.value),
        "predicate": facts.predicate,
        "previous_year": facts.previous_year,
        "change": format_score(abs(facts.change)) if facts.change is not None else "",
        "done": facts.levelled,
        "total": facts.indicators,
    }
    if facts.value is None:
        if facts.draft and facts.levelled:
            return (
                _(
                    "The self-assessment of %(name)s for %(year)s is not complete: %(done)s of %(total)s "
                    "indicators have a level, so there is no draft index yet."
                )
                % values
            )
        return _("No %(index)s of %(name)s for %(year)s is on record yet.") % values
    if facts.draft:
        if facts.change is None:
            sentence = _(
                "By its self-assessment (a draft, not verified), the %(index)s of %(name)s for %(year)s "
                "would be %(value)s (%(predicate)s), its first under this framework."
            )
        elif facts.change > 0:
            sentence = _(
                "By its self-assessment (a draft, not verified), the %(index)s of %(name)s for %(year)s "
                "would be %(value)s (%(predicate)s), up %(change)s from the published index of "
                "%(previous_year)s."
            )
        elif facts.change < 0:
            sentence = _(
                "By its self-assessment (a draft, not verified), the %(index)s of %(name)s for %(year)s "
                "would be %(value)s (%(predicate)s), down %(change)s from the published index of "
                "%(previous_year)s."
            )
        else:
            sentence = _(
                "By its self-assessment (a draft, not verified), the %(index)s of %(name)s for %(year)s "
                "would be %(value)s (%(predicate)s), the same as the published index of %(previous_year)s."
            )
        return sentence % values
    if facts.change is None:
        sentence = _(
            "The %(index)s of %(name)s for %(year)s is %(value)s (%(predicate)s), its first under this "
            "framework."
        )
    elif facts.change > 0:
        sentence = _(
            "The %(index)s of %(name)s for %(year)s is %(value)s (%(predicate)s), up %(change)s from "
            "%(previous_year)s."
        )
    elif facts.change < 0:
        sentence = _(
            "The %(index)s of %(name)s for %(year)s is %(value)s (%(predicate)s), down %(change)s from "
            "%(previous_year)s."
        )
    else:
        sentence = _(
            "The %(index)s of %(name)s for %(year)s is %(value)s (%(predicate)s), unchanged from "
            "%(previous_year)s."
        )
    return sentence % values


def parts(facts: Facts) -> str:
    """The weakest and the strongest domain (aspect) by value, the lower number first on a tie; one
    sentence when all stand level."""
    if not facts.parts:
        return ""
    weakest = min(facts.parts, key=lambda part: (part.value, part.number))
    strongest = max(facts.parts, key=lambda part: (part.value, -part.number))
    if weakest.value == strongest.value:
        if facts.part_level == "aspect":
            return _("Every aspect stands at %(value)s.") % {"value": format_score(weakest.value)}
        return _("Every domain stands at %(value)s.") % {"value": format_score(weakest.value)}
    values = {
        "weakest": weakest.name,
        "weakest_value": format_score(weakest.value),
        "strongest": strongest.name,
        "strongest_value": format_score(strongest.value),
    }
    if facts.part_level == "aspect":
        return (
            _(
                "Weakest aspect: %(weakest)s (%(weakest_value)s); strongest: %(strongest)s (%(strongest_value)s)."
            )
            % values
        )
    return (
        _("Weakest domain: %(weakest)s (%(weakest_value)s); strongest: %(strongest)s (%(strongest_value)s).")
        % values
    )


def target(facts: Facts) -> str:
    """Whether the year's target is met, or how far short the index falls."""
    values = {"year": facts.year, "target": format_score(facts.target)}
    if facts.target is None:
        return _("No target for %(year)s is on record.") % values
    gap = facts.value - facts.target
    if gap >= 0:
        return _("It meets its %(year)s target of %(target)s.") % values
    return _("It is %(gap)s short of its %(year)s target of %(target)s.") % (
        values | {"gap": format_score(-gap)}
    )


def rank(facts: Facts) -> str:
    """Its rank among its kind nationally, and among its province's regencies and cities. Only a published
    score of a year whose whole national table the portal holds is ranked."""
    if facts.draft:
        return _("A draft is not ranked: ranks compare published scores only.")
    if not facts.ranked_year_complete or facts.rank is None:
        return _("No rank is told: the portal does not hold the whole national table of %(year)s.") % {
            "year": facts.year
        }
    values = {
        "rank": facts.rank,
        "count": facts.rank_count,
        "kind": KINDS_PLURAL.get(facts.kind, facts.kind),
        "province_rank": facts.province_rank,
        "province_count": facts.province_count,
        "province": facts.province,
    }
    if facts.province_rank is None:
        return _("It ranks %(rank)s of %(count)s %(kind)s nationally.") % values
    return (
        _(
            "It ranks %(rank)s of %(count)s %(kind)s nationally and %(province_rank)s of %(province_count)s "
            "regencies and cities in %(province)s."
        )
        % values
    )


def points(facts: Facts) -> str:
    """The indicator with the most index points still to win (weight × (5 − level) / 100)."""
    if facts.top_indicator is None:
        return ""
    number, name, gain = facts.top_indicator
    return _("The most points to win lie in indicator %(number)s %(name)s (up to %(points)s).") % {
        "number": number,
        "name": name,
        "points": format_points(gain),
    }


def recommendations(facts: Facts) -> str:
    """How many recommendations are still open, and how many of them are overdue."""
    if not facts.open_recommendations:
        return _("No recommendation is open.")
    sentence = ngettext(
        "%(count)s recommendation is still open.",
        "%(count)s recommendations are still open.",
        facts.open_recommendations,
    ) % {"count": facts.open_recommendations}
    if facts.overdue_recommendations:
        sentence += " " + ngettext(
            "%(count)s is overdue.", "%(count)s are overdue.", facts.overdue_recommendations
        ) % {"count": facts.overdue_recommendations}
    return sentence
