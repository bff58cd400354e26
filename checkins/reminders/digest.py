"""The coach's Monday digest: when it goes out (08:00 in the coach's zone, the Monday after the
week it is about) and what it says. It lists the runners with open (unhandled) attention flags,
as the one attention function of coaching/ decides them; coaching hands that function over as
`attention_source`, since checkins may not import coaching.
"""

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from athletes.measures import WEEK, monday_of
from athletes.models import Athlete, Coach
from checkins.emails import Digest, FlaggedAthlete
from checkins.reminders.moments import Kind, Outgoing, as_utc, in_window, logs_by_key, still_to_send

DIGEST_TIME = dt.time(8, 0)


class AttentionSource(Protocol):
    """Who needs their coach now, and why: for these athletes at `now`, each one's open
    (unhandled) flags as {"flag", "severity", "reason", …}, most severe first; athletes in
    triage order (most urgent first), those with no open flag left out. It reads a batch of
    athletes in a fixed number of queries."""

    def __call__(
        self, athletes: Sequence[Athlete], *, now: dt.datetime
    ) -> Mapping[int, Sequence[Mapping[str, Any]]]: ...


# Set by coaching.apps.CoachingConfig.ready() to the attention function's digest view, so the
# roster, the API and the digest tell a coach the same thing.
attention_source: AttentionSource | None = None


def digest_moment(coach: Coach, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The week the coach's latest digest is about, and when it goes out: Monday 08:00 in the
    coach's zone after that week."""
    zone = zoneinfo.ZoneInfo(coach.time_zone)
    today = now.astimezone(zone).date()
    this_monday = monday_of(today)
    return this_monday - WEEK, as_utc(this_monday, DIGEST_TIME, zone)


def due_digests(now: dt.datetime) -> list[Outgoing]:
    """Coach digests whose Monday 08:00 has come, with what each has to say."""
    coaches = (
        Coach.objects.filter(email_digest=True, user__is_active=True)
        .select_related("user")
        .only("time_zone", "created_at", "user__email", "user__full_name")
    )
    candidates = []
    for coach in coaches:
        week_start, moment = digest_moment(coach, now)
        if in_window(moment, now) and moment >= coach.created_at:
            candidates.append(
                Outgoing(
                    kind=Kind.COACH_DIGEST,
                    recipient_id=coach.user_id,
                    email=coach.user.email,
                    week_start=week_start,
                    moment=moment,
                    digest=Digest(coach=coach, week_start=week_start),
                )
            )
    if not candidates:
        return []
    logs = logs_by_key([Kind.COACH_DIGEST], {item.week_start for item in candidates})
    due = list(still_to_send(candidates, logs))
    _fill_digests([item.digest for item in due if item.digest is not None], now=now)
    return due


def _fill_digests(digests: list[Digest], *, now: dt.datetime) -> None:
    """Every due digest's flagged runners, most urgent first: one query for the runners, then
    the attention source's fixed few, however many coaches and runners."""
    by_coach = {digest.coach.pk: digest for digest in digests}
    if not by_coach:
        return
    if attention_source is None:
        raise ImproperlyConfigured(
            "checkins.reminders.digest.attention_source is not set: coaching sets it when it is ready."
        )
    athletes = {
        athlete.pk: athlete
        for athlete in Athlete.objects.filter(coach_id__in=by_coach).select_related("user")
    }
    for athlete_id, flags in attention_source(list(athletes.values()), now=now).items():
        athlete = athletes[athlete_id]
        assert athlete.coach_id is not None  # only coached runners were loaded
        by_coach[athlete.coach_id].flagged.append(
            FlaggedAthlete(athlete=athlete, reasons=[flag["reason"] for flag in flags])
        )
