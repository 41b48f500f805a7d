"""Pemerintah Digital in the workspace: an indicator's page (its criteria with their sources, its evidence
items level by level, the value the accepted items suggest), an operator's file or link for an item, an
assessor's verdict on it, where the year's cycle stands, and the guide from SPBE to Pemerintah Digital."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from indices.access import access_for
from indices.models import CriterionText, CycleStage, EvidenceItem, Framework, FrameworkSource
from indices.workspace import cycle, pemdi_reads
from indices.workspace.evidence_store import evidence_save
from indices.workspace.lookup import assessment_or_404, saved
from indices.workspace.models import Evidence, IndicatorLevel
from indices.workspace.pemdi_forms import ItemEvidenceForm, ItemReviewForm
from indices.workspace.pemdi_models import INDICATOR_OF, ItemReview

EXTERNAL = frozenset(INDICATOR_OF.values())


def indicator_page(request, assessment, node, *, bound: dict | None = None, status: int = 200):
    """One indicator of a Pemerintah Digital assessment. `bound`: a refused form by (item pk, "attach" or
    "review"), shown again with its errors."""
    bound = bound or {}
    framework = assessment.framework
    bands = pemdi_reads.bands_of(framework.bands.order_by("lower"))  # one query, lowest first
    detail = pemdi_reads.indicator_detail(assessment, node, bands)
    access = access_for(request.user)
    may_write = access.can_write_workspace(assessment.instance)
    may_assess = access.can_assess_workspace(assessment.instance)
    external = node.number in EXTERNAL
    record = IndicatorLevel.objects.filter(assessment_id=assessment.pk, node=node).first()
    names = pemdi_reads.level_names(framework)
    for level, (lower, upper) in zip(detail["levels"], bands, strict=False):
        level["lower"], level["upper"] = lower, upper
        level["name"] = names["shown"].get(level["level"], "")
        level["other_name"] = names["other"].get(level["level"], "")
        for row in level["rows"]:
            item = row["item"]
            if may_write and not external:
                row["attach_form"] = bound.get((item.pk, "attach")) or ItemEvidenceForm(prefix=item.code)
            # An item the cascade rejected takes no verdict until the level below it is accepted.
            if may_assess and not external and row["state"] != "auto_rejected":
                row["review_form"] = bound.get((item.pk, "review")) or ItemReviewForm(
                    instance=row["review"], attached=bool(row["attachments"]), prefix=f"r-{item.code}"
                )
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": assessment.year,
        "node": node,
        "aspect": node.parent,
        "record": record,
        "self_value": record.self_level if record else None,
        "final_value": record.final_level if record else None,
        "detail": detail,
        "names": names,
        "external": pemdi_reads.external_values(assessment, {node.number: node}).get(node.pk)
        if external
        else None,
        "may_write": may_write,
        "may_assess": may_assess,
        "all_sources": FrameworkSource.objects.filter(framework=framework),
    }
    return render(request, "workspace/pemdi_indicator.html", context, status=status)


@require_http_methods(["POST"])
@never_cache
@login_required
def item_attach(request, code, year, item_code):
    """An operator's file or link for one evidence item; an item returned for revision waits for the
    assessor again."""
    assessment = assessment_or_404(request, code, year, write=True)
    item = _item_or_404(assessment, item_code)
    form = ItemEvidenceForm(request.POST, request.FILES, prefix=item.code)
    if not form.is_valid():
        return indicator_page(request, assessment, item.node, bound={(item.pk, "attach"): form}, status=400)
    with transaction.atomic():
        level, _created = IndicatorLevel.objects.get_or_create(assessment=saved(assessment), node=item.node)
        evidence = evidence_save(
            form,
            level=level,
            item=item,
            supports_level=item.level,
            status=Evidence.Status.DIUNGGAH,
            added_by=request.user,
        )
        reopened = ItemReview.reopen(assessment, item)
    message = _("“%(title)s” attached to %(code)s.") % {"title": evidence.title, "code": item.code}
    if reopened:
        message += " " + _("The item waits for the assessor again.")
    messages.success(request, message)
    return _back(code, year, item)


@require_http_methods(["POST"])
@never_cache
@login_required
def item_review(request, code, year, item_code):
    """An assessor's verdict on one evidence item: accepted (diterima), or to revise (revisi) with a note."""
    assessment = assessment_or_404(request, code, year)
    if not access_for(request.user).can_assess_workspace(assessment.instance):
        raise PermissionDenied(_("Only an assessor marks evidence items accepted or to revise."))
    item = _item_or_404(assessment, item_code)
    review = ItemReview.objects.filter(assessment_id=assessment.pk, item=item).first() or ItemReview(
        item=item
    )
    attached = Evidence.objects.filter(level__assessment_id=assessment.pk, item=item).exists()
    form = ItemReviewForm(request.POST, instance=review, attached=attached, prefix=f"r-{item.code}")
    if not form.is_valid():
        return indicator_page(request, assessment, item.node, bound={(item.pk, "review"): form}, status=400)
    with transaction.atomic():
        review = form.save(commit=False)
        review.assessment, review.reviewed_by = saved(assessment), request.user
        review.save()
    messages.success(
        request, _("%(code)s: %(verdict)s.") % {"code": item.code, "verdict": review.get_status_display()}
    )
    return _back(code, year, item)


