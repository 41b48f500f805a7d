"""The province's view: every instance of a province in one evaluation year, for its provincial coordinator,
national administrators and reviewers; filtered, sorted and downloadable (privately, never cached), and the
province report as a page and a PDF drawn with the report card's stylesheets."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from indices import spreadsheets
from indices.workspace import province_data, report
from indices.workspace.lookup import province_or_404
from indices.workspace.province_tables import ProvinceTable

# "Not started" is the empty state in the rows; in the URL it needs a word of its own.
NOT_STARTED_PARAMETER = "belum"


class ProvinceFilterForm(forms.Form):
    """The view's filters, in the URL (`?keadaan=submitted&di_bawah_target=on`). An invalid value is shown
    as an error and ignored."""

    keadaan = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    di_bawah_target = forms.BooleanField(label=gettext_lazy("Behind target only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = [(state or NOT_STARTED_PARAMETER, words) for state, words in province_data.state_choices()]
        self.fields["keadaan"].choices = [("", _("All")), *states]

    @property
    def filtering(self) -> bool:
        return any(self.chosen(name) for name in self.fields)

    def chosen(self, name):
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return None
        return self.cleaned_data.get(name) or None

    def filter(self, rows: list[dict]) -> list[dict]:
        state, behind = self.chosen("keadaan"), self.chosen("di_bawah_target")
        if state:
            wanted = province_data.NOT_STARTED if state == NOT_STARTED_PARAMETER else state
            rows = [row for row in rows if row["state"] == wanted]
        if behind:
            rows = [row for row in rows if row["behind"]]
        return rows


@require_safe
@never_cache
@login_required
def page(request, code, year):
    """Every instance of the province in `year`; `?_export=csv|xlsx` downloads the rows as filtered."""
    province = province_or_404(request, code, year)
    data = province_data.cycle(province, year, timezone.localdate())
    form = ProvinceFilterForm(request.GET or None)
    rows = form.filter(data["rows"])
    table = ProvinceTable(rows, caption=_("Instances of %(province)s in %(year)s") % _names(province, year))
    RequestConfig(request, paginate=False).configure(table)
    file_format = request.GET.get("_export")
    if file_format in spreadsheets.WRITERS:
        decimal = spreadsheets.convention(request.GET.get("desimal"))
        return spreadsheets.table_download(table, file_format, f"provinsi-{code}-{year}", decimal)
    context = {
        "province": province,
        "year": year,
        "framework": data["framework"],
        "form": form,
        "table": table,
        "states": province_data.state_counts(data["rows"]),
        "behind": sum(1 for row in data["rows"] if row["behind"]),
        "total": len(data["rows"]),
    }
    return render(request, "workspace/province.html", context)


@require_safe
@never_cache
@login_required
def report_page(request, code, year):
    province = province_or_404(request, code, year)
    return render(request, "workspace/province_report.html", _report_context(province, year))


@require_safe
@never_cache
@login_required
def report_pdf(request, code, year):
    province = province_or_404(request, code, year)
    html = render_to_string(
        "workspace/province_report_pdf.html", _report_context(province, year), request=request
    )
    try:
        document = report.render_pdf(html)
    except report.PdfUnavailable:
        message = _("This server cannot make PDFs. Print the report from your browser instead.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    name = f"laporan-spbe-provinsi-{slugify(province.name)}-{year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _names(province, year) -> dict:
    return {"province": province.name, "year": year}


def _report_context(province, year) -> dict:
    return province_data.report(province, year, timezone.localdate()) | {"province": province, "year": year}
