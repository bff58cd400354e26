"""The calendar feed and its "new link" button.

The feed composes races (races/) with goal dates and milestones (goals/), so it lives here. A
runner's feed holds their races, the target dates of their open outcome and process goals, the
milestones under those goals, and their planned sessions from a fortnight back; a coach's feed
holds the races of every athlete currently on their roster. The link itself is signed in
races/tokens.py.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from icalendar import Event

from athletes.http import AuthenticatedHttpRequest
from athletes.models import Athlete, User
from checkins.models import PlannedSession
from goals.models import Goal, Milestone
from goals.smart.words import format_value
from races import calendar, tokens
from races.models import Race


def goal_event(goal: Goal, *, units: str) -> Event:
    assert goal.target_date is not None  # runner_events leaves undated goals out
    lines = [goal.get_level_display()]
    if goal.is_measurable:
        lines.append(
            f"Target: {format_value(goal.metric, goal.target_value, units)} "
            f"({goal.get_metric_display().lower()})"
        )
    if goal.why:
        lines.extend(["", goal.why])
    return calendar.all_day_event(
        uid=calendar.uid("goal", goal.pk),
        day=goal.target_date,
        summary=f"Goal: {goal.title}",
        description="\n".join(lines),
        changed_at=goal.updated_at,
    )


def milestone_event(milestone: Milestone, *, units: str) -> Event:
    goal = milestone.goal
    lines = [f"A milestone on the way to “{goal.title}”."]
    if milestone.target_value is not None and goal.metric:
        lines.append(f"Target: {format_value(goal.metric, milestone.target_value, units)}")
    if milestone.achieved_at:
        lines.append(f"Reached on {milestone.achieved_at:%-d %B %Y}.")
    return calendar.all_day_event(
        uid=calendar.uid("milestone", milestone.pk),
        day=milestone.target_date,
        summary=f"Milestone: {milestone.title}",
        description="\n".join(lines),
        changed_at=max(milestone.created_at, goal.updated_at),
    )


# Planned sessions are in the feed from this many days back (a calendar keeps what it was sent).
SESSIONS_SINCE_DAYS = 14


def runner_events(athlete: Athlete) -> list[Event]:
    units = athlete.units
    sessions = PlannedSession.objects.filter(
        athlete=athlete, day__gte=athlete.local_today() - dt.timedelta(days=SESSIONS_SINCE_DAYS)
    ).exclude(kind=PlannedSession.Kind.REST)
    goals = (
        Goal.objects.filter(athlete=athlete, level__in=[Goal.Level.OUTCOME, Goal.Level.PROCESS])
        .open()
        .exclude(target_date=None)
    )
    milestones = Milestone.objects.filter(
        goal__athlete=athlete, goal__status__in=Goal.OPEN_STATUSES
    ).select_related("goal")
    return [
        *(calendar.race_event(race, units=units) for race in Race.objects.filter(athlete=athlete)),
        *(goal_event(goal, units=units) for goal in goals),
        *(milestone_event(milestone, units=units) for milestone in milestones),
        *(calendar.session_event(session, units=units) for session in sessions),
    ]


def roster_race_events(user: User) -> list[Event]:
    races = Race.objects.coached_by(user).select_related("athlete__user")
    return [
        calendar.race_event(race, units=race.athlete.units, athlete_name=race.athlete.name)
        for race in races
    ]


def feed_events(user: User) -> list[Event]:
    """Everything in the user's calendar: their own season as a runner, their athletes' races
    as a coach (a person may be both)."""
    events = []
    if user.athlete_profile is not None:
        events += runner_events(user.athlete_profile)
    if user.coach_profile is not None:
        events += roster_race_events(user)
    return events


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics file a calendar app subscribes to. The signed token is the key: no login."""
    user = tokens.user_for_token(token)
    if user is None:
        raise Http404("This calendar link is not valid, or a newer one replaced it.")
    name = f"Runpath — {user.get_full_name() or user.email}"
    body = calendar.to_ics(calendar.new_calendar(name), feed_events(user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="runpath.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def new_link(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Replace the calendar link; the old one answers 404 from now on."""
    tokens.new_link(request.user)
    if request.htmx:
        # The same fragment the settings page includes, now showing the new link.
        return render(request, "races/partials/calendar_link.html")
    messages.success(request, "Your calendar has a new link; the old one no longer works.")
    return redirect(reverse("athletes:settings") + "#calendar")
