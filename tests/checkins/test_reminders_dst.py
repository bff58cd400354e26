"""Daylight-saving changes: the reminder and digest moments across every transition, and one
full week of 15-minute sweeps per zone sending every e-mail once, on time.

A reminder set inside the hour a spring-forward change skips is read with fold=0, the offset in
force before the change (01:30 on 28 March in London goes out at 01:30 UTC, which the clocks
show as 02:30 BST). One set inside the repeated autumn hour goes out at its first occurrence.
"""

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.core import mail

from athletes.measures import WEEK
from athletes.models import Athlete, Coach
from checkins.models import ReminderLog, Setback
from checkins.reminders import sending
from checkins.reminders.digest import digest_moment
from checkins.reminders.moments import as_utc, reminder_moment
from tests.checkins.reminder_helpers import at, coach, runner

QUARTER = dt.timedelta(minutes=15)
MINUTE = dt.timedelta(minutes=1)
REMINDER = ReminderLog.Kind.REVIEW_REMINDER
NUDGE = ReminderLog.Kind.REVIEW_NUDGE
DIGEST = ReminderLog.Kind.COACH_DIGEST

# (zone, the Sunday the clocks change, a reminder time inside the skipped or repeated hour,
#  the instant that reminder goes out), worked out by hand
DST_WEEKS = [
    ("Europe/London", "2027-03-28", dt.time(1, 30), "2027-03-28T01:30Z"),  # skipped hour
    ("Europe/London", "2027-10-31", dt.time(1, 30), "2027-10-31T00:30Z"),  # repeated hour
    ("America/New_York", "2027-03-14", dt.time(2, 30), "2027-03-14T07:30Z"),
    ("America/New_York", "2027-11-07", dt.time(1, 30), "2027-11-07T05:30Z"),
    ("Australia/Sydney", "2027-04-04", dt.time(2, 30), "2027-04-03T15:30Z"),
    ("Australia/Sydney", "2027-10-03", dt.time(2, 30), "2027-10-02T16:30Z"),
    ("Pacific/Auckland", "2027-04-04", dt.time(2, 30), "2027-04-03T13:30Z"),
    ("Pacific/Auckland", "2027-09-26", dt.time(2, 30), "2027-09-25T14:30Z"),
    ("Asia/Kolkata", "2027-03-28", dt.time(2, 30), "2027-03-27T21:00Z"),  # +05:30, no DST
]
# One full week of sweeps per zone, skipped and repeated hours both among them.
SWEEP_WEEKS = [DST_WEEKS[0], DST_WEEKS[3], DST_WEEKS[5], DST_WEEKS[6], DST_WEEKS[8]]
# Zones whose clocks change at other hours and by other amounts: Chatham by 45 minutes at
# 02:45, Santiago at midnight (a Saturday's 24:00), Lord Howe by half an hour.
TRANSITION_ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
]


