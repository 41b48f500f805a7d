"""Numbers as people read and write them: the one place that turns 2,87 into a Decimal and back.

The admin's forms, the importer, the pages, tables, charts and exports all go through these functions,
so "what an admin may type" and "how a figure is shown" each have a single rule.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

MISSING = "—"

# ASCII digits with at most one decimal mark, comma or point; an optional sign so that "-1" is refused
# for its range, not as unreadable.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
# A band's colour, as the Band model admits it.
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def rounded(value, places: int = 2) -> Decimal:
    """`value` rounded half up, as KemenPANRB prints (3.405 is 3.41). Django's number_format cuts the
    digits it does not show (3.405 would read 3,40), so every figure is rounded here first."""
    if not isinstance(value, Decimal):
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_score(value) -> str:
    """A score with two decimals in the active language: 2,87 in Indonesian, 2.87 in English."""
    return MISSING if value is None else number_format(rounded(value), decimal_pos=2)


def format_points(value) -> str:
    """Index points with three decimals (one SPBE 2020 level of a 1.5 % indicator is 0,015)."""
    return MISSING if value is None else number_format(rounded(value, 3), decimal_pos=3)


def format_level(level) -> str:
    """An indicator's level as its framework writes it: 3 for a whole level, 2,26 for a fractional one."""
    if level is None:
        return MISSING
    return str(int(level)) if level == level.to_integral_value() else format_score(level)


def signed(value) -> str:
    """A change or gap with its sign, the one rule for every page, table, chart and the admin:
    +0,18, −0,05 (a true minus sign), ±0,00 for no change, — when unknown."""
    if value is None:
        return MISSING
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{format_score(abs(value))}"


def gap_words() -> dict[str, str]:
    """How a gap to a target reads in the active language, "%(gap)s" standing for the figure: the server's
    `target_gap` and the browser's what-if fill in the same words."""
    return {
        "short": _("%(gap)s short of the target"),
        "above": _("%(gap)s above the target"),
        "on": _("on the target"),
    }


def target_gap(gap) -> str:
    """A gap to a target, always index − target, in words, the one rule for every page, the report card, the
    workspace, the what-if and the admin: "kurang 0,48 dari target", "melampaui target 0,12", "tepat pada
    target" for what rounds to 0,00; — when unknown."""
    if gap is None:
        return MISSING
    gap = rounded(gap)
    words = gap_words()
    if not gap:
        return words["on"]
    return (words["short"] if gap < 0 else words["above"]) % {"gap": format_score(abs(gap))}


def readable_text(background: str) -> str:
    """Near-black or white, whichever contrasts more with a #rrggbb background (WCAG relative luminance)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    dark = 0.0109  # luminance of #1b1b1b
    return "#ffffff" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / (dark + 0.05)) else "#1b1b1b"


def badge(predicate: str | None, colour: str | None) -> SafeString | str:
    """A predicate as a coloured badge whose text stays legible on its colour; — without a predicate.

    The colour is a class of `badge_stylesheet`, not a style attribute: the Content-Security-Policy
    allows no inline style."""
    if not predicate:
        return MISSING
    if not colour or not COLOUR.fullmatch(colour):
        return format_html('<span class="predicate-badge">{}</span>', predicate)
    return format_html('<span class="predicate-badge {}">{}</span>', _colour_class(colour), predicate)


def badge_stylesheet(colours) -> str:
    """CSS giving each #rrggbb colour's badge class its background and legible text, one rule a line.

    Text that is not such a colour is left out, so nothing but a colour reaches the stylesheet."""
    colours = sorted({colour.lower() for colour in colours if colour and COLOUR.fullmatch(colour)})
    return "".join(
        f".predicate-badge.{_colour_class(colour)} {{ background: {colour}; color: {readable_text(colour)}; }}\n"
        for colour in colours
    )


def _colour_class(colour: str) -> str:
    return f"predicate-{colour[1:].lower()}"


def short_name(name: str) -> str:
    """A region's name shortened for a chart's axis: Kabupaten Tapin is Kab. Tapin."""
    return name.replace("Kabupaten ", "Kab. ").replace("Kota Administrasi ", "Kota Adm. ")


class NumberError(ValueError):
    """Text that is not a number as the portal reads one; the message says why, for the person who wrote it."""

    def __init__(self, text, message: str):
        super().__init__(message)
        self.text, self.message = text, message


def whole_number(text: str, most: int = 10**9) -> int | None:
    """A whole number written in ASCII digits ("23"), at most `most`, else None. `str.isdigit` alone admits
    "²" and other scripts' digits, which `int` refuses."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= most else None


