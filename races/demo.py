"""Demo races for `seed_demo`: every runner's season and the races behind their PBs.

Each runner has an A race 8–19 weeks out, added 6–10 weeks ago so the season plan (which
starts that week) has past weeks to set against the run log, a B tune-up 4–5 weeks before it,
a C race, and three past results paced like their demo runs, one of them a PB improvement (the
5K time trial six weeks ago, from goals/demo.py, counts among them). Beginners race 10K or a
half, intermediates a half or a marathon, the advanced a marathon or 50K.

Two runners break the season rules, so every warning has a true example: runner5, a beginner
who entered far too much (every rule but `busy-period`), and runner1, whose C race falls in
his work conference (only he and runner4 have busy periods, and neither is a beginner).

Deterministic and idempotent: dates count from the day of seeding, and each race is found by
its runner and name before it is made.
"""

import datetime as dt
from dataclasses import dataclass

from athletes.measures import HALF_MARATHON_M, MARATHON_M, monday_of
from athletes.models import Athlete, BusyPeriod
from athletes.units import parse_duration
from races.models import Race

A, B, C = Race.Priority.A, Race.Priority.B, Race.Priority.C
K5, K10, HALF, MARATHON, K50 = 5000, 10000, round(HALF_MARATHON_M), MARATHON_M, 50000
SATURDAY, SUNDAY = 5, 6
# The runners (numbers as in athletes/demo.py) whose races break season rules on purpose.
RULE_BREAKER = 5
BUSY_RACER = 1


@dataclass(frozen=True)
class DemoRace:
    name: str
    priority: str
    distance_m: int
    # Weeks from this week: ahead when positive, ago when negative (those have a result).
    weeks: int = 0
    weekday: int = SUNDAY
    target: str = ""
    result: str = ""
    location: str = ""
    link: str = ""
    notes: str = ""
    # The label of the runner's busy period the race falls in, instead of `weeks`.
    during: str = ""


@dataclass(frozen=True)
class DemoSeason:
    # When the A race was added, and with it the season plan began.
    added_weeks_ago: int
    races: tuple[DemoRace, ...]


def parkrun(name: str, weeks: int, result: str = "") -> DemoRace:
    return DemoRace(name, C, K5, weeks, SATURDAY, result=result)


