"""A result shared: the preview image of a link to an instance's page, the overview or the rankings, and an
instance's embeddable badge. Public, cached by data version and compressed like the pages (`published`),
and drawn from published results only (`indices.reads.share`)."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indices.formatting import format_score
from indices.models import Instance
from indices.public import images
from indices.public.cache import published
from indices.reads import share


def _card_or_404(code: str) -> tuple[Instance, dict]:
    instance = Instance.objects.filter(code=code).first()
    card = instance and share.instance_card(instance)
    if not card:
        raise Http404(_("No published result for %(code)s.") % {"code": code})
    return instance, card


def _png(data: bytes) -> HttpResponse:
    return HttpResponse(data, content_type="image/png")


@require_safe
@published
def instance_preview(request, code):
    _instance, card = _card_or_404(code)
    return _png(images.preview_png(card, _("SPBE Index Portal")))


@require_safe
@published
def overview_preview(request):
    card = share.national_card()
    if card is None:
        raise Http404(_("No national index has been published yet."))
    return _png(images.preview_png(card, _("SPBE Index Portal")))


@require_safe
@published
def rankings_preview(request):
    card = share.national_card(_("Rankings of the SPBE index"))
    if card is None:
        raise Http404(_("No national index has been published yet."))
    return _png(images.preview_png(card, _("SPBE Index Portal")))


@require_safe
@published
def badge_svg(request, code):
    instance, card = _card_or_404(code)
    return HttpResponse(images.badge_svg(card, instance.name), content_type="image/svg+xml; charset=utf-8")


@require_safe
@published
def badge_png(request, code):
    _instance, card = _card_or_404(code)
    return _png(images.badge_png(card))


def meta(*, title: str, card: dict | None, image: str, path: str) -> dict | None:
    """What `templates/_share_meta.html` says of a page: its title, its answer in one line (the index,
    the predicate in words, the year and the kind of source) and its preview image's address."""
    if card is None:
        return None
    description = _("SPBE index %(year)s: %(value)s, %(predicate)s. %(kind)s.") % {
        "year": card["year"],
        "value": format_score(card["value"]),
        "predicate": card["predicate"] or "—",
        "kind": card["kind"],
    }
    return {"title": title, "description": description, "image": image, "path": path}