def transitions(zone: zoneinfo.ZoneInfo, years: range) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Every instant (UTC, to the minute) the zone's offset changes in `years`, with the change."""

    def offset_at(moment: dt.datetime) -> dt.timedelta:
        return moment.astimezone(zone).utcoffset() or dt.timedelta(0)

    found = []
    step = dt.timedelta(hours=1)
    instant = dt.datetime(years.start, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(years.stop, 1, 1, tzinfo=dt.UTC)
    offset = offset_at(instant)
    while instant < end:
        later = offset_at(instant + step)
        if later != offset:
            change = instant
            while offset_at(change) == offset:
                change += MINUTE
            found.append((change, later - offset))
            offset = later
        instant += step
    return found


def wall_clock(instant: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%A %H:%M")


def athlete_in(zone_name: str, weekday: int, time: dt.time) -> Athlete:
    return Athlete(time_zone=zone_name, reminder_weekday=weekday, reminder_time=time)


@pytest.mark.parametrize(
    ("zone_name", "change_day", "odd_time", "odd_instant"),
    DST_WEEKS,
    ids=[f"{zone}-{day}" for zone, day, _, _ in DST_WEEKS],
)
def test_a_reminder_inside_the_changing_hour_goes_out_at_the_instant_worked_out_by_hand(
    zone_name, change_day, odd_time, odd_instant
):
    sunday = dt.date.fromisoformat(change_day)
    week = sunday - dt.timedelta(days=6)
    athlete = athlete_in(zone_name, 6, odd_time)
    assert reminder_moment(athlete, week) == at(odd_instant)


@pytest.mark.parametrize("zone_name", TRANSITION_ZONES)
def test_every_transition_of_five_years_keeps_reminders_and_digests_on_the_wall_clock(zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    changes = transitions(zone, range(2026, 2031))
    assert len(changes) == 10  # two a year, each found
    for change, shift in changes:
        day = change.astimezone(zone).date()
        week = day - dt.timedelta(days=day.weekday())
        for weekday, time in ((6, dt.time(18, 0)), (5, dt.time(7, 15)), (0, dt.time(8, 0))):
            moment = reminder_moment(athlete_in(zone_name, weekday, time), week)
            shown = moment.astimezone(zone)
            assert shown.date() == week + dt.timedelta(days=weekday or 7), (change, weekday)
            assert shown.time() == time, (change, weekday)

        # Set halfway into the skipped or repeated stretch: it goes out halfway between the
        # change and the clock's new reading, which is after the change when the clocks spring
        # forward (shown `shift` later than set) and before it, at the first occurrence, when
        # they fall back.
        wall_at_change = (change - MINUTE).astimezone(zone).replace(tzinfo=None) + MINUTE
        odd = wall_at_change + shift / 2
        weekday = odd.weekday()
        odd_week = odd.date() - dt.timedelta(days=weekday or 7)
        moment = reminder_moment(athlete_in(zone_name, weekday, odd.time()), odd_week)
        assert moment == change + shift / 2, change
        shown = moment.astimezone(zone).replace(tzinfo=None)
        assert shown == (odd + shift if shift > dt.timedelta(0) else odd), change

        digest_week, digest_at = digest_moment(
            Coach(time_zone=zone_name), as_utc(week + WEEK, dt.time(12, 0), zone)
        )
        assert digest_week == week, change
        assert digest_at.astimezone(zone).date() == week + WEEK, change
        assert wall_clock(digest_at, zone) == "Monday 08:00", change


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone_name", "change_day", "odd_time", "odd_instant"),
    SWEEP_WEEKS,
    ids=[f"{zone}-{day}" for zone, day, _, _ in SWEEP_WEEKS],
)
def test_every_reminder_of_the_dst_week_goes_out_once_in_the_sweep_right_after_it(
    zone_name, change_day, odd_time, odd_instant
):
    zone = zoneinfo.ZoneInfo(zone_name)
    sunday = dt.date.fromisoformat(change_day)
    week = sunday - dt.timedelta(days=6)
    first_sweep = dt.datetime.combine(week, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    last_sweep = dt.datetime.combine(sunday + dt.timedelta(days=4), dt.time.min, tzinfo=zone)
    joined = (first_sweep - dt.timedelta(minutes=1)).isoformat()
    people = {
        "evening": runner(joined=joined, time_zone=zone_name),  # Sunday 18:00
        "odd hour": runner(joined=joined, time_zone=zone_name, reminder_time=odd_time),
        "saturday": runner(
            joined=joined, time_zone=zone_name, reminder_weekday=5, reminder_time=dt.time(7, 15)
        ),
        "monday": runner(
            joined=joined, time_zone=zone_name, reminder_weekday=0, reminder_time=dt.time(8, 0)
        ),
    }
    head_coach = coach(joined=joined, time_zone=zone_name)
    for athlete in people.values():
        athlete.coach = head_coach
        athlete.save()
    # Open all along, so that both Monday digests of these sweeps have a flag to tell.
    Setback.objects.create(athlete=people["evening"], kind="illness", start=week)
    email_of = {athlete.user.email: name for name, athlete in people.items()}
    email_of[head_coach.user.email] = "coach"

    sent_in_sweep: dict[tuple[str, str, dt.date], list[dt.datetime]] = {}
    with time_machine.travel(first_sweep, tick=False) as clock:
        now = first_sweep
        while now <= last_sweep:
            clock.move_to(now)
            for item in sending.sweep(now=now).outgoing:
                key = (email_of[item.email], item.kind, item.week_start)
                sent_in_sweep.setdefault(key, []).append(now)
            now += QUARTER

    assert Counter(len(times) for times in sent_in_sweep.values()) == {1: len(sent_in_sweep)}
    assert len(mail.outbox) == len(sent_in_sweep)
    sent = {key: times[0] for key, times in sent_in_sweep.items()}

    evening = sent[("evening", REMINDER, week)]
    assert evening.astimezone(zone).date() == sunday
    assert wall_clock(evening, zone) == "Sunday 18:00"
    assert sent[("evening", NUDGE, week)] - evening == dt.timedelta(hours=48)

    assert sent[("odd hour", REMINDER, week)] == at(odd_instant)
    assert sent[("odd hour", NUDGE, week)] == at(odd_instant) + dt.timedelta(hours=48)

    saturday = sent[("saturday", REMINDER, week)]
    assert (saturday.astimezone(zone).date(), wall_clock(saturday, zone)) == (
        sunday - dt.timedelta(days=1),
        "Saturday 07:15",
    )
    monday = sent[("monday", REMINDER, week)]
    assert (monday.astimezone(zone).date(), wall_clock(monday, zone)) == (
        sunday + dt.timedelta(days=1),
        "Monday 08:00",
    )
    digest = sent[("coach", DIGEST, week)]
    assert (digest.astimezone(zone).date(), wall_clock(digest, zone)) == (
        sunday + dt.timedelta(days=1),
        "Monday 08:00",
    )