SEASONS: dict[int, DemoSeason] = {
    # Alex, intermediate: a half, and a 10K entered before his conference dates were set.
    1: DemoSeason(
        8,
        (
            DemoRace(
                "Cardiff Half Marathon",
                A,
                HALF,
                12,
                target="1:55:00",
                location="Cardiff",
                link="https://www.cardiffhalfmarathon.co.uk",
            ),
            DemoRace("Vitality London 10K", B, K10, 8, target="51:30", location="London"),
            DemoRace(
                "Greenwich Park 10K",
                C,
                K10,
                weekday=SATURDAY,
                location="London",
                notes="Entered before the conference dates were fixed.",
                during="Work conference",
            ),
            DemoRace("Richmond Park 10K", C, K10, -15, result="53:40", location="London"),
            DemoRace("Ealing Half Marathon", C, HALF, -9, result="1:59:30", location="London"),
            parkrun("Wormwood Scrubs parkrun", -2, "24:45"),
        ),
    ),
    # Priya, beginner, back from a calf strain: a modest 10K.
    2: DemoSeason(
        6,
        (
            DemoRace("ASICS London 10K", A, K10, 11, target="1:05:30", location="London"),
            DemoRace("Battersea Park 5K", B, K5, 7, target="31:00", location="London"),
            parkrun("Bushy parkrun", 3),
            parkrun("Hampstead Heath parkrun", -14, "33:20"),
            DemoRace("Regent's Park 10K", C, K10, -11, result="1:07:40", location="London"),
            parkrun("Richmond parkrun", -2, "31:05"),
        ),
    ),
    # Tom, advanced: Berlin, a year after Hamburg.
    3: DemoSeason(
        10,
        (
            DemoRace(
                "Berlin Marathon",
                A,
                MARATHON,
                16,
                target="3:19:00",
                location="Berlin",
                link="https://www.bmw-berlin-marathon.com",
            ),
            DemoRace(
                "Berlin Half Marathon",
                B,
                HALF,
                11,
                target="1:34:30",
                location="Berlin",
                link="https://www.generali-berliner-halbmarathon.de",
            ),
            DemoRace("Spreewald 10K", C, K10, 4, location="Burg (Spreewald)"),
            DemoRace(
                "Hamburg Marathon",
                A,
                MARATHON,
                -26,
                result="3:26:40",
                location="Hamburg",
                link="https://www.haspa-marathon-hamburg.de",
                notes="Went out too fast; the last 7 km hurt.",
            ),
            DemoRace("Tempelhof 10K", C, K10, -12, result="44:50", location="Berlin"),
            parkrun("Hasenheide parkrun", -3, "21:05"),
        ),
    ),
    # Lucy, intermediate: her first marathon, the half as its tune-up.
    4: DemoSeason(
        7,
        (
            DemoRace(
                "London Marathon",
                A,
                MARATHON,
                19,
                target="4:10:00",
                location="London",
                link="https://www.tcslondonmarathon.com",
            ),
            DemoRace(
                "The Big Half",
                B,
                HALF,
                14,
                target="1:55:00",
                location="London",
                link="https://www.thebighalf.co.uk",
            ),
            DemoRace("Wimbledon Common 10K", C, K10, 5, location="London"),
            DemoRace("Hyde Park 10K", C, K10, -13, result="53:10", location="London"),
            DemoRace("Hampton Court Half Marathon", C, HALF, -9, result="1:59:50"),
            DemoRace("Battersea Park 10K", C, K10, -3, result="51:55", location="London"),
        ),
    ),
    # Sam, beginner, the rule breaker: three marathons and a half as A races within a year
    # (long-a-races-per-year, beginner-long-races, a-races-per-year), two marathons eight weeks
    # apart (long-a-races-apart), a 10K B race inside the first marathon's taper
    # (b-race-in-taper), a parkrun in it too (c-race-in-taper), and a 5K B race the week after
    # it (recovery-after-marathon), seven weeks before the next (b-race-timing).
    5: DemoSeason(
        8,
        (
            DemoRace(
                "Belfast City Marathon",
                A,
                MARATHON,
                10,
                target="4:45:00",
                location="Belfast",
                link="https://www.belfastcitymarathon.com",
                notes="Signed up with friends from work.",
            ),
            DemoRace(
                "Cork City Marathon",
                A,
                MARATHON,
                18,
                target="4:40:00",
                location="Cork",
                link="https://www.corkcitymarathon.ie",
            ),
            DemoRace("Dublin Half Marathon", A, HALF, 30, target="2:15:00", location="Dublin"),
            DemoRace(
                "Dublin Marathon",
                A,
                MARATHON,
                40,
                target="4:30:00",
                location="Dublin",
                link="https://www.irishlifedublinmarathon.ie",
            ),
            DemoRace("Great Ireland Run", B, K10, 8, target="1:05:00", location="Dublin"),
            DemoRace("Liffey 5K", B, K5, 11, target="30:30", location="Dublin"),
            parkrun("Malahide parkrun", 9),
            parkrun("Marlay parkrun", -14, "33:40"),
            DemoRace("Dublin Docklands 10K", C, K10, -12, result="1:08:50", location="Dublin"),
            parkrun("St Anne's parkrun", -2, "31:30"),
        ),
    ),
    # Chloe, beginner: a first 10K.
    6: DemoSeason(
        6,
        (
            DemoRace("10K de Paris", A, K10, 9, target="1:05:00", location="Paris"),
            DemoRace("Course des Lumières 5K", B, K5, 5, target="31:00", location="Paris"),
            parkrun("parkrun Montsouris", 2),
            DemoRace("Bois de Boulogne 5K", C, K5, -15, result="33:30", location="Paris"),
            DemoRace("Foulées de Vincennes 10K", C, K10, -12, result="1:08:10"),
            DemoRace("Sceaux 5K", C, K5, -4, result="31:40", location="Sceaux"),
        ),
    ),
    # Ben, intermediate: a half by the sea.
    7: DemoSeason(
        9,
        (
            DemoRace("Brighton Half Marathon", A, HALF, 14, target="1:54:00", location="Brighton"),
            DemoRace("Hampstead Heath 10K", B, K10, 9, target="52:00", location="London"),
            parkrun("Clapham Common parkrun", 3),
            parkrun("Finsbury parkrun", -15, "26:40"),
            DemoRace("Victoria Park 10K", C, K10, -10, result="53:20", location="London"),
            parkrun("Hackney Marshes parkrun", -5, "24:50"),
        ),
    ),
    # Nadia, intermediate: Mumbai, with a 25 km race on the way.
    8: DemoSeason(
        10,
        (
            DemoRace(
                "Tata Mumbai Marathon",
                A,
                MARATHON,
                17,
                target="4:15:00",
                location="Mumbai",
                link="https://tatamumbaimarathon.procam.in",
            ),
            DemoRace(
                "Vedanta Delhi Half Marathon",
                B,
                HALF,
                12,
                target="1:55:00",
                location="New Delhi",
                link="https://vedantadelhihalfmarathon.procam.in",
            ),
            DemoRace(
                "Tata Steel Kolkata 25K",
                C,
                25000,
                6,
                location="Kolkata",
                link="https://tatasteelkolkata25k.procam.in",
                notes="A long run with drinks stations: marathon pace for the last 10 km.",
            ),
            DemoRace("Salt Lake 10K", C, K10, -14, result="54:10", location="Kolkata"),
            DemoRace("Kolkata Half Marathon", C, HALF, -8, result="1:58:40", location="Kolkata"),
            DemoRace("Maidan 10K", C, K10, -4, result="52:05", location="Kolkata"),
        ),
    ),
    # Jake, advanced, trail squad: a 50K, a road marathon five weeks before it.
    9: DemoSeason(
        9,
        (
            DemoRace(
                "Bear Mountain 50K",
                A,
                K50,
                15,
                target="5:15:00",
                location="Bear Mountain State Park, NY",
            ),
            DemoRace(
                "Mohawk Hudson River Marathon",
                B,
                MARATHON,
                10,
                target="3:19:00",
                location="Albany, NY",
                notes="Run it as a hard long run; no taper beyond an easy week.",
            ),
            DemoRace("Central Park 10K", C, K10, 3, location="New York"),
            DemoRace("United Airlines NYC Half", C, HALF, -13, result="1:39:10"),
            DemoRace("Prospect Park 10K", C, K10, -8, result="44:40", location="Brooklyn"),
            DemoRace("Van Cortlandt 5K", C, K5, -3, SATURDAY, result="21:40", location="Bronx"),
        ),
    ),
    # Emma, intermediate: a half close ahead.
    10: DemoSeason(
        6,
        (
            DemoRace("Chicago Half Marathon", A, HALF, 8, target="1:55:00", location="Chicago"),
            DemoRace("Waterfall Glen Trail 10K", B, K10, 4, target="53:00", location="Darien, IL"),
            DemoRace("Humboldt Park 5K", C, K5, 2, SATURDAY, location="Chicago"),
            DemoRace("Lincoln Park 10K", C, K10, -12, result="53:50", location="Chicago"),
            DemoRace("Chicago Spring Half Marathon", C, HALF, -7, result="1:58:10"),
            DemoRace("Montrose Harbor 5K", C, K5, -3, SATURDAY, result="25:05"),
        ),
    ),
    # Kenji, intermediate: Sydney, and City2Surf's 14 km on the way.
    11: DemoSeason(
        10,
        (
            DemoRace(
                "Sydney Marathon",
                A,
                MARATHON,
                18,
                target="4:05:00",
                location="Sydney",
                link="https://www.sydneymarathon.com",
            ),
            DemoRace("SMH Half Marathon", B, HALF, 13, target="1:55:00", location="Sydney"),
            DemoRace(
                "City2Surf",
                C,
                14000,
                5,
                location="Sydney to Bondi",
                link="https://www.city2surf.com.au",
            ),
            DemoRace("Sydney Harbour Half Marathon", C, HALF, -15, result="2:01:20"),
            DemoRace("Centennial Park 10K", C, K10, -11, result="52:40", location="Sydney"),
            parkrun("St Peters parkrun", -5, "25:20"),
        ),
    ),
    # Sofia, beginner, self-coached: a first half.
    12: DemoSeason(
        7,
        (
            DemoRace(
                "Auckland Half Marathon",
                A,
                HALF,
                16,
                target="2:25:00",
                location="Auckland",
                link="https://www.aucklandmarathon.co.nz",
            ),
            DemoRace("Auckland Waterfront 10K", B, K10, 12, target="1:06:00", location="Auckland"),
            DemoRace(
                "Round the Bays",
                C,
                8400,
                3,
                location="Auckland",
                link="https://www.roundthebays.co.nz",
            ),
            parkrun("Cornwall parkrun", -13, "34:10"),
            parkrun("Western Springs parkrun", -7, "32:50"),
            parkrun("Hamilton Lake parkrun", -2, "31:45"),
        ),
    ),
}


