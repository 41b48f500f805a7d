"""What a public address may carry: each published view names the query parameters it reads and how each is
read, and nothing else reaches it.

The page cache keys an answer by these parameters alone, so no stranger can fill it with made-up addresses
(`indices.public.cache`): an unknown parameter is dropped by a redirect to the address without it; a value that
cannot be read is answered 400 with what was wrong, never a 500; a value written another way (" 2024") is
redirected to its one spelling.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from indices.models.text import UNPRINTABLE
from indices.spreadsheets import CSV_CONVENTIONS

FIRST_YEAR, LAST_YEAR = 2018, 2045
REGION_OR_AGENCY = re.compile(r"[0-9]{2}(?:\.[0-9]{2})?|[a-z0-9]+(?:-[a-z0-9]+)*")


class Refused(ValueError):
    """A value a parameter cannot take; the message says why, for the visitor."""


@dataclass(frozen=True)
class Parameter:
    """How one query parameter is read: `read` gives the value's one spelling or raises Refused."""

    read: Callable[[str], str]
    many: bool = False  # repeated, in order (`?wilayah=62&wilayah=63`), at most `most` times
    most: int = 8


def _plain(text: str, limit: int) -> str:
    if UNPRINTABLE.search(text) or "\x7f" in text:
        raise Refused(_("The value holds a control character."))
    if len(text) > limit:
        raise Refused(_("The value is longer than %(limit)s characters.") % {"limit": limit})
    return text.strip()


def year(text: str) -> str:
    """An evaluation year, 2018–2045 (ASCII digits only: "²⁰²⁴" is no year)."""
    text = _plain(text, 10)
    if text == "":
        return text
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise Refused(_("A year is written 2024, between 2018 and 2045."))
    return str(int(text))


def whole(low: int, high: int) -> Callable[[str], str]:
    def read(text: str) -> str:
        text = _plain(text, 10)
        if text == "":
            return text
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            raise Refused(_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return str(int(text))

    return read


def one_of(*choices: str) -> Callable[[str], str]:
    def read(text: str) -> str:
        text = _plain(text, 100)
        if text not in ("", *choices):
            raise Refused(_("Use one of: %(choices)s.") % {"choices": ", ".join(choices)})
        return text

    return read


def sort_of(table, parts: int = 0) -> Parameter:
    """A django-tables2 sort: one of the table's orderable columns (and `parts` domain or aspect columns,
    `domain_1` ...), "-" first for descending."""
    columns = [name for name, column in table.base_columns.items() if column.orderable is not False]
    columns += [f"domain_{number}" for number in range(1, parts + 1)]
    return Parameter(one_of(*columns, *(f"-{name}" for name in columns)))


def code(text: str) -> str:
    """A Kemendagri code ("62", "63.11") or an agency's identifier ("kemenkeu")."""
    text = _plain(text, 30)
    if text and not REGION_OR_AGENCY.fullmatch(text):
        raise Refused(_("A code is written 62, 63.11 or kemenkeu."))
    return text


def text(limit: int) -> Callable[[str], str]:
    """Words typed by a visitor (a name to find, an agency group)."""

    def read(value: str) -> str:
        return _plain(value, limit)

    return read


EXPORT = Parameter(one_of("csv", "xlsx"))
# A CSV download's decimal mark, and with it its separator: koma (the default: ";" and 2,87) or titik.
DECIMAL = Parameter(one_of(*CSV_CONVENTIONS))
PAGE = Parameter(whole(1, 10_000))


def canonical(query, parameters: dict[str, Parameter]) -> tuple[list[tuple[str, str]], bool]:
    """The parameters of `query` (a QueryDict) that `parameters` names, each value in its one spelling, and
    whether that differs from what was asked (so the visitor is sent to the canonical address). Raises
    Refused, naming the parameter, for a value that cannot be read."""
    pairs, changed = [], False
    for name in query:
        parameter = parameters.get(name)
        if parameter is None:
            changed = True
            continue
        values = query.getlist(name)
        most = parameter.most if parameter.many else 1
        if len(values) > most:
            values, changed = values[:most], True
        for value in values:
            try:
                spelled = parameter.read(value)
            except Refused as error:
                raise Refused(
                    _("Parameter %(name)s: %(problem)s") % {"name": name, "problem": error}
                ) from None
            changed |= spelled != value
            pairs.append((name, spelled))
    return pairs, changed
