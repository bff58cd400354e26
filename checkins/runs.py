"""The run log: saving runs, grouping them into training weeks, recognising duplicates.

A training week starts on Monday in the athlete's own time zone (`Athlete.week_bounds`).
"""

import bisect
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone

from athletes import units
from athletes.measures import EARLIEST_DAY, WEEK, monday_of, sunday_of
from athletes.models import Athlete
from checkins.models import Run
from checkins.signals import log_changed

# Two records of one run: starts at most this far apart and distances within this fraction.
DUPLICATE_START_WINDOW = dt.timedelta(minutes=2)
DUPLICATE_DISTANCE_RATIO = 0.03
WEEKS_PER_PAGE = 8
MAX_RUN_DISTANCE_M = 1_000_000
MAX_RUN_DURATION_S = 10 * 24 * 3600
# A run may be logged a little ahead of the clock (a watch set a few minutes fast), no more.
FUTURE_SLACK = dt.timedelta(hours=1)
FUTURE_RUN_MESSAGE = "This run starts in the future; log it once you have run it."
EARLIEST_START = dt.datetime.combine(EARLIEST_DAY, dt.time(), tzinfo=dt.UTC)
TOO_EARLY_MESSAGE = f"This run starts before {EARLIEST_DAY.year}; check the year."
NO_DISTANCE_MESSAGE = "Enter how far you ran (only strength and cross-training may have none)."
NO_DURATION_MESSAGE = "A run lasts more than zero seconds."
TOO_LONG_MESSAGE = "That is longer than ten days; check the hours."
# What one runner's log may hold: decades of daily running, well short of a table-filling
# upload. Every way a run comes in (the form, the API, a file import) stops here.
MAX_RUNS_PER_ATHLETE = 50_000
FULL_LOG_MESSAGE = (
    f"Your log holds {MAX_RUNS_PER_ATHLETE:,} runs, as many as one log can hold. "
    "Delete runs you no longer need to make room for new ones."
)


def starts_in_future(started_at: dt.datetime, *, now: dt.datetime | None = None) -> bool:
    return started_at > (now or timezone.now()) + FUTURE_SLACK


def lacks_distance(*, kind: str, distance_m: int) -> bool:
    return distance_m == 0 and kind not in Run.NOT_RUNNING


def log_is_full(athlete: Athlete) -> bool:
    return Run.objects.filter(athlete=athlete).count() >= MAX_RUNS_PER_ATHLETE


def validate_run(
    *,
    athlete: Athlete | None,
    started_at: dt.datetime | None,
    distance_m: int | None,
    duration_s: int | None,
    kind: str | None,
    is_new: bool,
) -> None:
    """The rules a run typed in obeys, for the form and the API alike.

    Raises `ValidationError` keyed by `Run` field (or `NON_FIELD_ERRORS` for a full log), so
    each caller can put a message beside its own input. A value the caller could not read is
    None and its rules are skipped; `athlete` is None while the API does not know the runner
    yet (a coach, who is refused before anything is saved).
    """
    errors: dict[str, list[str]] = {}
    if duration_s is not None:
        if duration_s <= 0:
            errors["duration_s"] = [NO_DURATION_MESSAGE]
        elif duration_s > MAX_RUN_DURATION_S:
            errors["duration_s"] = [TOO_LONG_MESSAGE]
    if distance_m is not None:
        if distance_m > MAX_RUN_DISTANCE_M:
            unit = athlete.units if athlete else "km"
            limit = units.format_distance(MAX_RUN_DISTANCE_M, unit, digits=0)
            errors["distance_m"] = [f"That is more than {limit}; check the unit."]
        elif kind and lacks_distance(kind=kind, distance_m=distance_m):
            errors["distance_m"] = [NO_DISTANCE_MESSAGE]
    if started_at is not None and starts_in_future(started_at):
        errors["started_at"] = [FUTURE_RUN_MESSAGE]
    elif started_at is not None and started_at < EARLIEST_START:
        errors["started_at"] = [TOO_EARLY_MESSAGE]
    if is_new and athlete is not None and log_is_full(athlete):
        errors[NON_FIELD_ERRORS] = [FULL_LOG_MESSAGE]
    if errors:
        raise ValidationError(errors)


@dataclasses.dataclass(frozen=True)
class RunWeek:
    """One training week of the log with its runs, newest first, and totals over the runs."""

    week_start: dt.date
    runs: list[Run]

    @property
    def running(self) -> list[Run]:
        return [run for run in self.runs if run.kind not in Run.NOT_RUNNING]

    @property
    def run_count(self) -> int:
        return len(self.running)

    @property
    def distance_m(self) -> int:
        return sum(run.distance_m for run in self.running)

    @property
    def duration_s(self) -> int:
        return sum(run.duration_s for run in self.running)

    @property
    def week_end(self) -> dt.date:
        return sunday_of(self.week_start)


@dataclasses.dataclass(frozen=True)
class LogPage:
    """`weeks` newest first; `older` / `newer` are the top weeks of the neighbouring pages."""

    weeks: list[RunWeek]
    older: dt.date | None
    newer: dt.date | None

    @property
    def has_runs(self) -> bool:
        return self.older is not None or any(week.runs for week in self.weeks)