def aspect_extras(framework, nodes, data: dict) -> list[dict]:
    """For each indicator of an aspect's form: the criterion shown at each level with its source, the value
    its accepted items suggest, and, for one valued from another agency's index, that value."""
    rows = {row["node"].id: row for row in data["rows"]}
    shown = defaultdict(dict)
    for text in CriterionText.objects.filter(
        node__in=nodes, kind=CriterionText.Kind.CRITERION
    ).select_related("source"):
        shown[text.node_id][text.level] = text
    names = pemdi_reads.level_names(framework)
    return [
        {
            "external": rows[node.pk]["external"],
            "suggested": rows[node.pk]["suggested"],
            "criteria": [
                (
                    level,
                    names["shown"].get(level, ""),
                    names["other"].get(level, ""),
                    shown[node.pk].get(level),
                )
                for level in pemdi_reads.LEVELS
            ],
        }
        for node in nodes
    ]


def overview_extras(assessment, data: dict, today) -> dict:
    """What the overview of a Pemerintah Digital year adds: where the cycle stands on `today` and what is
    still missing before the next deadline, and the indicators other agencies' indices value."""
    stages = list(CycleStage.objects.of(assessment.framework, assessment.year))
    continuous = data["continuous"]
    return {
        "cycle": cycle.position(stages, today),
        "timeline": [row for row in cycle.timeline(stages, today) if row["stage"].kind != "regional"],
        "still_missing": pemdi_reads.missing(assessment, data["framework"], data["rows"], continuous),
        "externals": sorted(continuous.external.values(), key=lambda external: external.number),
    }


@require_safe
@never_cache
@login_required
def guide(request):
    """From SPBE to Pemerintah Digital: what changed, with both frameworks' bands and the new tree."""
    frameworks = Framework.objects.facts()
    # The change came between the 2025 evaluation (SPBE 2020's indicators) and the 2026 one.
    pemdi, spbe = frameworks.for_year(2026), frameworks.for_year(2025)
    if pemdi is None or spbe is None:
        raise Http404(_("The frameworks of 2025 and 2026 are not installed."))
    context = {
        "pemdi": pemdi,
        "spbe": spbe,
        "aspects": [
            (aspect, [node for node in pemdi.nodes if node.parent_id == aspect.id]) for aspect in pemdi.top
        ],
        "spbe_indicators": sum(1 for node in spbe.nodes if node.level == "indicator"),
        "external": sorted(EXTERNAL),
    }
    return render(request, "workspace/pemdi_guide.html", context)


def _item_or_404(assessment, item_code) -> EvidenceItem:
    item = (
        EvidenceItem.objects.select_related("node__parent")
        .filter(node__framework=assessment.framework, code=item_code)
        .first()
    )
    if item is None:
        raise Http404(
            _("%(framework)s has no evidence item %(code)s.")
            % {"framework": assessment.framework.name, "code": item_code}
        )
    if item.node.number in EXTERNAL:
        raise Http404(_("This indicator is valued from another agency's index: it takes no evidence here."))
    return item


def _back(code, year, item):
    page = reverse("workspace:indicator_evidence", args=[code, year, item.node.number])
    return redirect(f"{page}#{item.code}")
