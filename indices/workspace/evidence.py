"""Evidence (data dukung): each indicator's supporting documents, how complete they are per aspect, and their
files, served only to people who may read the instance's workspace. Files sit under EVIDENCE_ROOT, outside
the static root; the content check is `indices.workspace.files`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from indices.access import access_for
from indices.models import FrameworkNode
from indices.shown_tables import shown_download
from indices.workspace import files, pemdi_views, read_model
from indices.workspace.evidence_forms import EvidenceForm
from indices.workspace.evidence_store import evidence_save, file_forget
from indices.workspace.lookup import assessment_or_404, saved
from indices.workspace.models import Evidence, IndicatorLevel
from indices.workspace.pemdi_forms import ItemEvidenceForm
from indices.workspace.pemdi_models import ItemReview

STATUSES = Evidence.Status.choices


@require_safe
@never_cache
@login_required
def completeness(request, code, year):
    """Per aspect, each indicator's evidence by status and whether accepted evidence backs its claimed level;
    beside the claimed index, the index counting accepted evidence only. Each aspect's table downloads as
    shown (`?tabel=bukti-aspek-<n>&_export=csv|xlsx`)."""
    assessment = assessment_or_404(request, code, year)
    data = read_model.workspace(assessment)
    aspects = by_aspect(data)
    backed = sum(aspect["backed"] for aspect in aspects)
    total = sum(len(aspect["rows"]) for aspect in aspects)
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "aspects": aspects,
        "statuses": STATUSES,
        "backed": backed,
        "total": total,
        "percent": round(100 * backed / total) if total else None,
        "lowest": data["framework"].scale[0],
        "claimed": data["bases"]["self"],
        "accepted": data["bases"]["accepted"],
    }
    response = render(request, "workspace/evidence.html", context)
    return shown_download(request, response, f"bukti-{code}-{year}")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def indicator(request, code, year, number):
    """One indicator: its five level criteria, its evidence, and for those who may write, a form to add one."""
    writing = request.method == "POST"
    assessment = assessment_or_404(request, code, year, write=writing)
    node = _indicator_or_404(assessment, number)
    if not assessment.framework.whole_levels:
        # Pemerintah Digital: evidence is attached to the items of each level (`pemdi_views.item_attach`).
        if writing:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return pemdi_views.indicator_page(request, assessment, node)
    form = EvidenceForm(request.POST, request.FILES) if writing else EvidenceForm()
    if writing and form.is_valid():
        with transaction.atomic():
            level, _created = IndicatorLevel.objects.get_or_create(assessment=saved(assessment), node=node)
            evidence = evidence_save(form, level=level, added_by=request.user)
        messages.success(request, _("Evidence “%(title)s” added.") % {"title": evidence.title})
        return redirect("workspace:indicator_evidence", code=code, year=year, number=number)
    record = IndicatorLevel.objects.filter(assessment_id=assessment.pk, node=node).first()
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "node": node,
        "aspect": node.parent,
        "record": record,
        "criteria": list(enumerate(node.criteria or [], start=1)),
        "items": list(record.evidence.all()) if record else [],
        "may_write": access_for(request.user).can_write_workspace(assessment.instance),
        "form": form,
    }
    return render(request, "workspace/evidence_indicator.html", context, status=400 if writing else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def change(request, code, year, pk):
    """Change one item of evidence (replacing or removing its file), or delete it."""
    assessment = assessment_or_404(request, code, year, write=True)
    evidence = _evidence_or_404(assessment, pk)
    node = evidence.level.node
    back = redirect("workspace:indicator_evidence", code=code, year=year, number=node.number)
    if evidence.item_id:
        back["Location"] += f"#{evidence.item.code}"
    old_file = evidence.file.name
    writing = request.method == "POST"
    if writing and "delete" in request.POST:
        with transaction.atomic():
            evidence.delete()
            file_forget(old_file)
        messages.success(request, _("Evidence “%(title)s” deleted.") % {"title": evidence.title})
        return back
    # A file or link of an evidence item (Pemerintah Digital) carries no status: the verdict is the
    # assessor's.
    form_class = ItemEvidenceForm if evidence.item_id else EvidenceForm
    form = form_class(request.POST if writing else None, request.FILES or None, instance=evidence)
    if writing and form.is_valid():
        replaced = form.replaces_file
        with transaction.atomic():
            evidence_save(form)
            if replaced:
                file_forget(old_file)
            if evidence.item_id:
                ItemReview.reopen(assessment, evidence.item)
        messages.success(request, _("Evidence “%(title)s” saved.") % {"title": evidence.title})
        return back
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "node": node,
        # As stored: a refused form has already written its values onto `evidence`.
        "evidence": Evidence.objects.get(pk=evidence.pk) if writing else evidence,
        "form": form,
    }
    return render(request, "workspace/evidence_change.html", context, status=400 if writing else 200)


@require_safe
@never_cache
@login_required
def download(request, code, year, pk):
    """The file of one item, as an attachment under the name it was uploaded with, to readers of the
    workspace only (never cached, never sniffed into something a browser would run)."""
    assessment = assessment_or_404(request, code, year)
    evidence = _evidence_or_404(assessment, pk)
    if not evidence.file:
        raise Http404(_("This evidence has no file."))
    kind = files.kind_of(evidence.file.name)
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError:
        raise Http404(_("The file of this evidence is missing from the store.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=files.download_name(evidence.file_name, evidence.file.name),
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def by_aspect(data) -> list[dict]:
    """The rows of `read_model.workspace` grouped by aspect in the regulation's order: each aspect's node, its
    indicators (node, self level, accepted level, evidence counts in status order, backed) and how many of
    them accepted evidence backs. An indicator is backed when its accepted level equals its claimed one."""
    framework = data["framework"]
    by_id = {node.id: node for node in framework.nodes}
    aspects = {}
    for row in data["rows"]:
        node = row["node"]
        backed = row["self"] is not None and row["accepted"] == row["self"]
        aspects.setdefault(node.parent_id, []).append(
            {
                "node": node,
                "self": row["self"],
                "accepted": row["accepted"],
                "counts": [row["evidence"].get(status, 0) for status, _label in STATUSES],
                "items": sum(row["evidence"].values()),
                "backed": backed,
            }
        )

    def order(parent_id):
        parent = by_id.get(parent_id)
        grand = by_id.get(parent.parent_id) if parent else None
        return (grand.number if grand else 0, parent.number if parent else 0)

    return [
        {
            "node": by_id.get(parent_id),
            "domain": by_id.get(by_id[parent_id].parent_id) if parent_id in by_id else None,
            "rows": sorted(rows, key=lambda row: row["node"].number),
            "backed": sum(row["backed"] for row in rows),
        }
        for parent_id, rows in sorted(aspects.items(), key=lambda item: order(item[0]))
    ]


def _indicator_or_404(assessment, number) -> FrameworkNode:
    node = (
        FrameworkNode.objects.select_related("parent")
        .filter(framework=assessment.framework, level=FrameworkNode.Level.INDICATOR, number=number)
        .first()
    )
    if node is None:
        raise Http404(
            _("%(framework)s has no indicator %(number)s.")
            % {"framework": assessment.framework.name, "number": number}
        )
    return node


def _evidence_or_404(assessment, pk) -> Evidence:
    """Evidence `pk` of this workspace: another instance's or another year's is not found here."""
    evidence = (
        Evidence.objects.select_related("level__node", "item")
        .filter(pk=pk, level__assessment_id=assessment.pk)
        .first()
    )
    if evidence is None:
        raise Http404(_("This workspace has no evidence %(pk)s.") % {"pk": pk})
    return evidence
