"""Demo data for `seed_demo`: sixteen weeks of believable runs for every demo runner."""

import dataclasses
import datetime as dt
import random

from django.utils import timezone

from athletes.measures import monday_of
from athletes.models import Athlete
from checkins.models import Comment, Run, Setback, WeeklyReview
from checkins.reviews.weeks import run_totals
from checkins.runs import local_start

DEMO_WEEKS = 16
DEMO_FINGERPRINT_PREFIX = "demo:"
# Runner2 hurt a calf and ran nothing in these weeks (counted back from the current week).
INJURED_WEEKS_AGO = {"runner2@example.com": (7, 6)}
# Paces stay inside 4:30–7:00 /km, with a few seconds to spare for rounding.
FASTEST_PACE_S_PER_KM = 275
SLOWEST_PACE_S_PER_KM = 415


@dataclasses.dataclass(frozen=True)
class Plan:
    """A week of training for one experience level; days are 0 = Monday."""

    days: tuple[tuple[int, Run.Kind], ...]  # (weekday, kind)
    start_km: float  # weekly distance sixteen weeks ago
    easy_pace: int  # seconds per km
    long_share: float  # of the week's distance


PLANS: dict[str, Plan] = {
    Athlete.Experience.BEGINNER: Plan(
        days=((1, Run.Kind.EASY), (3, Run.Kind.EASY), (6, Run.Kind.LONG)),
        start_km=12,
        easy_pace=400,
        long_share=0.4,
    ),
    Athlete.Experience.INTERMEDIATE: Plan(
        days=((1, Run.Kind.EASY), (3, Run.Kind.TEMPO), (5, Run.Kind.EASY), (6, Run.Kind.LONG)),
        start_km=28,
        easy_pace=345,
        long_share=0.35,
    ),
    Athlete.Experience.ADVANCED: Plan(
        days=(
            (0, Run.Kind.RECOVERY),
            (1, Run.Kind.TEMPO),
            (3, Run.Kind.INTERVALS),
            (5, Run.Kind.EASY),
            (6, Run.Kind.LONG),
        ),
        start_km=45,
        easy_pace=305,
        long_share=0.3,
    ),
}
# Seconds per km relative to the plan's easy pace.
PACE_OFFSET = {
    Run.Kind.RECOVERY: 25,
    Run.Kind.LONG: 15,
    Run.Kind.TEMPO: -45,
    Run.Kind.INTERVALS: -35,
}
NOTES = {
    Run.Kind.LONG: [
        "Kept it conversational",
        "Tired legs in the last 3 km",
        "Lovely route by the river",
    ],
    Run.Kind.TEMPO: ["Held the pace well", "Windy on the way back", "Strong finish"],
    Run.Kind.INTERVALS: ["6 × 800 m", "5 × 1 km off 90 s jog"],
}


def _weekly_km(plan: Plan, week_index: int) -> float:
    """A gradual build, about 3 % a week, with every fourth week a cut-back week."""
    km = plan.start_km * 1.03**week_index
    return km * 0.75 if week_index % 4 == 3 else km


def _week_of_runs(
    athlete: Athlete, plan: Plan, *, monday: dt.date, week_index: int, rng: random.Random
) -> list[Run]:
    weekly_km = _weekly_km(plan, week_index)
    long_km = weekly_km * plan.long_share
    other_km = (weekly_km - long_km) / (len(plan.days) - 1)
    evening = rng.random() < 0.4
    # Life happens: about one week in four a run is skipped, never the long run and never
    # below three runs a week.
    skipped = (
        rng.randrange(len(plan.days) - 1) if len(plan.days) > 3 and rng.random() < 0.25 else None
    )
    runs = []
    for index, (weekday, kind) in enumerate(plan.days):
        if index == skipped:
            continue
        km = (long_km if kind == Run.Kind.LONG else other_km) * rng.uniform(0.9, 1.1)
        metres = 10 * round(km * 100)
        pace = plan.easy_pace + PACE_OFFSET.get(kind, 0) + rng.randint(-8, 8)
        pace = min(max(pace, FASTEST_PACE_S_PER_KM), SLOWEST_PACE_S_PER_KM)
        if kind == Run.Kind.LONG or weekday >= 5:
            clock = dt.time(8, rng.choice([0, 15, 30, 45]))
        else:
            clock = dt.time(18 if evening else 6, rng.choice([15, 30, 45]))
        day = monday + dt.timedelta(days=weekday)
        runs.append(
            Run(
                athlete=athlete,
                started_at=local_start(athlete, day=day, time=clock),
                distance_m=metres,
                duration_s=round(metres * pace / 1000),
                kind=kind,
                rpe={Run.Kind.TEMPO: 7, Run.Kind.INTERVALS: 8, Run.Kind.LONG: 6}.get(kind, 3)
                + rng.choice([-1, 0, 0, 1]),
                notes=rng.choice(NOTES.get(kind, [""]) + [""]),
                source_fingerprint=f"{DEMO_FINGERPRINT_PREFIX}{day.isoformat()}:{weekday}",
            )
        )
    return runs


