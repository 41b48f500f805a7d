"""Images of a result, drawn on the server from a card (`indices.reads.share`): the preview a chat app or a
site shows for a shared link (1200 x 630 PNG, the Open Graph size) and the badge an instance embeds (SVG,
and a PNG where SVG is not taken). Plain data in, bytes or text out: no ORM, no request.

Drawn with Pillow and the font it ships with (FreeType), so a server needs no font of its own."""

import io
from functools import cache
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from indices.formatting import format_score, readable_text

BRAND = "#0b4f8a"
INK = "#1b1b1b"
MUTED = "#4b5563"
PAPER = "#ffffff"
LINE = "#d9dee5"
PREVIEW_SIZE = (1200, 630)
SCALE = (1, 5)  # the index's range, for the trend line
TREND_LEFT = 720


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _wrapped(draw, text: str, font, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels, the last cut with an ellipsis if need be."""
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        while draw.textlength(out[-1] + "…", font=font) > width and " " in out[-1]:
            out[-1] = out[-1].rsplit(" ", 1)[0]
        out[-1] += "…"
    return out


def preview_png(card: dict, portal: str) -> bytes:
    """The preview of a shared link: the portal's name, the name shared, the year, the index with its
    predicate in words, the trend line under the latest framework and the kind of source."""
    image = Image.new("RGB", PREVIEW_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width, height = PREVIEW_SIZE
    draw.rectangle((0, 0, width, 84), fill=BRAND)
    draw.text((56, 42), portal, font=_font(36), fill=PAPER, anchor="lm", stroke_width=1, stroke_fill=PAPER)

    y = 120
    for line in _wrapped(draw, card["name"], _font(54), 1088, 2):
        draw.text((56, y), line, font=_font(54), fill=INK, stroke_width=1, stroke_fill=INK)
        y += 66
    y += 10
    draw.text((56, y), _("SPBE index %(year)s") % {"year": card["year"]}, font=_font(34), fill=MUTED)

    value = format_score(card["value"])
    figure = _font(140)
    draw.text((56, y + 48), value, font=figure, fill=INK, stroke_width=2, stroke_fill=INK)
    predicate = card["predicate"] or "—"
    pill_width = draw.textlength(predicate, font=_font(44)) + 56
    # The predicate beside the figure, or under it where it would reach the trend line.
    pill_left, pill_top = 56 + draw.textlength(value, font=figure) + 36, y + 95
    if pill_left + pill_width > TREND_LEFT - 40:
        pill_left, pill_top = 56, y + 215
    colour = card["colour"] or LINE
    draw.rounded_rectangle(
        (pill_left, pill_top, pill_left + pill_width, pill_top + 66), radius=33, fill=colour
    )
    draw.text(
        (pill_left + pill_width / 2, pill_top + 33),
        predicate,
        font=_font(44),
        fill=readable_text(colour),
        anchor="mm",
    )
    draw.text((56, height - 70), card["kind"], font=_font(30), fill=MUTED)
    _trend(draw, card["trend"], (TREND_LEFT, max(y, 220) + 40, width - 56, height - 110))
    return _png(image, described(card))


def _trend(draw, points: list[tuple[int, object]], box: tuple[int, int, int, int]) -> None:
    """The values of `points` as a line in `box` (left, top, right, bottom), 1 to 5 from bottom to top."""
    left, top, right, bottom = box
    low, high = SCALE
    for level in range(low, high + 1):
        y = bottom - (level - low) / (high - low) * (bottom - top)
        draw.line((left, y, right, y), fill=LINE, width=2)
        draw.text((left - 12, y), str(level), font=_font(22), fill=MUTED, anchor="rm")
    if not points:
        return
    # The points inset from the axis, so that the first year's label stays clear of the scale's.
    first, last = left + 40, right - 30
    step = (last - first) / max(len(points) - 1, 1)
    xy = [
        (
            first + i * step if len(points) > 1 else (first + last) / 2,
            bottom - (float(v) - low) / (high - low) * (bottom - top),
        )
        for i, (_year, v) in enumerate(points)
    ]
    if len(xy) > 1:
        draw.line(xy, fill=BRAND, width=6, joint="curve")
    for (x, y), (year, _value) in zip(xy, points, strict=True):
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=BRAND)
        draw.text((x, bottom + 16), str(year), font=_font(22), fill=MUTED, anchor="mt")


def described(card: dict) -> str:
    """What an image of `card` shows, in words: kept in the PNG (its Description) for whoever reads it."""
    return _("%(name)s: SPBE index %(year)s, %(value)s, %(predicate)s (%(kind)s)") % {
        "name": card["name"],
        "year": card["year"],
        "value": format_score(card["value"]),
        "predicate": card["predicate"] or "—",
        "kind": card["kind"],
    }


def _png(image, description: str) -> bytes:
    info = PngInfo()
    info.add_itxt("Description", description)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True, pnginfo=info)
    return out.getvalue()


# The badge: "SPBE 2024 | 3,34 Baik", the right half in the predicate's colour ----------------------------

BADGE_HEIGHT = 28
BADGE_FONT = 14
BADGE_PAD = 10


def badge_parts(card: dict) -> tuple[str, str]:
    return (
        _("SPBE index %(year)s") % {"year": card["year"]},
        f"{format_score(card['value'])} {card['predicate'] or ''}".strip(),
    )


# The result is set in bold, which runs wider than the regular face Pillow measures.
BOLD_ALLOWANCE = 1.12


def _badge_widths(left: str, right: str) -> tuple[int, int]:
    font = _font(BADGE_FONT)
    return (
        round(font.getlength(left)) + 2 * BADGE_PAD,
        round(font.getlength(right) * BOLD_ALLOWANCE) + 2 * BADGE_PAD,
    )


def badge_svg(card: dict, name: str) -> str:
    """The badge as SVG text: its title and label name the instance and say its result in words."""
    left, right = badge_parts(card)
    left_width, right_width = _badge_widths(left, right)
    width = left_width + right_width
    colour = card["colour"] or LINE
    label = escape(f"{name}: {left}: {right}", {'"': "&quot;"})
    middle = BADGE_HEIGHT / 2 + BADGE_FONT * 0.35
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{BADGE_HEIGHT}" '
        f'viewBox="0 0 {width} {BADGE_HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<rect width="{width}" height="{BADGE_HEIGHT}" rx="4" fill="{BRAND}"/>'
        f'<rect x="{left_width}" width="{right_width}" height="{BADGE_HEIGHT}" rx="4" fill="{colour}"/>'
        f'<rect x="{left_width}" width="4" height="{BADGE_HEIGHT}" fill="{colour}"/>'
        f'<g font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="{BADGE_FONT}">'
        # textLength fits each text to the width measured here, whatever font the reader's browser has.
        f'<text x="{BADGE_PAD}" y="{middle:.1f}" fill="{PAPER}" textLength="{left_width - 2 * BADGE_PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(left)}</text>'
        f'<text x="{left_width + BADGE_PAD}" y="{middle:.1f}" fill="{readable_text(colour)}" '
        f'font-weight="bold" textLength="{right_width - 2 * BADGE_PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(right)}</text></g></svg>'
    )


def badge_png(card: dict, scale: int = 2) -> bytes:
    """The badge as PNG, drawn at `scale` times its size for sharp screens."""
    left, right = badge_parts(card)
    left_width, right_width = _badge_widths(left, right)
    size = ((left_width + right_width) * scale, BADGE_HEIGHT * scale)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = card["colour"] or LINE
    draw.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=4 * scale, fill=BRAND)
    draw.rounded_rectangle((left_width * scale, 0, size[0] - 1, size[1] - 1), radius=4 * scale, fill=colour)
    draw.rectangle((left_width * scale, 0, (left_width + 4) * scale, size[1] - 1), fill=colour)
    font = _font(BADGE_FONT * scale)
    draw.text((BADGE_PAD * scale, size[1] / 2), left, font=font, fill=PAPER, anchor="lm")
    text = readable_text(colour)
    draw.text(
        ((left_width + BADGE_PAD) * scale, size[1] / 2), right, font=font, fill=text, anchor="lm",
        stroke_width=1, stroke_fill=text,
    )  # fmt: skip
    return _png(image, described(card))
