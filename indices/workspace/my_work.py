"""What waits on one person across the instances they work for: the read behind the "My work" page and the
daily reminder digest, so both list the same things.

- Operators and indicator owners: indicators a reviewer returned (an owner only theirs), evidence and
  evidence items (butir) marked to revise, and for operators recommendations past their deadline and
  assessments not yet submitted while the cycle's next deadline is near.
- Reviewers, provincial coordinators and internal assessors: assessments submitted or in review within
  their scope (never an instance they operate or own an indicator of: they do not judge their own work).

Each task has a key naming its subject in its present state: the digest sends a key once. The number of
queries does not depend on how many tasks or instances there are."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indices.access import Access
from indices.models import CycleStage, Framework, FrameworkNode, Instance
from indices.workspace import cycle
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, ItemReview, Recommendation
from indices.workspace.pemdi_models import INDICATOR_OF
from indices.workspace.review_models import Transition

State = Assessment.State
# The cycle's deadline is near from this many days before it.
DEADLINE_NEAR_DAYS = 14
# The indicators other agencies' indices value (Pemerintah Digital): never unfilled.
EXTERNAL = frozenset(INDICATOR_OF.values())

# The kinds of task, in the order the page and the digest list them.
RETURNED, REVISE, OVERDUE, DEADLINE, REVIEW = "returned", "revise", "overdue", "deadline", "review"
KINDS = (RETURNED, REVISE, OVERDUE, DEADLINE, REVIEW)


@dataclass(frozen=True)
class Task:
    """One thing waiting on a person: what and where in words, a note (the reviewer's, the assessor's, the
    calendar's), the page where it is done, and the key the digest sends it under once."""

    kind: str
    key: str
    instance: str
    year: int
    what: str
    note: str
    url: str


def headings() -> dict[str, str]:
    return {
        RETURNED: _("Indicators returned by the reviewer"),
        REVISE: _("Evidence to revise"),
        OVERDUE: _("Recommendations past their deadline"),
        DEADLINE: _("Not submitted yet, the cycle's deadline is near"),
        REVIEW: _("Assessments waiting on your review"),
    }


def tasks_for(access: Access, today: date) -> list[Task]:
    """Every task waiting on this person on `today`, by kind then instance: [Task, ...]."""
    if not access.staff or access.national:
        return []
    tasks = []
    writes = _writes_q(access)
    if writes is not None:
        tasks += _returned(writes)
        tasks += _items_to_revise(access)
        tasks += _evidence_to_revise(access)
    if access.operated:
        tasks += _overdue(access, today)
        tasks += _near_deadline(access, today)
    tasks += _to_review(access)
    return tasks


def grouped(tasks: list[Task]) -> list[tuple[str, list[Task]]]:
    """[(heading, tasks)] for the kinds that have any, in the order of KINDS."""
    names = headings()
    return [(names[kind], rows) for kind in KINDS if (rows := [t for t in tasks if t.kind == kind])]


def review_count_in_words(count: int) -> str:
    return ngettext(
        "%(count)s assessment waits on your review.", "%(count)s assessments wait on your review.", count
    ) % {"count": count}


# The sections


def _writes_q(access: Access, prefix: str = "assessment__", node: str = "node") -> Q | None:
    """The indicator levels (or records under them, by `prefix`) this person writes: every indicator of an
    operated instance, an owner's own indicators; None when there are none."""
    q = Q(**{f"{prefix}instance__in": access.operated}) if access.operated else None
    for instance, nodes in access.owned.items():
        own = Q(**{f"{prefix}instance": instance, f"{node}__in": nodes})
        q = own if q is None else q | own
    return q


def _returned(writes: Q) -> list[Task]:
    last_return = (
        Transition.objects.filter(
            assessment=OuterRef("assessment"),
            node=OuterRef("node"),
            action=Transition.Action.INDICATOR_RETURNED,
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    levels = (
        IndicatorLevel.objects.filter(
            writes, review=IndicatorLevel.Review.RETURNED, assessment__state=State.RETURNED
        )
        .select_related("assessment__instance", "node__parent")
        .annotate(returned_by=Subquery(last_return))
        .order_by("assessment__instance__name", "-assessment__year", "node__number")
    )
    return [
        Task(
            kind=RETURNED,
            key=f"returned:{level.pk}:{level.returned_by or 0}",
            instance=level.assessment.instance.name,
            year=level.assessment.year,
            what=_("Indicator %(number)s: %(name)s") % {"number": level.node.number, "name": level.node.name},
            note=level.review_note,
            url=_aspect_url(level.assessment, level.node),
        )
        for level in levels
    ]


def _items_to_revise(access: Access) -> list[Task]:
    writes = _writes_q(access, node="item__node")
    reviews = (
        ItemReview.objects.filter(writes, status=ItemReview.Status.REVISI)
        .select_related("assessment__instance", "item__node")
        .order_by("assessment__instance__name", "-assessment__year", "item__node__number", "item__code")
    )
    return [
        Task(
            kind=REVISE,
            key=f"item:{review.pk}:{review.updated_at:%Y%m%d%H%M%S}",
            instance=review.assessment.instance.name,
            year=review.assessment.year,
            what=_("Evidence item %(code)s (indicator %(number)s)")
            % {"code": review.item.code, "number": review.item.node.number},
            note=review.note,
            url=reverse(
                "workspace:indicator_evidence",
                args=[review.assessment.instance_id, review.assessment.year, review.item.node.number],
            )
            + f"#{review.item.code}",
        )
        for review in reviews
    ]


def _evidence_to_revise(access: Access) -> list[Task]:
    writes = _writes_q(access, prefix="level__assessment__", node="level__node")
    evidence = (
        Evidence.objects.filter(writes, status=Evidence.Status.REVISI)
        .select_related("level__assessment__instance", "level__node")
        .order_by(
            "level__assessment__instance__name", "-level__assessment__year", "level__node__number", "pk"
        )
    )
    return [
        Task(
            kind=REVISE,
            key=f"evidence:{item.pk}:{item.updated_at:%Y%m%d%H%M%S}",
            instance=item.level.assessment.instance.name,
            year=item.level.assessment.year,
            what=_("“%(title)s” (indicator %(number)s)")
            % {"title": item.title, "number": item.level.node.number},
            note=item.assessor_note,
            url=reverse(
                "workspace:evidence_change",
                args=[item.level.assessment.instance_id, item.level.assessment.year, item.pk],
            ),
        )
        for item in evidence
    ]


def _overdue(access: Access, today: date) -> list[Task]:
    recommendations = (
        Recommendation.objects.overdue(today)
        .filter(assessment__instance__in=access.operated)
        .select_related("assessment__instance", "node")
        .order_by("assessment__instance__name", "deadline", "pk")
    )
    return [
        Task(
            kind=OVERDUE,
            key=f"overdue:{item.pk}:{item.deadline:%Y%m%d}",
            instance=item.assessment.instance.name,
            year=item.assessment.year,
            what=_("%(node)s: %(text)s") % {"node": item.node.name, "text": str(item)},
            note=_overdue_in_words(item, today),
            url=reverse("workspace:recommendation_change", args=[item.assessment.instance_id, item.pk]),
        )
        for item in recommendations
    ]


def _overdue_in_words(item: Recommendation, today: date) -> str:
    days = item.days_overdue(today)
    return ngettext(
        "The deadline was %(date)s, %(count)s day ago.",
        "The deadline was %(date)s, %(count)s days ago.",
        days,
    ) % {"date": date_format(item.deadline, "j F Y"), "count": days}


def _near_deadline(access: Access, today: date) -> list[Task]:
    """This year's assessments of the operated instances not yet submitted (not started, draft, or returned
    and not sent back) when the cycle's next deadline, the self-assessment's end, is at most
    DEADLINE_NEAR_DAYS away; none where no calendar is on record. Five queries at most, however many
    instances."""
    year = today.year
    assessments = list(
        Assessment.objects.filter(instance__in=access.operated, year=year)
        .select_related("instance")
        .annotate(filled=Count("levels", filter=Q(levels__self_level__isnull=False)))
    )
    unsubmitted = [a for a in assessments if a.state in (State.DRAFT, State.RETURNED)]
    not_started = access.operated - {a.instance_id for a in assessments}
    framework = Framework.objects.scoring_levels().covering(year).first() if not_started else None
    if framework is not None:
        for instance in Instance.objects.filter(pk__in=not_started):
            unsubmitted.append(Assessment(instance=instance, year=year, framework=framework))
            unsubmitted[-1].filled = 0
    if not unsubmitted:
        return []
    frameworks = {a.framework_id for a in unsubmitted}
    stages: dict[int, list] = {}
    for stage in CycleStage.objects.filter(framework__in=frameworks, year=year):
        stages.setdefault(stage.framework_id, []).append(stage)
    if not stages:
        return []
    indicators = _indicator_counts(frameworks)
    tasks = []
    for assessment in sorted(unsubmitted, key=lambda a: a.instance.name):
        position = cycle.position(stages.get(assessment.framework_id, []), today)
        if not _near(position):
            continue
        unfilled = max(indicators.get(assessment.framework_id, 0) - assessment.filled, 0)
        tasks.append(
            Task(
                kind=DEADLINE,
                # The same for a workspace started after a first reminder: one reminder per deadline.
                key=f"deadline:{assessment.instance_id}:{year}:{position.deadline.pk}",
                instance=assessment.instance.name,
                year=year,
                what=_unsubmitted_in_words(assessment, unfilled),
                note=position.in_words,
                url=reverse("workspace:review", args=[assessment.instance_id, year]),
            )
        )
    return tasks


def _near(position: cycle.Position) -> bool:
    """Whether the next deadline is the self-assessment's end and at most DEADLINE_NEAR_DAYS away: the one an
    unsubmitted assessment misses (the later stages are the evaluators')."""
    deadline = position.deadline
    return (
        deadline is not None
        and deadline.kind == CycleStage.Kind.SELF_ASSESSMENT
        and position.days_left <= DEADLINE_NEAR_DAYS
    )


def _unsubmitted_in_words(assessment: Assessment, unfilled: int) -> str:
    if assessment.state == State.RETURNED:
        return _("Returned indicators to fix and submit again.")
    if not unfilled:
        return _("Every indicator has a level: submit it for review.")
    return ngettext(
        "Not submitted; %(count)s indicator has no level yet.",
        "Not submitted; %(count)s indicators have no level yet.",
        unfilled,
    ) % {"count": unfilled}


def _indicator_counts(frameworks) -> dict[int, int]:
    """{framework id: how many indicators need a level from the instance}, other agencies' indices left out
    where they value one (frameworks with continuous levels)."""
    rows = (
        FrameworkNode.objects.filter(framework__in=frameworks, level=FrameworkNode.Level.INDICATOR)
        .filter(Q(framework__whole_levels=True) | ~Q(number__in=EXTERNAL))
        .values("framework")
        .annotate(count=Count("pk"))
    )
    return {row["framework"]: row["count"] for row in rows}


def _to_review(access: Access) -> list[Task]:
    scope = Q(instance__in=access.assessed)
    for province in access.provinces:
        scope |= Q(instance__region__code=province) | Q(instance__region__province__code=province)
    if access.reviewer:
        scope = Q()
    elif not (access.assessed or access.provinces):
        return []
    own = access.operated | set(access.owned)
    submitted = (
        Transition.objects.filter(assessment=OuterRef("pk"), action=Transition.Action.SUBMITTED)
        .order_by("-pk")
        .values("pk")[:1]
    )
    assessments = (
        Assessment.objects.filter(scope, state__in=(State.SUBMITTED, State.IN_REVIEW))
        .exclude(instance__in=own)
        .select_related("instance")
        .annotate(submission=Subquery(submitted))
        .order_by("instance__name", "-year")
    )
    return [
        Task(
            kind=REVIEW,
            key=f"review:{assessment.pk}:{assessment.submission or 0}",
            instance=assessment.instance.name,
            year=assessment.year,
            what=assessment.get_state_display(),
            note="",
            url=reverse("workspace:review", args=[assessment.instance_id, assessment.year]),
        )
        for assessment in assessments
    ]


def _aspect_url(assessment: Assessment, node: FrameworkNode) -> str:
    aspect = node.parent.number if node.parent_id else node.number
    return (
        reverse("workspace:aspect", args=[assessment.instance_id, assessment.year, aspect])
        + f"#indicator-{node.number}"
    )
