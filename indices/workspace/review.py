"""An assessment's review, the one place that moves it: draft → submitted → in review → returned or
accepted → final. Submitting locks the operators' values; a reviewer returns or accepts each indicator with a
note; a returned indicator opens again for its operators and owner alone; resubmitting sends it back. Each
move is checked against `indices.access`, saved (so the audit trail logs it) and written to the timeline.

Every function takes the signed-in person's `Access` and raises `ReviewRefused`, in words, when the move is
not theirs or not possible from where the assessment stands."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from indices.access import Access
from indices.workspace import read_model
from indices.workspace.models import Assessment, IndicatorLevel
from indices.workspace.review_models import Transition

State = Assessment.State
Review = IndicatorLevel.Review
Action = Transition.Action

# Where an assessment may be submitted from: a draft, or after a reviewer returned indicators.
SUBMITTABLE = (State.DRAFT, State.RETURNED)
# Where a reviewer gives verdicts.
UNDER_REVIEW = (State.SUBMITTED, State.IN_REVIEW)


class ReviewRefused(Exception):
    """A move that may not be made: the message says why."""


def submit(assessment: Assessment, access: Access, note: str = "") -> Assessment:
    """Send the assessment to review. Every indicator the instance values itself needs a level (those other
    agencies' indices value are left out); returned indicators go back to the reviewer."""
    if not access.can_submit(assessment.instance):
        raise ReviewRefused(_("Only the instance's operators submit its assessment."))
    if assessment.pk is None or assessment.state not in SUBMITTABLE:
        raise ReviewRefused(_("Only a draft or a returned assessment can be submitted."))
    missing = unfilled(assessment)
    if missing:
        raise ReviewRefused(
            _("Every indicator needs a self-assessed level before submitting; missing: %(numbers)s.")
            % {"numbers": ", ".join(str(number) for number in missing)}
        )
    with transaction.atomic():
        IndicatorLevel.objects.filter(assessment=assessment, review=Review.RETURNED).update(
            review=Review.PENDING
        )
        return _move(assessment, access, Action.SUBMITTED, State.SUBMITTED, note=note)


def judge(assessment: Assessment, access: Access, level: IndicatorLevel, verdict: str, note: str) -> None:
    """A reviewer's verdict on one indicator: returned (a note says what to fix) or accepted."""
    if not access.can_assess_workspace(assessment.instance):
        raise ReviewRefused(
            _("Only the instance's assessors, its provincial coordinator and reviewers review.")
        )
    if assessment.state not in UNDER_REVIEW:
        raise ReviewRefused(_("Only a submitted assessment is reviewed."))
    if verdict not in (Review.RETURNED, Review.ACCEPTED):
        raise ReviewRefused(_("A verdict is “returned” or “accepted”."))
    note = note.strip()
    if verdict == Review.RETURNED and not note:
        raise ReviewRefused(_("Say in a note what to fix in a returned indicator."))
    with transaction.atomic():
        if assessment.state == State.SUBMITTED:
            _move(assessment, access, Action.REVIEW_STARTED, State.IN_REVIEW)
        level.review, level.review_note = verdict, note
        level.save(update_fields=["review", "review_note", "updated_at"])
        action = Action.INDICATOR_RETURNED if verdict == Review.RETURNED else Action.INDICATOR_ACCEPTED
        _log(assessment, access, action, node=level.node, note=note)


def accept_pending(assessment: Assessment, access: Access, note: str = "") -> int:
    """Accept, in one move, every indicator without a verdict yet (each is still on the timeline): what a
    reviewer does after returning the few that need work. The number accepted."""
    pending = list(
        IndicatorLevel.objects.filter(assessment=assessment, review=Review.PENDING).select_related("node")
    )
    with transaction.atomic():
        for level in pending:
            judge(assessment, access, level, Review.ACCEPTED, note)
    return len(pending)


def conclude(assessment: Assessment, access: Access, note: str = "") -> Assessment:
    """End a review: returned to the operators if any indicator was returned, accepted when every indicator
    was accepted; refused while any is still to judge."""
    if not access.can_assess_workspace(assessment.instance):
        raise ReviewRefused(
            _("Only the instance's assessors, its provincial coordinator and reviewers review.")
        )
    if assessment.state not in UNDER_REVIEW:
        raise ReviewRefused(_("Only a submitted assessment is reviewed."))
    reviews = list(IndicatorLevel.objects.filter(assessment=assessment).values_list("review", flat=True))
    if Review.RETURNED in reviews:
        return _move(assessment, access, Action.REVIEW_RETURNED, State.RETURNED, note=note)
    waiting = reviews.count(Review.PENDING)
    if waiting:
        raise ReviewRefused(
            _("%(count)s indicators have no verdict yet: accept or return each first.") % {"count": waiting}
        )
    return _move(assessment, access, Action.REVIEW_ACCEPTED, State.ACCEPTED, note=note)


def finalise(assessment: Assessment, access: Access, note: str = "") -> Assessment:
    """The external result is in: a national administrator closes the accepted assessment."""
    if not access.can_finalise():
        raise ReviewRefused(_("Only national administrators record the external result."))
    if assessment.state != State.ACCEPTED:
        raise ReviewRefused(_("Only an accepted assessment is made final."))
    return _move(assessment, access, Action.FINALISED, State.FINAL, note=note)


def reopen(assessment: Assessment, access: Access, note: str) -> Assessment:
    """A national administrator opens a locked assessment again as a draft, saying why."""
    if not access.can_finalise():
        raise ReviewRefused(_("Only national administrators open a locked assessment again."))
    if assessment.pk is None or assessment.state == State.DRAFT:
        raise ReviewRefused(_("This assessment is already a draft."))
    if not note.strip():
        raise ReviewRefused(_("Say in a note why the assessment is opened again."))
    return _move(assessment, access, Action.REOPENED, State.DRAFT, note=note)


def unfilled(assessment: Assessment) -> list[int]:
    """The numbers of the indicators still without a self-assessed level (those other agencies' indices
    value, Pemerintah Digital's I5, I6, I7 and I18, count as filled)."""
    return [row["node"].number for row in read_model.workspace(assessment)["rows"] if row["self"] is None]


def editable(level: IndicatorLevel, access: Access) -> bool:
    """Whether this person may write this indicator now: theirs to write, and open (or they are national)."""
    instance = level.assessment.instance
    if access.national:
        return True
    return access.can_write_indicator(instance, level.node_id) and level.open_to_operators()


def lock_in_words(assessment: Assessment) -> str:
    """What is locked and why, for the pages and for a refused write."""
    return {
        State.DRAFT: _("This indicator is not yours to change."),
        State.SUBMITTED: _(
            "Submitted for review: the values are locked until a reviewer returns an indicator."
        ),
        State.IN_REVIEW: _("In review: the values are locked until a reviewer returns an indicator."),
        State.RETURNED: _(
            "Returned by the reviewer: only the returned indicators can be changed, then submitted again."
        ),
        State.ACCEPTED: _("Accepted in review: the values are locked."),
        State.FINAL: _("Final: the external result is entered and the values are locked."),
    }[assessment.state]


@dataclass
class Step:
    """One line of the timeline: a move, or verdicts of one kind given together on several indicators."""

    at: object
    action: str
    label: str
    actor_name: str
    note: str
    numbers: list[int]

    @property
    def indicators(self) -> str:
        """The indicators as ranges: "1–22, 25–47"."""
        spans = []
        for number in self.numbers:
            if spans and number == spans[-1][1] + 1:
                spans[-1][1] = number
            else:
                spans.append([number, number])
        return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def timeline(assessment: Assessment) -> list[Step]:
    """Every move in order; verdicts of one kind that one person gave one after another, with one note, are
    one line (accepting 45 indicators is one step of the review, not 45)."""
    if assessment.pk is None:
        return []
    steps: list[Step] = []
    for move in assessment.transitions.select_related("node").order_by("at", "pk"):
        last = steps[-1] if steps else None
        if (
            move.node_id
            and last is not None
            and last.numbers
            and (last.action, last.actor_name, last.note) == (move.action, move.actor_name, move.note)
        ):
            last.numbers.append(move.node.number)
            continue
        steps.append(
            Step(
                at=move.at,
                action=move.action,
                label=move.get_action_display(),
                actor_name=move.actor_name,
                note=move.note,
                numbers=[move.node.number] if move.node_id else [],
            )
        )
    return steps


def _move(assessment: Assessment, access: Access, action: str, state: str, note: str = "") -> Assessment:
    with transaction.atomic():
        # Read again under a lock: two reviewers concluding at once move it once.
        stored = Assessment.objects.select_for_update().get(pk=assessment.pk)
        stored.state = state
        stored.save(update_fields=["state", "updated_at"])
        _log(stored, access, action, note=note)
    assessment.state = state
    return assessment


def _log(assessment: Assessment, access: Access, action: str, node=None, note: str = "") -> None:
    user = access.user
    Transition.objects.create(
        assessment=assessment,
        node=node,
        action=action,
        state=assessment.state,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "",
        note=note.strip(),
    )
