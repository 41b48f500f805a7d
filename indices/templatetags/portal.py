from django import template

from indices.models import readable_text

register = template.Library()


@register.filter
def readable_on(colour: str) -> str:
    """The text colour that stays legible on a predicate's band colour."""
    return readable_text(colour) if colour else "inherit"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query string with some parameters changed, e.g. back to the published figures."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()
