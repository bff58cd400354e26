"""Setbacks: log one, continue it from a weekly review, mark it over, and the return ramp with
the weeks back it suggests once a setback is over (`comeback_after`).

Adapt, don't abandon: a setback pauses streaks and marks the plan rather than breaking
anything, and coming back starts lower and builds up (docs/coaching-rules.md, "Return").
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from athletes.measures import WEEK, WEEKLY_RAMP, monday_of, percent, sunday_of
from athletes.models import Athlete, User
from checkins.models import Setback, WeeklyReview, WeekStat
from checkins.signals import log_changed

# Back after a setback: the first week at this share of the weekly distance before it (less
# after a longer break), then at most WEEKLY_RAMP more each week, as anywhere in a plan, until
# back. Runpath's choice, with no published source behind the shares or the 2 weeks (Daniels'
# table for time off adjusts VDOT, not distance: docs/coaching-rules.md, section 9).
RETURN_SHORT_BREAK_WEEKS = 2
RETURN_SHORT_SHARE = 0.75
RETURN_LONG_SHARE = 0.50
BEFORE_WEEKS = 4


def _saved(setback: Setback) -> Setback:
    setback.full_clean(exclude=["athlete", "created_by", "review"])
    setback.save()
    log_changed.send(sender=Setback, athlete=setback.athlete)
    return setback


@transaction.atomic
def setback_save(*, setback: Setback) -> Setback:
    return _saved(setback)


@transaction.atomic
def setback_delete(*, setback: Setback) -> None:
    athlete = setback.athlete
    setback.delete()
    log_changed.send(sender=Setback, athlete=athlete)


@transaction.atomic
def setback_close(*, setback: Setback, on: dt.date) -> Setback:
    """ "Back running": the setback ends on `on`."""
    setback.end = on
    return _saved(setback)


def setback_from_review(*, review: WeeklyReview, by: User | None) -> Setback | None:
    """A submitted review ticked "injury or illness": continue the setback open in its week,
    or open one from the week's Monday."""
    if not review.injured:
        return None
    sunday = sunday_of(review.week_start)
    current = (
        Setback.objects.filter(
            athlete=review.athlete, kind__in=[Setback.Kind.INJURY, Setback.Kind.ILLNESS]
        )
        .overlapping(review.week_start, sunday)
        .order_by("-start")
        .first()
    )
    if current is not None:
        if current.review_id is None:
            Setback.objects.filter(pk=current.pk).update(review=review)
        return current
    return _saved(
        Setback(
            athlete=review.athlete,
            kind=Setback.Kind.INJURY,
            start=review.week_start,
            note=review.injury_note,
            review=review,
            created_by=by,
        )
    )


def weekly_distance_before(athlete: Athlete, day: dt.date) -> float:
    """The mean weekly distance of the four weeks before the week of `day`."""
    monday = monday_of(day)
    totals = WeekStat.objects.filter(
        athlete=athlete,
        week_start__gte=monday - dt.timedelta(weeks=BEFORE_WEEKS),
        week_start__lt=monday,
    ).values_list("distance_m", flat=True)
    return sum(totals) / BEFORE_WEEKS


def return_ramp(*, before_m: float, weeks_off: int) -> list[float]:
    """Weekly distances from the first week back until the distance before the setback."""
    if before_m <= 0:
        return []
    share = RETURN_SHORT_SHARE if weeks_off <= RETURN_SHORT_BREAK_WEEKS else RETURN_LONG_SHARE
    weeks = [before_m * share]
    # Within half a percent is back: no extra week for a rounding's worth of distance.
    while weeks[-1] < before_m * 0.995:
        weeks.append(min(before_m, weeks[-1] * (1 + WEEKLY_RAMP)))
    return weeks


def return_plan(setback: Setback) -> list[float]:
    end = setback.end or setback.athlete.local_today()
    weeks_off = max(0, (end - setback.start).days) // 7
    return return_ramp(
        before_m=weekly_distance_before(setback.athlete, setback.start), weeks_off=weeks_off
    )


# The return rule in one sentence, built from its constants.
RETURN_RULE = (
    f"Resume at {percent(RETURN_SHORT_SHARE)} of your usual weekly distance after up to "
    f"{RETURN_SHORT_BREAK_WEEKS} weeks off, {percent(RETURN_LONG_SHARE)} after longer, "
    f"then at most {percent(WEEKLY_RAMP)} more a week."
)
# The longest ramp (from the lower share up to the full week) is shown this long after the
# setback ended; a ramp with nothing to start from is shown for RETURN_SHORT_BREAK_WEEKS.
LONGEST_RAMP_WEEKS = len(return_ramp(before_m=1.0, weeks_off=RETURN_SHORT_BREAK_WEEKS + 1))


@dataclass(frozen=True)
class ReturnWeek:
    week_start: dt.date
    distance_m: float
    share: str  # of the usual week, e.g. "75 %"


@dataclass(frozen=True)
class Comeback:
    """The weeks back after the setback that ended last, while they are still ahead."""

    setback: Setback
    usual_m: float
    weeks: list[ReturnWeek]


def comeback_weeks(
    *, back_on: dt.date, today: dt.date, ramp: Sequence[float]
) -> list[ReturnWeek] | None:
    """The weeks of a return ramp from the week of `back_on`, or None once they are all past on
    `today`. An empty ramp (nothing logged before the setback) still counts as under way for
    RETURN_SHORT_BREAK_WEEKS, so the page can say how to start."""
    first_week = monday_of(back_on)
    if first_week + WEEK * (len(ramp) or RETURN_SHORT_BREAK_WEEKS) <= monday_of(today):
        return None
    # The ramp ends at the usual week itself.
    usual_m = ramp[-1] if ramp else 0.0
    return [
        ReturnWeek(
            week_start=first_week + WEEK * index,
            distance_m=metres,
            share=percent(metres / usual_m),
        )
        for index, metres in enumerate(ramp)
    ]


def comeback_after(setback_list: Sequence[Setback], today: dt.date) -> Comeback | None:
    """The return ramp of the setback that ended last, if its ramp is not over yet. At most
    one ramp is worked out, so the page costs the same however many setbacks there are."""
    ended = [(s.end, s.pk, s) for s in setback_list if s.end is not None and s.end <= today]
    if not ended:
        return None
    back_on, _, latest = max(ended, key=lambda found: (found[0], found[1]))
    if monday_of(back_on) + WEEK * LONGEST_RAMP_WEEKS <= monday_of(today):
        return None
    ramp = return_plan(latest)
    weeks = comeback_weeks(back_on=back_on, today=today, ramp=ramp)
    if weeks is None:
        return None
    return Comeback(setback=latest, usual_m=ramp[-1] if ramp else 0.0, weeks=weeks)


def open_setbacks_in_week(athlete: Athlete, week_start: dt.date) -> list[Setback]:
    """The setbacks still open that had begun by the end of that week (the review form shows
    them with a "back running" button)."""
    sunday = sunday_of(week_start)
    return list(Setback.objects.filter(athlete=athlete, end=None, start__lte=sunday))
