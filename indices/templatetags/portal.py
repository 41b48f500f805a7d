from django import template

from indices.models import readable_text

register = template.Library()


@register.filter
def readable_on(colour: str) -> str:
    """The text colour that stays legible on a predicate's band colour."""
    return readable_text(colour) if colour else "inherit"
