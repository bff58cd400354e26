"""People take their data with them: everything about one person as a zip of JSON and a runs
CSV, and a coach's roster as CSV.

It spans every app (athletes, checkins, races, goals, coaching), so it lives here, on top. Each
kind of row is read in one query, so an export costs the same number of queries at 10 runs as
at 50,000.

Every CSV cell a person typed goes through `csv_safe`: a spreadsheet treats a cell starting with
`=`, `+`, `-` or `@` as a formula (OWASP "CSV injection"), so such a cell gets a leading `'`.
"""

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from athletes.models import Athlete, BusyPeriod, Coach, Invitation, Squad, User
from checkins.models import Comment, ImportFile, PlannedSession, Run, Setback, WeeklyReview
from coaching import roster
from goals.models import Benchmark, Goal, GoalChange, Milestone
from races.models import PersonalBest, Race

EXPORT_VERSION = 1
# Cells a spreadsheet would run as a formula; tab and carriage return too, as OWASP advises.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Keys that would only repeat the person the whole file is about, or are internal bookkeeping.
LEFT_OUT = {"athlete", "version"}
# Who else wrote a row (a coach who set a goal, a race…) is named, not given as a bare id.
PEOPLE_FIELDS = ("created_by", "updated_by", "changed_by")

RUN_COLUMNS = [
    "started_at",
    "local_date",
    "kind",
    "distance_m",
    "duration_s",
    "rpe",
    "source",
    "notes",
]
ROSTER_COLUMNS = [
    "name",
    "email",
    "squad",
    "coached_since",
    "last_review_submitted",
    "this_week_review",
    "streak_weeks",
    "needs_attention",
]


def csv_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs: text starting like a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