def seed_runs(athletes: list[Athlete], *, today: dt.date) -> int:
    """Sixteen weeks up to yesterday for each athlete who has no demo runs yet; returns how
    many runs were created. The same people on the same day always get the same runs."""
    seeded = set(
        Run.objects.filter(
            athlete__in=athletes, source_fingerprint__startswith=DEMO_FINGERPRINT_PREFIX
        ).values_list("athlete_id", flat=True)
    )
    now = timezone.now()
    new_runs = []
    for athlete in athletes:
        if athlete.pk in seeded:
            continue
        rng = random.Random(f"runpath-demo-runs-{athlete.user.email}")
        plan = PLANS[athlete.experience]
        injured = INJURED_WEEKS_AGO.get(athlete.user.email, ())
        this_monday = monday_of(today)
        for weeks_ago in range(DEMO_WEEKS - 1, -1, -1):
            week = _week_of_runs(
                athlete,
                plan,
                monday=this_monday - dt.timedelta(weeks=weeks_ago),
                week_index=DEMO_WEEKS - 1 - weeks_ago,
                rng=rng,
            )
            if weeks_ago in injured:
                continue
            new_runs += [
                run
                for run in week
                if run.started_at.astimezone(athlete.zone).date() < today and run.started_at < now
            ]
    Run.objects.bulk_create(new_runs)
    return len(new_runs)


# --- Weekly reviews and the coach's comments ---------------------------------------------

# Weeks (counted back from the current week) a runner left without a review.
MISSED_WEEKS_AGO = {
    "runner3@example.com": (9,),
    "runner5@example.com": (5, 11),
    "runner6@example.com": (1,),
    "runner9@example.com": (3,),
    "runner10@example.com": (8,),
}
MAINTENANCE_WEEKS_AGO = {"runner1@example.com": (4, "Work trip to Lisbon: kept it to easy runs")}
WINS = [
    "Finished the long run feeling strong, negative split the last 3 km.",
    "Got out the door on Thursday even though it was pouring.",
    "Tempo felt controlled for the first time — breathing stayed steady.",
    "Slept 8 hours four nights in a row.",
    "Ran the hill on the canal loop without walking.",
    "Kept the easy runs genuinely easy, heart rate under 150.",
    "Parkrun with my sister, chatted the whole way round.",
    "Stretched after every run this week.",
]
SETBACKS = [
    "Skipped Tuesday: work ran late and I was shattered.",
    "Legs heavy on the long run, probably from Saturday's football.",
    "Ate badly midweek and felt it on the tempo.",
    "Bit of tightness in the left hamstring, eased off.",
    "Only two good nights of sleep.",
    "",
    "",
]
PLANS_NEXT = [
    "Same structure, add 1 km to the long run.",
    "Cut-back week: shorter long run, keep the tempo.",
    "Get to bed by 22:30 on weeknights.",
    "Move the Thursday run to the morning before work.",
    "Try the intervals session at the track with the club.",
]
COACH_COMMENTS = [
    "Great consistency this week — this is exactly how fitness builds.",
    "Love the negative split. Keep the first half of long runs honest.",
    "Let's keep an eye on that hamstring: easy only until it's quiet.",
    "Good call backing off. One quiet week costs nothing.",
    "Sleep is training too — well done on the early nights.",
    "How did the tempo feel in the last 10 minutes?",
]
RUNNER_REPLIES = ["Thanks! Will do.", "Felt hard but in control.", "Noted — easy it is."]
# bulk_update writes one UPDATE … SET x = CASE WHEN pk = … per batch, and every row walks the
# whole CASE: unbatched, the reviews of 3,000 runners made one UPDATE that ran for 40 minutes.
UPDATE_BATCH = 500
# Runners whose newest review carries a question the coach has not read yet, so the roster's
# unread badge has something true to show.
ASKS_THEIR_COACH = {
    "runner3@example.com": "My left calf felt tight on the long run. Should I swap Tuesday's "
    "intervals for an easy run?",
}


