"""Recommendations and their follow-up (tindak lanjut): one list per instance across its evaluation years,
filtered, sorted and downloadable; adding, changing and deleting one is for those who write the workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from indices import spreadsheets
from indices.access import access_for
from indices.formatting import whole_number
from indices.models import Framework, FrameworkNode
from indices.workspace.lookup import assessment_or_404, instance_or_404, saved
from indices.workspace.models import Recommendation
from indices.workspace.recommendation_forms import RecommendationFilterForm, RecommendationForm
from indices.workspace.recommendation_tables import RecommendationTable


@require_safe
@never_cache
@login_required
def listing(request, code):
    """Every recommendation of the instance, overdue first; `?_export=csv|xlsx` downloads them as filtered (a
    CSV with a decimal point and commas for `?desimal=titik`)."""
    instance = instance_or_404(request, code)
    today = timezone.localdate()
    assessments = list(instance.assessments.select_related("framework").order_by("-year"))
    form = RecommendationFilterForm(request.GET or None, assessments=assessments)
    recommendations = form.filter(Recommendation.objects.filter(assessment__instance=instance), today)
    may_write = access_for(request.user).can_write_workspace(instance)
    table = RecommendationTable(recommendations.listed(today), today=today, code=code, may_write=may_write)
    RequestConfig(request, paginate=False).configure(table)
    file_format = request.GET.get("_export")
    if file_format in spreadsheets.WRITERS:
        decimal = spreadsheets.convention(request.GET.get("desimal"))
        return spreadsheets.table_download(table, file_format, f"rekomendasi-{code}", decimal)
    # The cycle under way, or a later year already worked on (2021 and 2022 hold loaded levels only).
    year = form.chosen("tahun") or max([today.year, *(a.year for a in assessments[:1])])
    context = {
        "instance": instance,
        "year": year,
        "form": form,
        "table": table,
        "counts": recommendations.counts(today),
        "may_write": may_write,
    }
    return render(request, "workspace/recommendation_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def add(request, code):
    """A new recommendation for the evaluation year `?tahun=`; without one, the latest year worked on."""
    year = request.GET.get("tahun", "")
    if not year:
        instance = instance_or_404(request, code, write=True)
        latest = instance.assessments.order_by("-year").values_list("year", flat=True).first()
        return redirect(f"{request.path}?tahun={max(latest or 0, timezone.localdate().year)}")
    if whole_number(year) is None:
        raise Http404(_("There is no workspace for %(year)s.") % {"year": year})
    assessment = assessment_or_404(request, code, whole_number(year), write=True)
    form = RecommendationForm(
        request.POST or None, assessment=assessment, initial=_initial(request, assessment)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.assessment = saved(assessment)
            form.save()
        messages.success(request, _("Recommendation added."))
        return redirect("workspace:recommendations", code=code)
    context = _form_context(assessment, form) | {"years": _years(assessment)}
    return render(request, "workspace/recommendation_form.html", context, status=_status(request))


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def change(request, code, pk):
    """Change a recommendation and its follow-up, or delete it (a POST with `delete`)."""
    instance = instance_or_404(request, code, write=True)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("assessment__instance", "assessment__framework", "node"),
        pk=pk,
        assessment__instance=instance,
    )
    if request.method == "POST" and "delete" in request.POST:
        recommendation.delete()
        messages.success(request, _("Recommendation deleted."))
        return redirect("workspace:recommendations", code=code)
    assessment = recommendation.assessment
    form = RecommendationForm(request.POST or None, instance=recommendation, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Recommendation saved."))
        return redirect("workspace:recommendations", code=code)
    context = _form_context(assessment, form, recommendation)
    return render(request, "workspace/recommendation_form.html", context, status=_status(request))


def _form_context(assessment, form, recommendation=None) -> dict:
    return {
        "instance": assessment.instance,
        "year": assessment.year,
        "assessment": assessment,
        "form": form,
        "recommendation": recommendation,
        "list_url": reverse("workspace:recommendations", args=[assessment.instance.code]),
    }


def _initial(request, assessment) -> dict:
    """`?indikator=23` preselects that indicator (a link from the indicator's own page)."""
    number = whole_number(request.GET.get("indikator", ""), most=1000)
    if number is None:
        return {}
    node = FrameworkNode.objects.filter(
        framework_id=assessment.framework_id, level=FrameworkNode.Level.INDICATOR, number=number
    ).first()
    return {"node": node} if node else {}


def _years(assessment) -> list[int]:
    """The years a recommendation may be added for: those of a framework that scores levels, up to next year."""
    last = timezone.localdate().year + 1
    years = set()
    for framework in Framework.objects.scoring_levels():
        years.update(range(framework.first_year, min(framework.last_year or last, last) + 1))
    return sorted(years | {assessment.year}, reverse=True)


def _status(request) -> int:
    """A form sent back with its errors answers 400, as the workspace's other forms do."""
    return 400 if request.method == "POST" else 200
