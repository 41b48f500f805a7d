"""Where an evaluation year's cycle stands on a given day: the stages under way, the next deadline and how
many days are left, in words. Pure functions over the year's stages (`CycleStage` records or anything with
their fields); the day is always passed in (`django.utils.timezone.localdate()` in the views), never read
here, so the reads are tested on fixed dates."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The stages of the cycle itself, in the order they come; other dates (the regulation set, one region's
# event) are shown beside them but give no deadline.
CYCLE_KINDS = ("self_assessment", "document_review", "interview", "visit", "results")


@dataclass(frozen=True)
class Position:
    """Where the cycle stands: the stages under way on `today`, the next deadline (a stage's last day, today
    or later) and how many days are left until it, the next stage to start, and whether it is over."""

    today: date
    current: tuple
    deadline: object | None
    days_left: int | None
    upcoming: object | None
    over: bool

    @property
    def in_words(self) -> str:
        """The position in a sentence, e.g. "8 days left until “Penetapan hasil & predikat” ends (15
        December 2026, an estimate)"."""
        if self.deadline is None:
            if self.over:
                return _("Every stage of this year's cycle is over.")
            return _("No stage of this year's cycle is on record yet.")
        stage = self.deadline
        when = date_format(stage.ends_on, "j F Y")
        if stage.estimate:
            when = _("%(date)s, an estimate") % {"date": when}
        if self.days_left == 0:
            message = _("Today is the last day of “%(stage)s” (%(date)s).")
            return message % {"stage": stage.name, "date": when}
        return ngettext(
            "%(count)s day left until “%(stage)s” ends (%(date)s).",
            "%(count)s days left until “%(stage)s” ends (%(date)s).",
            self.days_left,
        ) % {"count": self.days_left, "stage": stage.name, "date": when}


def position(stages, today: date) -> Position:
    """Where the cycle of `stages` (one framework's year) stands on `today`."""
    cycle = sorted((s for s in stages if s.kind in CYCLE_KINDS), key=lambda s: (s.ends_on, s.position))
    current = tuple(s for s in cycle if (s.starts_on or s.ends_on) <= today <= s.ends_on)
    ahead = [s for s in cycle if s.ends_on >= today]
    deadline = ahead[0] if ahead else None
    starting = [s for s in cycle if s.starts_on and s.starts_on > today]
    return Position(
        today=today,
        current=current,
        deadline=deadline,
        days_left=(deadline.ends_on - today).days if deadline else None,
        upcoming=min(starting, key=lambda s: s.starts_on) if starting else None,
        over=bool(cycle) and not ahead,
    )


def timeline(stages, today: date) -> list[dict]:
    """The year's stages in date order with their state on `today`: "done", "now" or "ahead"."""
    rows = []
    for stage in sorted(stages, key=lambda s: (s.starts_on or s.ends_on, s.ends_on, s.position)):
        if stage.ends_on < today:
            state = "done"
        elif (stage.starts_on or stage.ends_on) <= today:
            state = "now"
        else:
            state = "ahead"
        rows.append({"stage": stage, "state": state, "in_cycle": stage.kind in CYCLE_KINDS})
    return rows