def _sunday_evening(athlete: Athlete, monday: dt.date, rng: random.Random) -> dt.datetime:
    return local_start(
        athlete,
        day=monday + dt.timedelta(days=6),
        time=dt.time(rng.choice([18, 19, 20, 21]), rng.choice([5, 20, 40])),
    )


def _demo_review(
    athlete: Athlete, *, monday: dt.date, weeks_ago: int, injured: bool, rng: random.Random
) -> WeeklyReview:
    totals = run_totals(athlete, monday)
    maintenance = MAINTENANCE_WEEKS_AGO.get(athlete.user.email)
    is_maintenance = maintenance is not None and maintenance[0] == weeks_ago
    mood = rng.choice([3, 4, 4, 4, 5]) - (2 if injured else 0)
    review = WeeklyReview(
        athlete=athlete,
        week_start=monday,
        status=WeeklyReview.Status.SUBMITTED,
        runs_planned=max(totals["runs_done"], 3) + (1 if rng.random() < 0.3 else 0),
        **totals,
        good_sleep_nights=rng.randint(2, 7),
        energy=min(5, max(1, mood + rng.choice([-1, 0, 0, 1]))),
        motivation=max(1, mood),
        injured=injured,
        injury_note="Calf strain on the Tuesday run; physio says two weeks off running."
        if injured
        else "",
        wins="Did the physio exercises every day." if injured else rng.choice(WINS),
        setbacks="Couldn't run at all." if injured else rng.choice(SETBACKS),
        next_week_plan="Walk daily, test the calf with 10 minutes easy on Sunday."
        if injured
        else rng.choice(PLANS_NEXT),
        maintenance_week=is_maintenance,
        maintenance_reason=maintenance[1] if maintenance and is_maintenance else "",
    )
    review.submitted_at = _sunday_evening(athlete, monday, rng)
    if weeks_ago >= 2 and rng.random() < 0.12:
        # Now and then a review comes in midweek after: late, but done.
        review.submitted_at += dt.timedelta(days=3)
        review.submitted_late = True
    if weeks_ago == 0:
        # This week's review is still being written by most runners.
        review.status = WeeklyReview.Status.DRAFT
        review.submitted_at = None
    return review


def seed_reviews(athletes: list[Athlete], *, today: dt.date) -> int:
    """Sixteen weeks of reviews for each athlete who has none yet, with their coach's comments;
    returns how many reviews were created. Deterministic for the same people and day."""
    seeded = set(
        WeeklyReview.objects.filter(athlete__in=athletes).values_list("athlete_id", flat=True)
    )
    now = timezone.now()
    new_reviews: list[WeeklyReview] = []
    for athlete in athletes:
        if athlete.pk in seeded:
            continue
        rng = random.Random(f"runpath-demo-reviews-{athlete.user.email}")
        this_monday = athlete.week_start(now)
        missed = MISSED_WEEKS_AGO.get(athlete.user.email, ())
        injured = INJURED_WEEKS_AGO.get(athlete.user.email, ())
        for weeks_ago in range(DEMO_WEEKS - 1, -1, -1):
            if weeks_ago in missed or (weeks_ago == 0 and rng.random() < 0.5):
                continue
            monday = this_monday - dt.timedelta(weeks=weeks_ago)
            review = _demo_review(
                athlete, monday=monday, weeks_ago=weeks_ago, injured=weeks_ago in injured, rng=rng
            )
            if review.submitted_at and review.submitted_at > now:
                review.status, review.submitted_at, review.submitted_late = "draft", None, False
            if weeks_ago == max(injured, default=-1):
                # The first injured week was written but never sent: it pauses the streak.
                review.status, review.submitted_at = WeeklyReview.Status.DRAFT, None
            new_reviews.append(review)
    WeeklyReview.objects.bulk_create(new_reviews)
    _seed_comments([r for r in new_reviews if r.status == WeeklyReview.Status.SUBMITTED], now=now)
    return len(new_reviews)


