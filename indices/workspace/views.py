"""The workspace's own pages: the list of workspaces a person may open, an assessment's overview (figures,
points to win, paths, what-if) and the form of one aspect's indicators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from indices import scoring
from indices.access import access_for
from indices.models import FrameworkNode, Instance
from indices.shown_tables import shown_download
from indices.workspace import pemdi_views, read_model, review
from indices.workspace.level_forms import IndicatorLevelForm
from indices.workspace.lookup import assessment_or_404, saved
from indices.workspace.models import IndicatorLevel
from indices.workspace.prior_levels import levels_prefill, previous_final

LISTED = 60


@require_safe
@never_cache
@login_required
def index(request):
    """The workspaces this person may open: their instances, or a search over all for national roles."""
    access = access_for(request.user)
    instances = access.workspaces()
    query = request.GET.get("q", "").strip()
    if query:
        instances = instances.filter(name__icontains=query) | instances.filter(code__startswith=query)
    year = timezone.localdate().year
    context = {
        "instances": instances[:LISTED],
        "more": instances.count() > LISTED,
        "query": query,
        "years": [year, year - 1, year - 2],
        "provinces": _provinces(access),
    }
    return render(request, "workspace/index.html", context)


def _provinces(access) -> list[Instance]:
    """The provinces whose every workspace this person reads at once (the province's view): a coordinator's
    own, every province for national administrators and reviewers."""
    provinces = Instance.objects.filter(kind=Instance.Kind.PROVINSI).order_by("code")
    if access.national or (access.staff and access.reviewer):
        return list(provinces)
    return list(provinces.filter(code__in=access.provinces)) if access.staff and access.provinces else []


@require_safe
@never_cache
@login_required
def overview(request, code, year):
    """An assessment's figures, points to win, paths and what-if; `?tabel=<id>&_export=csv|xlsx` downloads
    one of its tables as shown (`indices.shown_tables`), privately like the page."""
    assessment = assessment_or_404(request, code, year)
    framework = read_model.framework_of(assessment)
    scenario, problems = read_model.parse_scenario(request.GET, framework)
    data = read_model.workspace(assessment, scenario, framework)
    context = data | {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "may_write": access_for(request.user).can_write_workspace(assessment.instance)
        and assessment.state in review.SUBMITTABLE,
        "lock": None if assessment.state == assessment.State.DRAFT else review.lock_in_words(assessment),
        "may_write_some": access_for(request.user).writes_some_indicator(assessment.instance),
        "aspects": _aspects(data),
        "problems": problems,
        "next_band_steps": read_model.steps_in_words(data["next_band_path"]),
        "target_steps": read_model.steps_in_words(data["target_path"]),
        "whatif": read_model.whatif_payload(data),
        "whatif_groups": _whatif_groups(data),
        "basis_label": _("final") if data["basis"] == "final" else _("self-assessed"),
        "framework_has_domains": any(node.level == "domain" for node in data["framework"].nodes),
        "previous_final": previous_final(assessment) if not data["bases"]["self"]["count"] else None,
        "prefilled": IndicatorLevel.objects.filter(
            assessment_id=assessment.pk, prefilled_from__isnull=False
        ).count(),
    }
    if data["continuous"]:
        context |= pemdi_views.overview_extras(assessment, data, timezone.localdate())
    response = render(request, "workspace/overview.html", context)
    return shown_download(request, response, f"ruang-kerja-{code}-{year}")


@require_http_methods(["POST"])
@never_cache
@login_required
def start_from_previous(request, code, year):
    """Start this year's self-assessment from the last final levels of the same framework, each to be
    confirmed by the operator (saving its aspect confirms it)."""
    assessment = assessment_or_404(request, code, year, write=True)
    if assessment.state != assessment.State.DRAFT:
        raise PermissionDenied(review.lock_in_words(assessment))
    previous = previous_final(assessment)
    if previous is None:
        raise Http404(_("There are no earlier final levels under this framework to start from."))
    with transaction.atomic():
        count = levels_prefill(assessment=saved(assessment), previous=previous)
    messages.success(
        request,
        _(
            "%(count)s levels taken from the final levels of %(year)s. Each is marked “to confirm” until you "
            "save its aspect."
        )
        % {"count": count, "year": previous.year},
    )
    return redirect("workspace:overview", code=code, year=year)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def aspect(request, code, year, number):
    """One aspect's indicators, each with its question, five level criteria and its form; saved together."""
    writing = request.method == "POST"
    assessment = assessment_or_404(request, code, year)
    access = access_for(request.user)
    if writing and not access.writes_some_indicator(assessment.instance):
        raise PermissionDenied(
            _("You may read but not change the workspace of %(instance)s.")
            % {"instance": assessment.instance}
        )
    framework = assessment.framework
    aspect_node = FrameworkNode.objects.filter(framework=framework, level="aspect", number=number).first()
    if aspect_node is None:
        raise Http404(
            _("%(framework)s has no aspect %(number)s.") % {"framework": framework.name, "number": number}
        )
    nodes = list(aspect_node.children.order_by("number"))
    # Pemerintah Digital: the criteria with their sources, the value accepted items suggest, and the
    # indicators other agencies' indices value (no level is typed for them).
    continuous = None if framework.whole_levels else read_model.workspace(assessment)
    external = {row["node"].id: row["external"] for row in continuous["rows"]} if continuous else {}
    existing = {
        level.node_id: level
        for level in IndicatorLevel.objects.filter(assessment_id=assessment.pk, node__in=nodes)
    }
    for level in existing.values():
        level.assessment = assessment  # the review's lock reads it per indicator: no query each
    records = [existing.get(node.pk) or IndicatorLevel(assessment=assessment, node=node) for node in nodes]
    forms = [
        IndicatorLevelForm(
            request.POST if writing else None,
            instance=record,
            framework=framework,
            prefix=f"i{record.node.number}",
            external=bool(external.get(record.node_id)),
            locked=not review.editable(record, access),
        )
        for record in records
    ]
    open_nodes = [form.instance.node for form in forms if not form.locked]
    if writing and not open_nodes:
        raise PermissionDenied(review.lock_in_words(assessment))
    if writing and all(form.is_valid() for form in forms):
        with transaction.atomic():
            saved(assessment)
            changed = [form.save() for form in forms if not form.locked and form.has_changed()]
            # Saving the aspect confirms the levels that were taken from an earlier year's final levels.
            IndicatorLevel.objects.filter(assessment=assessment, node__in=open_nodes).update(
                prefilled_from=None
            )
        messages.success(
            request,
            _("Aspect %(number)s saved: %(count)s indicators changed.")
            % {"number": number, "count": len(changed)},
        )
        return redirect("workspace:aspect", code=code, year=year, number=number)
    may_write = bool(open_nodes)
    siblings = FrameworkNode.objects.filter(framework=framework, level="aspect").order_by("number")
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "aspect": aspect_node,
        "aspects": siblings,
        "items": [(node, form, _criteria(node), None) for node, form in zip(nodes, forms, strict=True)],
        "forms": forms,
        "may_write": may_write,
        "lock": None if assessment.state == assessment.State.DRAFT else review.lock_in_words(assessment),
        "whole_levels": framework.whole_levels,
    }
    if continuous:
        extras = pemdi_views.aspect_extras(framework, nodes, continuous)
        context["items"] = [
            (node, form, [], extra) for (node, form, *_), extra in zip(context["items"], extras, strict=True)
        ]
    status = 400 if writing else 200
    return render(request, "workspace/aspect.html", context, status=status)


