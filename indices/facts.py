"""Plain records that the read models hand to stats, charts and tables: no ORM object goes further.

`FrameworkQuerySet.facts()` builds them once per request; everything downstream is a pure function of them.
"""

from dataclasses import dataclass
from decimal import Decimal


def years_cover(first_year: int, last_year: int | None, year: int) -> bool:
    """Whether an evaluation framework used from `first_year` to `last_year` (None: still in force) covers `year`."""
    return first_year <= year and (last_year is None or year <= last_year)


@dataclass(frozen=True)
class BandFacts:
    """One predicate band: lower bound inclusive, upper bound exclusive (5.00 falls in the top band)."""

    predicate: str
    lower: Decimal
    upper: Decimal
    colour: str
    order: int


@dataclass(frozen=True)
class NodeFacts:
    """A domain, aspect or indicator: its weight is percent of the whole index (None: not published)."""

    id: int
    level: str
    number: int
    name: str
    weight: Decimal | None
    parent_id: int | None


@dataclass(frozen=True)
class FrameworkFacts:
    id: int
    name: str
    first_year: int
    last_year: int | None
    bands: tuple[BandFacts, ...]  # lowest first
    slug: str = ""
    scale: tuple[Decimal, Decimal] = (Decimal("1.00"), Decimal("5.00"))
    nodes: tuple[NodeFacts, ...] = ()

    @property
    def top(self) -> list[NodeFacts]:
        """The first level under the index: domains (SPBE) or aspects (Pemerintah Digital), by number."""
        return sorted((node for node in self.nodes if node.parent_id is None), key=lambda node: node.number)

    def covers(self, year: int) -> bool:
        return years_cover(self.first_year, self.last_year, year)

    def band_for(self, value: Decimal | None) -> BandFacts | None:
        """The band holding `value` (lower bound inclusive), or None for no value."""
        if value is None:
            return None
        return next((band for band in reversed(self.bands) if band.lower <= value), None)

    def band_above(self, value: Decimal) -> BandFacts | None:
        """The band above the one holding `value`, or None at the top."""
        return next((band for band in self.bands if band.lower > value), None)

    def legend(self) -> list[dict]:
        """Predicate names and colours, lowest first, as a chart's legend wants them."""
        return [{"predicate": band.predicate, "colour": band.colour} for band in self.bands]


class Frameworks(tuple):
    """Every framework, oldest first, with the one lookup the pages need: which one covers a year."""

    def for_year(self, year: int) -> FrameworkFacts | None:
        return next((framework for framework in self if framework.covers(year)), None)

    def by_id(self, framework_id: int) -> FrameworkFacts:
        return next(framework for framework in self if framework.id == framework_id)


@dataclass(frozen=True)
class Place:
    """A region as the pages name and link it: its Kemendagri code and name."""

    code: str
    name: str
