"""Indeks Pemerintah Digital 2026 (PermenPANRB 8/2026): the value an indicator's accepted evidence suggests,
other agencies' indices on the 1-5 scale, and aspect and index values.

Pure functions over plain data; no ORM. The bands and conversions are read from `data/frameworks/pemdi-2026.json`
(built from the shared reference by `build_pemdi_2026.py`), never held here: they come from secondary sources
and an admin may have to correct them. Aspect and index values are `scoring.roll_up`'s, the one scoring
function, over the tree that file describes.
"""

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from indices.facts import NodeFacts
from indices.scoring import INDEX, roll_up

DATA = Path(__file__).parent / "data" / "frameworks" / "pemdi-2026.json"
INDICATOR_ID_OFFSET = 100  # node ids in `nodes()`: aspect n is n, indicator n is 100 + n

Band = tuple[Decimal, Decimal]


class Tally(NamedTuple):
    """One level of an indicator: how many of its evidence items (butir data dukung) the assessor accepted."""

    accepted: int
    total: int


class ConversionUnknown(LookupError):
    """No source gives how this indicator's external index becomes a value; the message says what is known."""


@cache
def framework() -> dict:
    """pemdi-2026.json as shipped."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def value_bands(data: dict | None = None) -> tuple[Band, ...]:
    """(lower, upper) of levels 1 to 5 as the suggestion rule reads them: 1.0-1.5, 1.5-2.5, ... 4.0-5.0."""
    rule = (data or framework())["suggestion_rule"]
    return tuple((Decimal(band["lower"]), Decimal(band["upper"])) for band in rule["value_bands"])


def cascade(tallies: Sequence[Tally | tuple[int, int]]) -> tuple[Tally, ...]:
    """The tallies as the assessor's application counts them: above the first level not fully accepted, every
    item is rejected ("Otomatis ditolak karena tingkat kematangan sebelumnya ditolak"), whatever its verdict."""
    counted, earned = [], True
    for accepted, total in tallies:
        if total < 1 or not 0 <= accepted <= total:
            raise ValueError(f"{accepted} of {total} items accepted")
        counted.append(Tally(accepted if earned else 0, total))
        earned = earned and accepted == total
    return tuple(counted)


def suggest_value(tallies: Sequence[Tally | tuple[int, int]], bands: Sequence[Band] | None = None) -> Decimal:
    """The indicator value the accepted items suggest, unrounded.

    `tallies` are (accepted, total) per level, level 1 first, at most one per band; a level left out had no
    item accepted. After the cascade, the value moves through the band of the first level not fully accepted
    by the share of that level's items accepted: 2 of 4 items of level 2, level 1 accepted, gives 1.5 + 0.5 x
    1.0 = 2.0. Every level accepted gives the top of the scale. The rule is inferred from one real result
    (pemdi-2026.json, `suggestion_rule`): a default the user may overwrite, not the assessor's figure.
    """
    bands = value_bands() if bands is None else bands
    if len(tallies) > len(bands):
        raise ValueError(f"{len(tallies)} levels tallied; the scale has {len(bands)}")
    for (lower, upper), (accepted, total) in zip(bands, cascade(tallies), strict=False):
        if accepted < total:
            return lower + (upper - lower) * accepted / total
    return bands[len(tallies)][0] if len(tallies) < len(bands) else bands[-1][1]


def conversion(indicator: int, data: dict | None = None) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    """(score from, score to, value from, value to) per band of the index an indicator is scored from."""
    external = (data or framework())["external_indices"]
    found = next((item for item in external["indicators"] if item["indicator"] == indicator), None)
    if found is None:
        raise ConversionUnknown(f"Indicator {indicator} is not scored from another agency's index.")
    if found["conversion"] is None:
        raise ConversionUnknown(found["conversion_gap"])
    keys = ("score_lower", "score_upper", "value_lower", "value_upper")
    return [tuple(Decimal(band[key]) for key in keys) for band in found["conversion"]["bands"]]


def convert_external(indicator: int, score, data: dict | None = None) -> Decimal:
    """An external index's score on the 1-5 scale: linear inside the band that holds it, unrounded.

    Only I5's conversion (SDI, Bappenas) is known; I6 (SJIG), I7 (IPS) and I18 (SDI aspek Interoperabilitas
    Data) raise ConversionUnknown with what the sources say instead.
    """
    score = Decimal(str(score))
    for low, high, value_low, value_high in conversion(indicator, data):
        if low <= score <= high:
            return value_low + (value_high - value_low) * (score - low) / (high - low)
    raise ValueError(f"score {score} lies outside the index's bands")


def convert_sdi(score, data: dict | None = None) -> Decimal:
    """Indeks Satu Data Indonesia (0-100) as indicator 5's value: SDI 25 gives 2.00, SDI 68.75 gives 3.75."""
    return convert_external(5, score, data)


def nodes(data: dict | None = None) -> tuple[NodeFacts, ...]:
    """The tree as `scoring.roll_up` reads it: the 7 aspects directly under the index (no domains), each
    indicator under its aspect, weights in percent of the whole index."""
    found = []
    for aspect in (data or framework())["aspects"]:
        a = aspect["number"]
        found.append(NodeFacts(a, "aspect", a, aspect["name"], Decimal(aspect["weight"]), None))
        for i in aspect["indicators"]:
            n = i["number"]
            found.append(
                NodeFacts(INDICATOR_ID_OFFSET + n, "indicator", n, i["name"], Decimal(i["weight"]), a)
            )
    return tuple(found)


def aspects_and_index(
    indicator_values: Mapping[int, Decimal], data: dict | None = None
) -> tuple[dict[int, Decimal], Decimal | None]:
    """(aspect number -> value, index) that indicator number -> value gives, unrounded: aspect =
    Σ(weight x value) / aspect weight, index = Σ(aspect weight x aspect value) / 100. An aspect missing a
    value is left out, and the index is then None."""
    known = {INDICATOR_ID_OFFSET + n: Decimal(value) for n, value in indicator_values.items()}
    values = roll_up(nodes(data), known)
    aspects = {key: value for key, value in values.items() if key is not INDEX and key < INDICATOR_ID_OFFSET}
    return aspects, values.get(INDEX)