def _criteria(node) -> list[tuple[int, str]]:
    """The five levels' criteria as the regulation words them (a missing one stays missing)."""
    return [(level, text) for level, text in enumerate(node.criteria or [], start=1)]


def _aspects(data) -> list[dict]:
    """Each aspect (and its domain) with the values of each basis, and how many of its indicators have a
    self-assessed level."""
    framework = data["framework"]
    by_parent = {}
    for row in data["rows"]:
        by_parent.setdefault(row["node"].parent_id, []).append(row)
    by_id = {node.id: node for node in framework.nodes}

    def reading_order(node):
        """Domains followed by their aspects, in number order (the regulation's reading order)."""
        parent = by_id.get(node.parent_id)
        return (node.number, 0) if parent is None else (parent.number, node.number)

    rows = []
    for node in sorted((node for node in framework.nodes if node.level != "indicator"), key=reading_order):
        indicators = by_parent.get(node.id, [])
        rows.append(
            {
                "node": node,
                "label": scoring.LEVELS[node.level],
                "values": {name: data["bases"][name]["values"].get(node.id) for name in read_model.BASES},
                "filled": sum(1 for row in indicators if row["self"] is not None),
                "indicators": len(indicators),
            }
        )
    return rows


def _whatif_groups(data) -> list[tuple]:
    """The what-if form's fields by aspect: (aspect, its scenario value, [(indicator row, scenario level)])."""
    framework = data["framework"]
    by_id = {node.id: node for node in framework.nodes}
    groups = {}
    for row in data["rows"]:
        groups.setdefault(row["node"].parent_id, []).append((row, data["scenario"][row["node"].id]))
    values = data["bases"]["scenario"]["values"]
    return [(by_id.get(parent_id), values.get(parent_id), items) for parent_id, items in groups.items()]