def _seed_comments(submitted: list[WeeklyReview], *, now: dt.datetime) -> None:
    """The coach answers about one review in three; the newest answer is still unread. Some
    runners have just asked their coach something, not yet read or answered."""
    comments: list[Comment] = []
    times: list[dt.datetime] = []
    newest = {review.athlete_id: review for review in sorted(submitted, key=lambda r: r.week_start)}
    for review in submitted:
        athlete = review.athlete
        if athlete.coach is None or review.submitted_at is None:
            continue
        question = ASKS_THEIR_COACH.get(athlete.user.email)
        asked = review.submitted_at + dt.timedelta(hours=1)
        if question and newest[athlete.pk] is review and asked < now:
            review.coach_read_at = None
            comments.append(Comment(review=review, author=athlete.user, body=question))
            times.append(asked)
            continue
        rng = random.Random(f"runpath-demo-comments-{athlete.user.email}-{review.week_start}")
        recent = review.week_start >= athlete.week_start(now) - dt.timedelta(weeks=2)
        review.coach_read_at = None if recent and rng.random() < 0.5 else review.submitted_at
        if review.injured or rng.random() < 0.35:
            said = review.submitted_at + dt.timedelta(hours=rng.randint(10, 30))
            if said >= now:
                continue
            body = COACH_COMMENTS[2] if review.injured else rng.choice(COACH_COMMENTS)
            comments.append(
                Comment(
                    review=review,
                    author=athlete.coach.user,
                    body=body,
                    read_at=None if recent else said + dt.timedelta(hours=3),
                )
            )
            times.append(said)
            if not recent and rng.random() < 0.5:
                replied = said + dt.timedelta(hours=4)
                comments.append(
                    Comment(
                        review=review,
                        author=athlete.user,
                        body=rng.choice(RUNNER_REPLIES),
                        read_at=replied + dt.timedelta(hours=2),
                    )
                )
                times.append(replied)
    WeeklyReview.objects.bulk_update(submitted, ["coach_read_at"], batch_size=UPDATE_BATCH)
    Comment.objects.bulk_create(comments, batch_size=UPDATE_BATCH)
    # `created_at` is stamped on insert; the thread reads better with the real times.
    for comment, said in zip(comments, times, strict=True):
        comment.created_at = said
    Comment.objects.bulk_update(comments, ["created_at"], batch_size=UPDATE_BATCH)


# --- Setbacks and a load spike, so the coach's triage list has something true to show ------

# Runner7 doubled up this week (a running holiday): the load spike the triage list shows.
SPIKE_RUNNER = "runner7@example.com"
SPIKE_RUNS = ((1, 70), (2, 80), (3, 75), (4, 90))  # (days ago, minutes) at RPE 6
# Runner6 is down with a chest infection, since three days ago.
ILL_RUNNER = "runner6@example.com"


def seed_setbacks(athletes: list[Athlete], *, today: dt.date) -> int:
    """Runner2's calf injury of weeks 7–6 ago (over) and runner6's illness (open); returns how
    many were created. Idempotent: a runner with any setback is left alone."""
    by_email = {athlete.user.email: athlete for athlete in athletes}
    has_setbacks = set(
        Setback.objects.filter(athlete__in=athletes).values_list("athlete_id", flat=True)
    )
    this_monday = monday_of(today)
    wanted = []
    for email, weeks in INJURED_WEEKS_AGO.items():
        athlete = by_email.get(email)
        if athlete is not None and athlete.pk not in has_setbacks:
            wanted.append(
                Setback(
                    athlete=athlete,
                    kind=Setback.Kind.INJURY,
                    start=this_monday - dt.timedelta(weeks=max(weeks)),
                    end=this_monday - dt.timedelta(weeks=min(weeks) - 1),
                    severity=Setback.Severity.SEVERE,
                    body_part="calf",
                    note="Strained it on the hill reps; physio said two weeks off.",
                    created_by=athlete.user,
                )
            )
    ill = by_email.get(ILL_RUNNER)
    if ill is not None and ill.pk not in has_setbacks:
        wanted.append(
            Setback(
                athlete=ill,
                kind=Setback.Kind.ILLNESS,
                start=today - dt.timedelta(days=3),
                severity=Setback.Severity.MODERATE,
                note="Chest infection, on antibiotics.",
                created_by=ill.user,
            )
        )
    Setback.objects.bulk_create(wanted)
    return len(wanted)


def seed_load_spike(athletes: list[Athlete], *, today: dt.date) -> int:
    athlete = next((a for a in athletes if a.user.email == SPIKE_RUNNER), None)
    if athlete is None:
        return 0
    runs = [
        Run(
            athlete=athlete,
            started_at=local_start(
                athlete, day=today - dt.timedelta(days=days_ago), time=dt.time(17, 30)
            ),
            distance_m=round(minutes * 60 / 330 * 1000, -1),
            duration_s=minutes * 60,
            kind=Run.Kind.EASY,
            rpe=6,
            notes="Running holiday: second run of the day",
            source_fingerprint=f"{DEMO_FINGERPRINT_PREFIX}spike:{days_ago}",
        )
        for days_ago, minutes in SPIKE_RUNS
    ]
    return len(Run.objects.bulk_create(runs, ignore_conflicts=True))