def run_log_page(
    athlete: Athlete, *, top_week: dt.date | None = None, now: dt.datetime | None = None
) -> LogPage:
    """`WEEKS_PER_PAGE` weeks ending with `top_week` (default: this week), in two queries.

    The link to older weeks skips straight to the newest earlier week that has a run, so a
    long break (or an imported history from years ago) is one click away, not fifty.
    """
    this_week = athlete.week_start(now)
    top_week = min(top_week or this_week, this_week)
    top_week = monday_of(top_week)
    bottom_week = top_week - (WEEKS_PER_PAGE - 1) * WEEK
    start, _ = athlete.week_bounds(bottom_week)
    _, end = athlete.week_bounds(top_week)
    runs = list(
        athlete.runs.filter(started_at__gte=start, started_at__lt=end).order_by("-started_at")
    )
    by_week: dict[dt.date, list[Run]] = {}
    zone = athlete.zone
    for run in runs:
        local_day = run.started_at.astimezone(zone).date()
        by_week.setdefault(monday_of(local_day), []).append(run)
    weeks = [
        RunWeek(week_start=top_week - i * WEEK, runs=by_week.get(top_week - i * WEEK, []))
        for i in range(WEEKS_PER_PAGE)
    ]
    older_run = athlete.runs.filter(started_at__lt=start).order_by("-started_at").first()
    older = athlete.week_start(older_run.started_at) if older_run else None
    newer = min(top_week + WEEKS_PER_PAGE * WEEK, this_week) if top_week < this_week else None
    return LogPage(weeks=weeks, older=older, newer=newer)


def local_start(athlete: Athlete, *, day: dt.date, time: dt.time) -> dt.datetime:
    """The aware instant of a wall-clock start in the athlete's zone (stored as UTC).

    In the repeated hour of a DST change the earlier of the two instants is taken.
    """
    return dt.datetime.combine(day, time, tzinfo=athlete.zone).astimezone(dt.UTC)


def run_save(*, run: Run) -> Run:
    """Saves a run typed in (page or API) after the rules every such run obeys."""
    run.full_clean(exclude=["athlete"])
    validate_run(
        athlete=run.athlete,
        started_at=run.started_at,
        distance_m=run.distance_m,
        duration_s=run.duration_s,
        kind=run.kind,
        is_new=run._state.adding,
    )
    run.save()
    log_changed.send(sender=Run, athlete=run.athlete)
    return run


def run_delete(*, run: Run) -> None:
    run.delete()
    log_changed.send(sender=Run, athlete=run.athlete)


class RunCandidate(Protocol):
    """What an importer knows about one activity before it is a `Run` (read only)."""

    @property
    def started_at(self) -> dt.datetime: ...

    @property
    def distance_m(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...


Candidate = TypeVar("Candidate", bound=RunCandidate)


class _Logged(NamedTuple):
    started_at: dt.datetime
    distance_m: int
    fingerprint: str


def _is_same_run(a: RunCandidate, b: RunCandidate) -> bool:
    if abs(a.started_at - b.started_at) > DUPLICATE_START_WINDOW:
        return False
    longer = max(a.distance_m, b.distance_m)
    return longer == 0 or abs(a.distance_m - b.distance_m) <= DUPLICATE_DISTANCE_RATIO * longer


def _nearby(
    runs: Sequence[RunCandidate], starts: list[dt.datetime], candidate: RunCandidate
) -> Sequence[RunCandidate]:
    low = bisect.bisect_left(starts, candidate.started_at - DUPLICATE_START_WINDOW)
    high = bisect.bisect_right(starts, candidate.started_at + DUPLICATE_START_WINDOW)
    return runs[low:high]


def split_duplicates(
    athlete: Athlete, candidates: Iterable[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """(new, duplicates): a candidate is a duplicate of a run already in the log, or of an
    earlier candidate, when the fingerprints match or it starts within 2 minutes with a
    distance within 3 %. One query, however many candidates."""
    candidates = sorted(candidates, key=lambda c: c.started_at)
    if not candidates:
        return [], []
    window = Q(
        started_at__gte=candidates[0].started_at - DUPLICATE_START_WINDOW,
        started_at__lte=candidates[-1].started_at + DUPLICATE_START_WINDOW,
    )
    fingerprints = {c.fingerprint for c in candidates if c.fingerprint}
    logged = [
        _Logged(*row)
        for row in Run.objects.filter(
            Q(athlete=athlete), window | Q(source_fingerprint__in=fingerprints)
        )
        .order_by("started_at")
        .values_list("started_at", "distance_m", "source_fingerprint")
    ]
    known_fingerprints = {run.fingerprint for run in logged if run.fingerprint}
    logged_starts = [run.started_at for run in logged]
    new: list[Candidate] = []
    new_starts: list[dt.datetime] = []
    duplicates: list[Candidate] = []
    for candidate in candidates:
        nearby = [*_nearby(logged, logged_starts, candidate), *_nearby(new, new_starts, candidate)]
        if candidate.fingerprint in known_fingerprints or any(
            _is_same_run(candidate, other) for other in nearby
        ):
            duplicates.append(candidate)
            continue
        new.append(candidate)
        new_starts.append(candidate.started_at)
        if candidate.fingerprint:
            known_fingerprints.add(candidate.fingerprint)
    return new, duplicates
