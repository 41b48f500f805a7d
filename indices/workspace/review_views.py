"""The review page of an assessment: where it stands, each indicator's verdict and note, the moves the
signed-in person may make (submit, return or accept an indicator, end the review, record the external result,
open again) and the timeline of every move made."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from indices.access import access_for
from indices.models.text import EXPLANATION_LENGTH, printable
from indices.workspace import review
from indices.workspace.lookup import assessment_or_404
from indices.workspace.models import IndicatorLevel

ACTIONS = ("submit", "judge", "accept_pending", "conclude", "finalise", "reopen")


class MoveForm(forms.Form):
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    indicator = forms.IntegerField(required=False, min_value=1, max_value=999)
    verdict = forms.ChoiceField(
        label=gettext_lazy("Verdict"),
        required=False,
        choices=[
            (IndicatorLevel.Review.ACCEPTED, gettext_lazy("Accept")),
            (IndicatorLevel.Review.RETURNED, gettext_lazy("Return")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=EXPLANATION_LENGTH,
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def page(request, code, year):
    assessment = assessment_or_404(request, code, year)
    access = access_for(request.user)
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            try:
                message = _make(assessment, access, form.cleaned_data)
            except review.ReviewRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, message)
                return redirect("workspace:review", code=code, year=year)
        else:
            messages.error(
                request, _("The move was not understood: %(errors)s") % {"errors": form.errors.as_text()}
            )
    levels = (
        list(
            IndicatorLevel.objects.filter(assessment_id=assessment.pk)
            .select_related("node")
            .order_by("node__number")
        )
        if assessment.pk
        else []
    )
    state = assessment.state
    may_review = access.can_assess_workspace(assessment.instance)
    context = {
        "assessment": assessment,
        "instance": assessment.instance,
        "year": year,
        "levels": levels,
        "whole_levels": assessment.framework.whole_levels,
        "timeline": review.timeline(assessment),
        "lock": None if state == assessment.State.DRAFT else review.lock_in_words(assessment),
        "may_submit": access.can_submit(assessment.instance)
        and assessment.pk
        and state in review.SUBMITTABLE,
        "may_judge": may_review and state in review.UNDER_REVIEW,
        "may_finalise": access.can_finalise() and state == assessment.State.ACCEPTED,
        "may_reopen": access.can_finalise() and assessment.pk and state != assessment.State.DRAFT,
        "unfilled": review.unfilled(assessment) if assessment.pk and state in review.SUBMITTABLE else [],
        "pending": sum(1 for level in levels if level.review == IndicatorLevel.Review.PENDING),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/review.html", context, status=status)


def _make(assessment, access, move: dict) -> str:
    """Make one move; the message to show once it is made."""
    action, note = move["action"], move["note"]
    if assessment.pk is None:
        raise review.ReviewRefused(_("Nothing has been entered in this workspace yet."))
    if action == "submit":
        review.submit(assessment, access, note)
        return _("Submitted for review.")
    if action == "judge":
        level = IndicatorLevel.objects.filter(assessment=assessment, node__number=move["indicator"]).first()
        if level is None:
            raise Http404(_("This assessment has no indicator %(number)s.") % {"number": move["indicator"]})
        review.judge(assessment, access, level, move["verdict"], note)
        return _("Indicator %(number)s: %(verdict)s.") % {
            "number": level.node.number,
            "verdict": level.get_review_display(),
        }
    if action == "accept_pending":
        count = review.accept_pending(assessment, access, note)
        return ngettext("%(count)s indicator accepted.", "%(count)s indicators accepted.", count) % {
            "count": count
        }
    if action == "conclude":
        review.conclude(assessment, access, note)
        return _("Review ended: %(state)s.") % {"state": assessment.get_state_display()}
    if action == "finalise":
        review.finalise(assessment, access, note)
        return _("The external result is recorded: the assessment is final.")
    if action == "reopen":
        review.reopen(assessment, access, note)
        return _("The assessment is a draft again.")
    raise PermissionDenied
