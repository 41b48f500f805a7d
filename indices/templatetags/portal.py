"""The portal's template filters: figures read the same on every page as in tables, charts and the admin,
because each filter is the one function of `indices.formatting` that they all use."""

from django import template

from indices import formatting

register = template.Library()


@register.filter
def score(value) -> str:
    """{{ latest.value|score }}: 2,87 in Indonesian, 2.87 in English, — when missing."""
    return formatting.format_score(value)


@register.filter
def signed(value) -> str:
    """{{ change|signed }}: +0,18, −0,05, ±0,00."""
    return formatting.signed(value)


@register.simple_tag
def badge(predicate, colour):
    """{% badge row.predicate row.colour %}: the predicate as a coloured badge."""
    return formatting.badge(predicate, colour)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query string with some parameters changed, e.g. back to the published figures."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()