def _rows(queryset: QuerySet[Any], *, people: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """A queryset's rows as plain dicts of their own columns, in one query."""
    model: type[Model] = queryset.model
    columns = [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in LEFT_OUT and field.name not in PEOPLE_FIELDS
    ]
    wanted = [field for field in PEOPLE_FIELDS if any(f.name == field for f in model._meta.fields)]
    rows = []
    for row in queryset.values(*columns, *(f"{field}__full_name" for field in wanted)):
        for field in wanted:
            row[field] = row.pop(f"{field}__full_name")
        rows.append(row)
    return rows


def _user_profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _athlete_data(athlete: Athlete, *, user: User) -> dict[str, Any]:
    comments = Comment.objects.filter(review__athlete=athlete).select_related("author")
    return {
        "athlete_profile": {
            **{field: getattr(athlete, field) for field in Athlete.SETTINGS_FIELDS},
            "coach": athlete.coach.user.full_name if athlete.coach else None,
            "squad": athlete.squad.name if athlete.squad else None,
            "coached_since": athlete.coached_since,
            "created_at": athlete.created_at,
        },
        "runs": _rows(Run.objects.filter(athlete=athlete).order_by("started_at")),
        "reviews": _rows(WeeklyReview.objects.filter(athlete=athlete).order_by("week_start")),
        "comments": [
            {
                "id": comment.pk,
                "review": comment.review_id,
                "author": "you" if comment.author_id == user.pk else comment.author_name,
                "body": comment.body,
                "created_at": comment.created_at,
                "read_at": comment.read_at,
            }
            for comment in comments.order_by("created_at", "pk")
        ],
        "goals": _rows(Goal.objects.filter(athlete=athlete).order_by("pk")),
        "milestones": _rows(Milestone.objects.filter(goal__athlete=athlete).order_by("pk")),
        "goal_changes": _rows(GoalChange.objects.filter(goal__athlete=athlete).order_by("pk")),
        "benchmarks": _rows(Benchmark.objects.filter(athlete=athlete).order_by("date", "pk")),
        "races": _rows(Race.objects.filter(athlete=athlete).order_by("date", "pk")),
        "personal_bests": _rows(PersonalBest.objects.filter(athlete=athlete)),
        "setbacks": _rows(Setback.objects.filter(athlete=athlete).order_by("start", "pk")),
        "planned_sessions": _rows(
            PlannedSession.objects.filter(athlete=athlete).order_by("day", "pk")
        ),
        "busy_periods": _rows(BusyPeriod.objects.filter(athlete=athlete).order_by("start")),
        # Each uploaded file and what became of it; the bytes of one still waiting are not
        # repeated (the runs it held are in "runs" once imported).
        "imported_files": [
            {
                "upload": row["job_id"],
                "uploaded_at": row["job__created_at"],
                "file": row["name"],
                "size": row["size"],
                "outcome": row["outcome"],
            }
            for row in ImportFile.objects.filter(job__athlete=athlete)
            .order_by("job__created_at", "job_id", "position")
            .values("job_id", "job__created_at", "name", "size", "outcome")
        ],
    }


def _coach_data(coach: Coach, *, user: User) -> dict[str, Any]:
    """What the coach wrote themself. Their runners' logs are the runners' to export."""
    return {
        "coach_profile": {
            "time_zone": coach.time_zone,
            "email_digest": coach.email_digest,
            "created_at": coach.created_at,
        },
        "squads": _rows(Squad.objects.filter(coach=coach).order_by("name")),
        "invitations": list(
            Invitation.objects.filter(coach=coach)
            .order_by("created_at")
            .values("email", "created_at", "expires_at", "accepted_at", "revoked_at")
        ),
        "comments_written": list(
            Comment.objects.filter(author=user)
            .order_by("created_at", "pk")
            .values("review__athlete__user__full_name", "review__week_start", "body", "created_at")
        ),
    }


def person_data(user: User, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything Runpath holds about `user`, ready for JSON."""
    data: dict[str, Any] = {
        "export_version": EXPORT_VERSION,
        "exported_at": now or timezone.now(),
        "units": {"distance": "metres", "duration": "seconds", "instants": "UTC, ISO 8601"},
        "profile": _user_profile(user),
    }
    if (athlete := user.athlete_profile) is not None:
        data |= _athlete_data(athlete, user=user)
    if (coach := user.coach_profile) is not None:
        data |= _coach_data(coach, user=user)
    return data


def runs_csv(athlete: Athlete) -> str:
    runs = Run.objects.filter(athlete=athlete).order_by("started_at")
    zone = athlete.zone
    return csv_text(
        RUN_COLUMNS,
        (
            [
                run.started_at.isoformat(),
                run.started_at.astimezone(zone).date().isoformat(),
                run.kind,
                run.distance_m,
                run.duration_s,
                run.rpe,
                run.source,
                run.notes,
            ]
            for run in runs.only(*RUN_COLUMNS[:1], *RUN_COLUMNS[2:]).iterator()
        ),
    )


def export_zip(user: User, *, now: dt.datetime | None = None) -> bytes:
    """The person's data as a zip, built in memory: data.json, and runs.csv for a runner."""
    now = now or timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(person_data(user, now=now), cls=DjangoJSONEncoder, indent=2),
        )
        if (athlete := user.athlete_profile) is not None:
            archive.writestr("runs.csv", runs_csv(athlete))
    return buffer.getvalue()


def export_filename(now: dt.datetime | None = None) -> str:
    return f"runpath-data-{(now or timezone.now()):%Y-%m-%d}.zip"


def roster_csv(coach: Coach, *, user: User, now: dt.datetime | None = None) -> str:
    """The coach's current athletes, one row each, with what the roster page shows."""
    now = now or timezone.now()
    athletes = Athlete.objects.visible_to(user).on_roster_of(coach)
    roster.refresh_stale(athletes, now=now)
    rows = []
    for athlete in athletes.select_related("user", "squad", "standing").order_by(
        "user__full_name", "pk"
    ):
        standing = getattr(athlete, "standing", None)
        rows.append(
            [
                athlete.user.full_name,
                athlete.user.email,
                athlete.squad.name if athlete.squad else "",
                athlete.coached_since.date().isoformat() if athlete.coached_since else "",
                standing.last_submitted.isoformat() if standing and standing.last_submitted else "",
                standing.review_state if standing else "",
                standing.streak if standing else 0,
                "; ".join(flag["reason"] for flag in standing.open_flags) if standing else "",
            ]
        )
    return csv_text(ROSTER_COLUMNS, rows)


def roster_filename(now: dt.datetime | None = None) -> str:
    return f"runpath-roster-{(now or timezone.now()):%Y-%m-%d}.csv"
