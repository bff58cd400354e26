"""Factories for checkins' models: runs, weekly reviews, comments, planned sessions."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from checkins.models import Comment, PlannedSession, Run, WeeklyReview
from tests import clock
from tests.athletes.factories import AthleteFactory


class RunFactory(DjangoModelFactory[Run]):
    class Meta:
        model = Run

    athlete = factory.SubFactory(AthleteFactory)
    started_at = factory.LazyFunction(lambda: clock.now() - dt.timedelta(hours=2))
    distance_m = 8000
    duration_s = 2700
    kind = Run.Kind.EASY


class WeeklyReviewFactory(DjangoModelFactory[WeeklyReview]):
    class Meta:
        model = WeeklyReview

    athlete = factory.SubFactory(AthleteFactory)
    week_start = factory.LazyAttribute(lambda review: review.athlete.week_start(clock.now()))
    runs_planned = 4
    runs_done = 3
    distance_m = 24000
    longest_run_m = 12000
    energy = 4
    motivation = 4
    wins = "Held back on the easy runs."


class CommentFactory(DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    review = factory.SubFactory(WeeklyReviewFactory)
    author = factory.LazyAttribute(lambda comment: comment.review.athlete.coach.user)
    body = "Nice work this week."


class PlannedSessionFactory(DjangoModelFactory[PlannedSession]):
    class Meta:
        model = PlannedSession

    athlete = factory.SubFactory(AthleteFactory)
    day = factory.LazyAttribute(lambda session: session.athlete.local_today(clock.now()))
    kind = PlannedSession.Kind.EASY
    distance_m = 8000