# The longest number the portal reads: a score, a level, a year or a weight needs far fewer characters. A
# longer one is refused before any arithmetic, so no digit string, however long, reaches the decimal context
# (30 digits overflow its 28 digits of precision in `quantize`).
MAX_NUMBER_CHARACTERS = 20
# The largest magnitude (in digits before the decimal mark) and the most decimals a number may carry.
MAX_WHOLE_DIGITS = 6
MAX_DECIMALS = 10


def _quoted(text) -> str:
    """`text` as a message repeats it: at most 24 characters, so a 1 MB cell is not sent back whole."""
    text = str(text)
    return text if len(text) <= 24 else f"{text[:20]}…"


def _not_a_number(cell, text=None) -> NumberError:
    return NumberError(
        cell, _("“%(text)s” is not a number.") % {"text": _quoted("" if cell is None else text or cell)}
    )


def _bounded(cell, value: Decimal) -> Decimal:
    """`value` if it has a sensible size; NumberError for a huge number or an endless fraction."""
    if not value.is_finite():
        raise _not_a_number(cell)
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        raise NumberError(
            cell, _("“%(text)s” is far too large to be a number here.") % {"text": _quoted(cell)}
        )
    if value.as_tuple().exponent < -MAX_DECIMALS:
        raise NumberError(
            cell,
            _("“%(text)s” has more than %(most)s decimals.") % {"text": _quoted(cell), "most": MAX_DECIMALS},
        )
    return value if value else abs(value)  # -0 is 0


def parse_decimal(cell) -> Decimal:
    """A number written 2,87 or 2.87 (or a numeric spreadsheet cell); NumberError for anything else.

    Refused, each with its reason: thousands separators or several decimal marks (1.234,5), spaces inside
    a number (2 87 is not 287), digits of other scripts, exponents, NaN and infinities, text, and numbers
    too long or too large for any field (30 digits, 1e10000, a megabyte of digits). Nothing here raises
    anything but NumberError, whatever the cell holds.
    """
    if isinstance(cell, bool) or cell is None or isinstance(cell, datetime.date):
        raise _not_a_number(cell)
    if isinstance(cell, int):
        if abs(cell) >= 10**MAX_WHOLE_DIGITS:
            # Not turned into text: Python refuses to write an int of more than 4,300 digits.
            raise NumberError(cell, _("The number is far too large to be a number here."))
        return Decimal(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise _not_a_number(cell)
        return _bounded(cell, Decimal(repr(cell)))
    if isinstance(cell, Decimal):
        return _bounded(cell, cell)
    text = str(cell)
    if len(text) > 10 * MAX_NUMBER_CHARACTERS:
        # Not even worth stripping: the message says how long it is, not what it holds.
        raise NumberError(cell, _("“%(text)s” is too long to be a number.") % {"text": _quoted(text)})
    text = text.replace("\xa0", " ").strip()
    if NUMBER.fullmatch(text):
        if len(text) > MAX_NUMBER_CHARACTERS:
            raise NumberError(cell, _("“%(text)s” is too long to be a number.") % {"text": _quoted(text)})
        return _bounded(text, Decimal(text.replace(",", ".")))
    values = {"text": _quoted(text)}
    if re.fullmatch(r"[+-]?[0-9]+(?:[.,][0-9]+){2,}|[+-]?[0-9]+(?:[.,][0-9]*){2,}", text):
        message = _(
            "“%(text)s” has more than one separator: write the number with one decimal comma and no "
            "thousands separator, e.g. 2,87."
        )
    elif re.fullmatch(r"[+-]?[0-9.,]+(?:\s+[0-9.,]+)+", text):
        message = _("“%(text)s” has a space inside; write the number without spaces, e.g. 2,87.")
    elif re.fullmatch(r"[+-]?[0-9.,]*[eE][+-]?[0-9]+", text):
        message = _("“%(text)s” is written with an exponent; write the number itself, e.g. 2,87.")
    else:
        message = _("“%(text)s” is not a number.")
    raise NumberError(cell, message % values)


def parse_score(cell, places: int = 2) -> Decimal:
    """`parse_decimal`, refusing more decimals than a score is published with (2,875 is not 2,88)."""
    value = parse_decimal(cell)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise NumberError(cell, _("%(value)s has more than two decimals.") % {"value": number_format(value)})
    return value


def web_url(url: str | None) -> str | None:
    """`url` if a browser may follow it as a link (http or https), else None: a source URL stored around
    the form's validation (a `javascript:` one, say) is shown as text, never as a link."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def absolute_url(path: str) -> str:
    """`path` on the portal's configured address (SITE_URL), or as it is when none is set. Never built from
    the request's Host header, which a visitor chooses: a cached answer would pass it on to everyone."""
    return f"{settings.SITE_URL.rstrip('/')}{path}" if settings.SITE_URL else path