def race_day(today: dt.date, *, weeks: int, weekday: int) -> dt.date:
    return monday_of(today + dt.timedelta(weeks=weeks)) + dt.timedelta(days=weekday)


def day_in(period: BusyPeriod, weekday: int) -> dt.date:
    """The first `weekday` inside the busy period (its first day if it is shorter than a week)."""
    offset = (weekday - period.start.weekday()) % 7
    return min(period.start + dt.timedelta(days=offset), period.end)


def evening(athlete: Athlete, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(20, 0), tzinfo=athlete.zone)


def seed_races(athletes: list[Athlete], *, today: dt.date) -> int:
    """Each runner's season; returns how many races were created.

    Made in bulk, so `race_saved` is not sent: personal bests follow when goals/demo.py calls
    `record_achievements` for each runner, after these races exist.
    """
    made = set(Race.objects.filter(athlete__in=athletes).values_list("athlete_id", "name"))
    busy = {
        (period.athlete_id, period.label): period
        for period in BusyPeriod.objects.filter(athlete__in=athletes)
    }
    new_races = []
    for number, athlete in enumerate(athletes, start=1):
        season = SEASONS[number]
        coach = athlete.coach.user if athlete.coach else athlete.user
        added = evening(athlete, today - dt.timedelta(weeks=season.added_weeks_ago))
        for entry in season.races:
            if (athlete.pk, entry.name) in made:
                continue
            if entry.during:
                period = busy.get((athlete.pk, entry.during))
                if period is None:
                    continue
                date = day_in(period, entry.weekday)
            else:
                date = race_day(today, weeks=entry.weeks, weekday=entry.weekday)
            done = bool(entry.result)
            race = Race(
                athlete=athlete,
                name=entry.name,
                date=date,
                distance_m=entry.distance_m,
                priority=entry.priority,
                target_time_s=parse_duration(entry.target) if entry.target else None,
                status=Race.Status.COMPLETED if done else Race.Status.PLANNED,
                result_time_s=parse_duration(entry.result) if done else None,
                location=entry.location,
                link=entry.link,
                notes=entry.notes,
                # The coach sets the A race with the runner; the runner enters the rest.
                created_by=coach if entry.priority == A else athlete.user,
                # Entered three weeks before a past race; the season's races when it began.
                created_at=evening(athlete, date - dt.timedelta(weeks=3)) if done else added,
            )
            race.full_clean(exclude=["athlete", "created_by"])
            new_races.append(race)
    Race.objects.bulk_create(new_races)
    return len(new_races)
