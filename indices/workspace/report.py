"""The report card (rapor) of an instance and year: a printable page, and the same card as a PDF.

Both are private to whoever may read the instance's workspace and are never cached. The PDF is drawn by
WeasyPrint from the card's own template and stylesheets, read from the static files on disk: the server
never fetches anything over HTTP to make it. WeasyPrint (and the Pango it needs) is imported only here, so
the rest of the portal runs on a machine without it.
"""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from indices.formatting import badge_stylesheet
from indices.models import Band
from indices.workspace import report_data
from indices.workspace.lookup import assessment_or_404

# The card's stylesheets, in the order the page links them (report.css holds the print and @page rules).
STYLESHEETS = ("css/portal.css", "css/workspace.css", "css/report.css")


@require_safe
@never_cache
@login_required
def card(request, code, year):
    assessment = assessment_or_404(request, code, year)
    return render(request, "workspace/report.html", _context(assessment))


@require_safe
@never_cache
@login_required
def pdf(request, code, year):
    assessment = assessment_or_404(request, code, year)
    html = render_to_string("workspace/report_pdf.html", _context(assessment), request=request)
    try:
        document = render_pdf(html)
    except PdfUnavailable:
        message = _("This server cannot make PDFs. Print the report card from your browser instead.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(assessment)}"'
    return response


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it loads (Pango), is not installed on this server."""


def filename(assessment) -> str:
    """rapor-spbe-kabupaten-balangan-2024.pdf"""
    return f"rapor-spbe-{slugify(assessment.instance.name)}-{assessment.year}.pdf"


def render_pdf(html: str) -> bytes:
    """`html` as a PDF, styled by the card's stylesheets and the predicate colours, fetching nothing."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as missing:  # OSError: Pango could not be loaded
        raise PdfUnavailable from missing

    class NothingFetched(URLFetcher):
        """The card links nothing the PDF needs; anything it might is refused, never fetched."""

        def fetch(self, url, headers=None):
            raise ValueError(f"The report card fetches nothing: {url}")

    fetcher = NothingFetched()
    colours = badge_stylesheet(Band.objects.values_list("colour", flat=True))
    stylesheets = [CSS(string=_static_text(name), url_fetcher=fetcher) for name in STYLESHEETS]
    stylesheets.append(CSS(string=colours, url_fetcher=fetcher))
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)


def _static_text(name: str) -> str:
    """A static file's text as the static finders find it on disk (no request to the server itself)."""
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(name)
    return Path(path).read_text(encoding="utf-8")


def _context(assessment) -> dict:
    return report_data.card(assessment) | {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": assessment.year,
    }
