"""The season plan, built backwards from the next A race.

A pure package: `build(SeasonInputs)` returns the same `Season` for the same inputs. Phases, from
race day back: taper (3 weeks for a marathon or longer, 2 for a half, 1 shorter), peak (3
weeks), build (about 40 % of the weeks left, 4 to 8) and base (the rest, at least 4), then
recovery after the race. When there are too few weeks, base shortens first, then build, then
peak, then taper; the weekly ramp never gets steeper to make up for it. Every number is in
docs/coaching-rules.md with its source.

Here: `build`, and what each race asks for at its peak (`race_needs`). The plan's dataclasses
are in `shapes`, the phase lengths, taper and recovery in `phases`, the weekly ramp in
`ramp_rule`, and the way back after a setback in `way_back`.
"""

from athletes.measures import (
    HALF_MARATHON_M,
    MARATHON_M,
    WEEK,
    WEEKLY_RAMP,
    distance_name,
    monday_of,
    percent,
    sunday_of,
)
from athletes.units import format_distance
from races.rules import recovery_weeks
from races.season.phases import RECOVERY_SHARE, phase_lengths, taper_cuts
from races.season.ramp_rule import ramp
from races.season.shapes import Phase, PhaseSpan, Season, SeasonInputs, Week
from races.season.way_back import after_setbacks

# With no runs in the last four weeks the plan starts from this.
START_FLOOR_M = 10_000.0

# What each race asks for at its peak: weekly distance and longest run (metres). Lower ends of
# the published recreational plans, see docs/coaching-rules.md.
RACE_NEEDS = [
    # (shortest distance it applies to, weekly distance, long run)
    (100_000, 80_000, 45_000),
    (50_000, 65_000, 35_000),
    (MARATHON_M, 55_000, 30_000),
    (HALF_MARATHON_M, 35_000, 16_000),
    (10_000, 25_000, 12_000),
    (0, 20_000, 8_000),
]


def race_needs(distance_m: float) -> tuple[float, float]:
    """(weekly distance, longest run) in metres that a race of this distance asks for at the peak."""
    for shortest, weekly, long_run in RACE_NEEDS:
        if distance_m >= shortest:
            return float(weekly), float(long_run)
    raise ValueError(distance_m)


def build(inputs: SeasonInputs) -> Season:
    a_race = inputs.a_race
    race_week = monday_of(a_race.date)
    start_week = min(inputs.start_week, race_week)
    total = (race_week - start_week).days // 7 + 1
    lengths = phase_lengths(total, a_race.distance_m)
    need_weekly, need_long = race_needs(a_race.distance_m)
    notes = []
    if lengths.notes:
        notes.append(
            f"{total} week{'s' if total != 1 else ''} to race day is short of a full season: "
            + "; ".join(lengths.notes)
            + f". The weekly build stays at {percent(WEEKLY_RAMP)} at most."
        )
    start_m = inputs.start_weekly_m
    if start_m <= 0:
        start_m = START_FLOOR_M
        notes.append(
            f"No runs in the four weeks before the season began, so the plan starts from "
            f"{format_distance(START_FLOOR_M, inputs.units, digits=0)} a week."
        )
    ceiling = max(need_weekly, start_m)
    if inputs.fits_weekly_m is not None and inputs.fits_weekly_m < ceiling:
        notes.append(
            f"Your training time fits about "
            f"{format_distance(inputs.fits_weekly_m, inputs.units, digits=0)} a week at your "
            f"usual pace; a {distance_name(a_race.distance_m)} asks for about "
            f"{format_distance(need_weekly, inputs.units, digits=0)}."
        )
        ceiling = max(inputs.fits_weekly_m, 0.0)
    training_weeks = lengths.base + lengths.build + lengths.peak
    races = sorted([a_race, *inputs.other_races], key=lambda race: race.date)
    b_race_weeks = frozenset(
        index
        for index in range(training_weeks)
        if any(
            race.priority == "B" and 0 <= (race.date - start_week).days - index * 7 < 7
            for race in races
        )
    )
    targets = ramp(start_m, ceiling, training_weeks, mini_tapers=b_race_weeks)
    full_weeks = [
        target
        for index, (target, cutback) in enumerate(targets)
        if not cutback and index not in b_race_weeks
    ]
    peak_m = max(full_weeks, default=min(start_m, ceiling))
    if peak_m < need_weekly:
        notes.append(
            f"At {percent(WEEKLY_RAMP)} a week with cut-backs, your weekly distance reaches "
            f"{format_distance(peak_m, inputs.units, digits=0)} by the peak; a "
            f"{distance_name(a_race.distance_m)} asks for about "
            f"{format_distance(need_weekly, inputs.units, digits=0)}."
        )

    phases = [
        (Phase.BASE, lengths.base),
        (Phase.BUILD, lengths.build),
        (Phase.PEAK, lengths.peak),
        (Phase.TAPER, lengths.taper),
        (Phase.RECOVERY, recovery_weeks(a_race.distance_m)),
    ]
    spans, week_phases = [], []
    cursor = start_week
    for phase, count in phases:
        if count:
            spans.append(PhaseSpan(phase, cursor, count))
        week_phases += [phase] * count
        cursor += count * WEEK

    benchmark_weeks = {start_week}
    if lengths.build:
        benchmark_weeks.add(start_week + (lengths.base + lengths.build - 1) * WEEK)
    cuts = taper_cuts(lengths.taper) if lengths.taper else []
    weeks = []
    for index, phase in enumerate(week_phases):
        monday = start_week + index * WEEK
        in_week = tuple(r for r in races if monday <= r.date < monday + WEEK)
        cutback = False
        race_m = 0.0
        if phase is Phase.TAPER:
            target = peak_m * (1 - cuts[index - training_weeks])
            # Race week: the taper's running and the race itself (the race is not cut).
            if a_race in in_week:
                race_m = float(round(a_race.distance_m))
                target += race_m
        elif phase is Phase.RECOVERY:
            target = peak_m * RECOVERY_SHARE
        else:
            target, cutback = targets[index]
            # A B race's week holds the race, however light the mini-taper.
            target = max(target, sum(r.distance_m for r in in_week if r.priority == "B"))
        weeks.append(
            Week(
                week_start=monday,
                phase=phase,
                target_distance_m=round(target),
                race_distance_m=race_m,
                benchmark=monday in benchmark_weeks,
                cutback=cutback,
                races=in_week,
                busy=any(
                    span.start <= sunday_of(monday) and span.end >= monday
                    for span in inputs.busy_periods
                ),
                setback=any(setback.covers(monday) for setback in inputs.setbacks),
            )
        )
    weeks, setback_notes = after_setbacks(weeks, inputs)
    notes += setback_notes
    return Season(
        a_race=a_race,
        weeks=tuple(weeks),
        phases=tuple(spans),
        notes=tuple(notes),
        peak_weekly_m=round(peak_m),
        needs_weekly_m=need_weekly,
        needs_long_run_m=need_long,
    )
