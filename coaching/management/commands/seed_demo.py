from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from athletes.demo import COACHES, DEMO_PASSWORD, RUNNERS, seed_people
from checkins.demo import seed_load_spike, seed_reviews, seed_runs, seed_setbacks
from checkins.weekstats import refresh_week_stats
from coaching.attention.standings import refresh_standings
from goals.demo import seed_goals
from races.demo import seed_races
from races.session_demo import seed_sessions


class Command(BaseCommand):
    help = (
        "Create the demo coaches, runners and their data. Safe to run again: nothing is duplicated."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        athletes = seed_people(today=today)
        seed_runs(athletes, today=today)
        seed_load_spike(athletes, today=today)
        seed_reviews(athletes, today=today)
        seed_setbacks(athletes, today=today)
        # Runs went in by bulk_create, which sends no signal: the weekly totals follow here.
        for athlete in athletes:
            refresh_week_stats(athlete)
        # Races before goals: race goals link to them, and the goals' achievements pass makes
        # the personal bests of their results.
        seed_races(athletes, today=today)
        seed_goals(athletes, today=today)
        # After the races: each week's sessions are built from the season plan.
        seed_sessions(athletes, now=timezone.now())
        refresh_standings(athletes)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is ready. Log in at {settings.SITE_URL} with:")
        )
        for email, name, _ in COACHES:
            self.stdout.write(f"  coach   {email:<24} {name}")
        self.stdout.write(f"  runners runner1@example.com … runner{len(RUNNERS)}@example.com")
        self.stdout.write(f"  password for everyone: {DEMO_PASSWORD}")
