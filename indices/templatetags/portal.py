"""The portal's template filters: figures read the same on every page as in tables, charts and the admin,
because each filter is the one function of `indices.formatting` that they all use."""

from django import template

from indices import formatting
from indices.models import Instance, kind_in_words

register = template.Library()


@register.filter
def score(value) -> str:
    """{{ latest.value|score }}: 2,87 in Indonesian, 2.87 in English, — when missing."""
    return formatting.format_score(value)


@register.filter
def signed(value) -> str:
    """{{ change|signed }}: +0,18, −0,05, ±0,00."""
    return formatting.signed(value)


@register.filter
def target_gap(gap) -> str:
    """{{ target.gap|target_gap }}: index − target in words, "kurang 0,48 dari target"."""
    return formatting.target_gap(gap)


@register.filter
def points(value) -> str:
    """{{ points|points }}: index points with three decimals, 0,015."""
    return formatting.format_points(value)


@register.filter
def level(value) -> str:
    """{{ row.self|level }}: 3 for a whole level, 2,26 for a fractional one, — when missing."""
    return formatting.format_level(value)


@register.simple_tag
def badge(predicate, colour):
    """{% badge row.predicate row.colour %}: the predicate as a coloured badge."""
    return formatting.badge(predicate, colour)


@register.filter
def kind_label(kind: str) -> str:
    """{{ row.kind|kind_label }}: Kementerian, Lembaga, Provinsi, Kabupaten, Kota in the active language."""
    return Instance.Kind(kind).label if kind in Instance.Kind.values else kind


@register.filter
def row_url(row: dict) -> str:
    """{{ row|row_url }}: the page of a plain row's instance (a region's or an agency's)."""
    return Instance.url_for(row["kind"], row["code"])


@register.filter
def web_url(url):
    """The URL if it is one a link may follow (http or https), else empty."""
    return formatting.web_url(url) or ""


@register.filter
def source_kind(item) -> str:
    """{{ point|source_kind }}: the kind of source a figure stands on, in words (a row of `points()` or a
    Score)."""
    if isinstance(item, dict):
        return kind_in_words(item.get("source_kind", ""), item.get("carried_from"))
    return kind_in_words(item.kind, item.carried_from)


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms):
    """{% error_summary form %}: after a failed submit, every error of `forms` (forms, or lists of them) above
    them, each a link to its field, in a box that takes the focus (static/js/focus.js), so that the first
    error is where the keyboard and the screen reader are, not a screen or two below. A form's `heading`
    ("Indicator 3") tells apart the fields of several forms on one page."""
    errors = []
    for form in _each(forms):
        if not form.is_bound or not form.errors:
            continue
        heading = getattr(form, "heading", "")
        errors += [{"field": heading, "message": error, "anchor": ""} for error in form.non_field_errors()]
        for field in form:
            label = f"{heading} · {field.label}" if heading else field.label
            errors += [
                {"field": label, "message": error, "anchor": field.id_for_label} for error in field.errors
            ]
    return {"errors": errors}


def _each(forms):
    for item in forms:
        if isinstance(item, list | tuple):
            yield from _each(item)
        elif item is not None:
            yield item


@register.filter
def absolute(path: str) -> str:
    """`path` on the portal's configured address (SITE_URL): what a shared link's preview needs."""
    return formatting.absolute_url(path)
