"""Races and planned sessions as iCalendar events (RFC 5545), built with the `icalendar` package.

Every event is all-day (a race is on a date, not at an hour we know), and its UID is made of
what it is and its primary key (`race-12@runpath`), so a calendar app that fetches the feed
again updates the event instead of adding a second one.
"""

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event, vDuration

from athletes.units import format_distance, format_duration
from checkins.models import PlannedSession
from checkins.workout_steps import Repeat, Step, parse_steps
from races.models import Race

PRODUCT_ID = "-//Runpath//Runpath calendar//EN"
UID_DOMAIN = "runpath"
# How often calendar apps that honour the hint fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=6)


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return calendar


def all_day_event(
    *,
    uid: str,
    day: dt.date,
    summary: str,
    description: str,
    changed_at: dt.datetime,
    location: str = "",
    url: str = "",
) -> Event:
    """One all-day event. DTSTAMP is when the row last changed, so an unchanged event reads the
    same on every fetch."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", changed_at)
    event.add("last-modified", changed_at)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def race_description(race: Race, *, units: str) -> str:
    lines = [
        race.get_priority_display(),
        f"Distance: {race.distance_name} ({format_distance(race.distance_m, units, digits=2)})",
    ]
    if race.target_time_s:
        lines.append(f"Target: {format_duration(race.target_time_s)}")
    if race.status == Race.Status.COMPLETED and race.result_time_s:
        lines.append(f"Result: {format_duration(race.result_time_s)}")
    elif race.status != Race.Status.PLANNED:
        lines.append(race.get_status_display())
    if race.notes:
        lines.extend(["", race.notes])
    return "\n".join(lines)


def race_event(race: Race, *, units: str, athlete_name: str = "") -> Event:
    """A race on its day: "City Marathon (A race, Marathon)", with the runner's name first in a
    coach's calendar."""
    summary = f"{race.name} ({race.priority} race, {race.distance_name})"
    if race.status == Race.Status.DNS:
        summary += " — did not start"
    return all_day_event(
        uid=uid("race", race.pk),
        day=race.date,
        summary=f"{athlete_name}: {summary}" if athlete_name else summary,
        description=race_description(race, units=units),
        changed_at=race.updated_at,
        location=race.location,
        url=race.link,
    )


def session_target(session: PlannedSession, *, units: str) -> str:
    """ "8.0 km", "45:00" or "8.0 km · 45:00"."""
    parts = []
    if session.distance_m:
        parts.append(format_distance(session.distance_m, units))
    if session.duration_s:
        parts.append(format_duration(session.duration_s))
    return " · ".join(parts)


def step_line(step: Step, *, units: str) -> str:
    line = step.name
    if step.distance_m:
        line += f" {format_distance(step.distance_m, units)}"
    if step.duration_s:
        line += f" {format_duration(step.duration_s)}"
    if step.pace_s_per_km:
        line += f" at {format_duration(step.pace_s_per_km)} a km"
    elif step.rpe:
        line += f" at RPE {step.rpe}"
    return line


def session_event(session: PlannedSession, *, units: str) -> Event:
    """A planned session on its day: "Tempo 8.0 km", its steps and notes in the description."""
    lines = []
    for item in parse_steps(session.steps):
        if isinstance(item, Repeat):
            inner = ", ".join(step_line(step, units=units) for step in item.steps)
            lines.append(f"{item.times} × ({inner})")
        else:
            lines.append(step_line(item, units=units))
    if session.is_maintenance:
        lines.append(f"Maintenance run in place of a {session.swapped_from_kind} session.")
    if session.notes:
        lines.extend(["", session.notes])
    return all_day_event(
        uid=uid("session", session.pk),
        day=session.day,
        summary=f"{session.get_kind_display()} {session_target(session, units=units)}".strip(),
        description="\n".join(lines),
        changed_at=session.updated_at,
    )


def to_ics(calendar: Calendar, events: Iterable[Event]) -> bytes:
    for event in events:
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
