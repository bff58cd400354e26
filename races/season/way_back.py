"""The plan after a setback: once the latest setback is over, the weeks after it are held to
the way back (`checkins.setbacks.return_ramp`, then 10 % a week) until it meets the plan, and
the season's notes say so; while one is still open, its weeks are only marked.
"""

import datetime as dt
from dataclasses import replace

from athletes.measures import WEEKLY_RAMP, monday_of, percent
from athletes.units import format_distance
from checkins.setbacks import return_ramp
from races.season.shapes import SeasonInputs, SetbackSpan, Week


def way_back(setback: SetbackSpan, weeks: int) -> list[float]:
    """The return ramp of checkins.setbacks, then on at 10 % a week: `weeks` weekly ceilings."""
    assert setback.end is not None  # only a setback that is over has a way back
    weeks_off = (setback.end - setback.start).days // 7
    ceilings = return_ramp(before_m=setback.before_weekly_m, weeks_off=weeks_off)
    while len(ceilings) < weeks:
        ceilings.append(ceilings[-1] * (1 + WEEKLY_RAMP))
    return ceilings[:weeks]


def after_setbacks(weeks: list[Week], inputs: SeasonInputs) -> tuple[list[Week], list[str]]:
    """Hold the plan to the way back after the latest setback that is over, and say so."""
    notes = []
    ongoing = [s for s in inputs.setbacks if s.end is None]
    if ongoing:
        notes.append(
            f"Setback since {ongoing[0].start:%-d %B}: its weeks are marked. Once you are back "
            "running, the plan restarts lower and builds up again."
        )
        return weeks, notes
    over = [s for s in inputs.setbacks if s.end is not None and s.before_weekly_m > 0]
    if not over:
        return weeks, notes
    latest = max(over, key=lambda s: s.end or dt.date.min)
    assert latest.end is not None  # `over` holds setbacks that ended
    first_back = latest.end + dt.timedelta(days=1)
    first_back = monday_of(first_back)
    later = [i for i, week in enumerate(weeks) if week.week_start >= first_back]
    if not later:
        return weeks, notes
    ceilings = way_back(latest, len(later))
    held = False
    for index, ceiling in zip(later, ceilings, strict=True):
        week = weeks[index]
        # The way back holds the running, never the race: race week keeps the race.
        if week.training_distance_m > ceiling:
            target = round(ceiling + week.race_distance_m)
            weeks[index] = replace(week, target_distance_m=target)
            held = True
    if held:
        notes.append(
            f"Back from a setback on {latest.end:%-d %B}: the plan restarts at "
            f"{format_distance(ceilings[0], inputs.units, digits=0)} a week, "
            f"{percent(ceilings[0] / latest.before_weekly_m)} of the "
            f"{format_distance(latest.before_weekly_m, inputs.units, digits=0)} before it, "
            f"and builds at most {percent(WEEKLY_RAMP)} a week until it meets the plan."
        )
    return weeks, notes
