"""Demo people for `seed_demo`: two coaches, twelve runners, squads, busy periods and an
invitation the first coach is waiting on."""

import datetime as dt

from django.utils import timezone

from athletes.models import Athlete, BusyPeriod, Coach, Invitation, Squad, User

DEMO_PASSWORD = "runpath-demo"

COACHES = [
    ("coach@example.com", "Maya Okafor", "Europe/London"),
    ("coach2@example.com", "Daniel Reyes", "America/New_York"),
]
# email number → (name, time zone, units, experience, coach index or None, squad name)
RUNNERS = {
    1: ("Alex Turner", "Europe/London", "km", "intermediate", 0, "Marathon group"),
    2: ("Priya Shah", "Europe/London", "km", "beginner", 0, "Marathon group"),
    3: ("Tom Becker", "Europe/Berlin", "km", "advanced", 0, "Marathon group"),
    4: ("Lucy Evans", "Europe/London", "mi", "intermediate", 0, "Marathon group"),
    5: ("Sam Wilson", "Europe/Dublin", "km", "beginner", 0, "5K to 10K"),
    6: ("Chloe Martin", "Europe/Paris", "km", "beginner", 0, "5K to 10K"),
    7: ("Ben Clarke", "Europe/London", "km", "intermediate", 0, "5K to 10K"),
    8: ("Nadia Haddad", "Asia/Kolkata", "km", "intermediate", 0, "5K to 10K"),
    9: ("Jake Miller", "America/New_York", "mi", "advanced", 1, "Trail squad"),
    10: ("Emma Johnson", "America/Chicago", "mi", "intermediate", 1, "Trail squad"),
    11: ("Kenji Watanabe", "Australia/Sydney", "km", "intermediate", 1, None),
    12: ("Sofia Rossi", "Pacific/Auckland", "km", "beginner", None, None),
}
# The first coach's open invitation: (e-mail, squad name).
INVITEE = ("newrunner@example.com", "5K to 10K")


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_people(*, today: dt.date) -> list[Athlete]:
    coaches = []
    for email, name, zone in COACHES:
        made, _ = Coach.objects.get_or_create(user=_user(email, name), defaults={"time_zone": zone})
        coaches.append(made)
    athletes = []
    joined = timezone.now() - dt.timedelta(weeks=20)
    for number, (name, zone, units, experience, coach_index, squad_name) in RUNNERS.items():
        coach = coaches[coach_index] if coach_index is not None else None
        squad = Squad.objects.get_or_create(coach=coach, name=squad_name)[0] if squad_name else None
        athlete, created = Athlete.objects.get_or_create(
            user=_user(f"runner{number}@example.com", name),
            defaults={
                "coach": coach,
                "squad": squad,
                "coached_since": joined if coach else None,
                "time_zone": zone,
                "units": units,
                "experience": experience,
            },
        )
        if created:
            # They joined before their sixteen weeks of history: weeks they missed are owed.
            Athlete.objects.filter(pk=athlete.pk).update(created_at=joined)
            athlete.refresh_from_db(fields=["created_at"])
        athletes.append(athlete)
    BusyPeriod.objects.get_or_create(
        athlete=athletes[0],
        label="Work conference",
        defaults={"start": today + dt.timedelta(days=24), "end": today + dt.timedelta(days=30)},
    )
    BusyPeriod.objects.get_or_create(
        athlete=athletes[3],
        label="Family holiday",
        defaults={"start": today - dt.timedelta(days=52), "end": today - dt.timedelta(days=45)},
    )
    seed_invitation(coaches[0])
    return athletes


def seed_invitation(coach: Coach) -> None:
    """One pending invitation, issued again only once the last has expired. Issued directly,
    not sent: nobody reads the demo address."""
    email, squad_name = INVITEE
    if not coach.invitations.pending().filter(email=email).exists():
        Invitation.issue(coach=coach, email=email, squad=coach.squads.get(name=squad_name))
