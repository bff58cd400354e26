"""The scoping walk's table: every URL the app has, and what each person gets there.

tests/coaching/test_scoping_walk.py enumerates every URL in `coaching.urls` and FAILS for a
URL with no entry here. To add one, add an entry to ROUTES keyed by the URL's name:

    "athletes:squad-rename": Route(
        args=lambda cast: [SquadFactory(coach=cast.coach).pk],
        methods={
            "get": Expect(anonymous=LOGIN, runner=404, coach=200, other_coach=404,
                          other_runner=404, staff=200),
            "post": Expect(...),
        },
        data=lambda cast: {"name": "Renamed"},
    ),

- `args` builds the URL's arguments from the `cast` fixture (tests/conftest.py). It is called
  again for every person and method, so it may create fresh objects (a DELETE by one person
  does not spoil the next).
- `methods` maps each HTTP method to an `Expect`: the status every one of the six people gets
  (`LOGIN` = redirected to the login page). All six are required, so none is forgotten.
  Outside scope is 404, never 403, for pages; a POST-only view answers GET with 405.
- `data` is the body sent with POST/PATCH/PUT (JSON for URLs under /api/).
- `settings` are overridden while the route is walked (a feature that is off by default).
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athletes.models import Invitation
from checkins.emails import MailingList, unsubscribe_token
from checkins.models import ImportJob, Setback, WeeklyReview
from races import tokens
from tests import clock
from tests.athletes.factories import PASSWORD, BusyPeriodFactory, SquadFactory
from tests.checkins.factories import PlannedSessionFactory, RunFactory, WeeklyReviewFactory
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory
from tests.races.factories import RaceFactory

LOGIN = "login"


def open_setback(cast) -> Setback:
    """A new open setback of the runner: a flag their coach can mark handled."""
    return Setback.objects.create(
        athlete=cast.runner, kind="illness", start=cast.runner.local_today(clock.now())
    )


NUMBERS = itertools.count(1)
ROLES = ("anonymous", "runner", "coach", "other_coach", "other_runner", "staff")


@dataclass(frozen=True)
class Expect:
    anonymous: int | str
    runner: int | str
    coach: int | str
    other_coach: int | str
    other_runner: int | str
    staff: int | str

    @classmethod
    def everyone(cls, status: int | str, *, anonymous: int | str | None = None) -> "Expect":
        return cls(
            anonymous=status if anonymous is None else anonymous,
            runner=status,
            coach=status,
            other_coach=status,
            other_runner=status,
            staff=status,
        )


@dataclass(frozen=True)
class Route:
    methods: dict[str, Expect]
    args: Callable[[Any], list] = lambda cast: []
    data: Callable[[Any], dict] = lambda cast: {}
    settings: dict[str, Any] = field(default_factory=dict)


def user_of(cast, role: str):
    """The signed-in user playing `role`, or None for anonymous."""
    return {
        "anonymous": None,
        "runner": cast.runner.user,
        "coach": cast.coach.user,
        "other_coach": cast.other_coach.user,
        "other_runner": cast.other_runner.user,
        "staff": cast.staff,
    }[role]


def coach_squad(cast) -> list:
    return [SquadFactory.create(coach=cast.coach).pk]


def runner_busy_period(cast) -> list:
    return [BusyPeriodFactory.create(athlete=cast.runner).pk]


def pending_invitation(cast) -> Invitation:
    return Invitation.issue(coach=cast.coach, email="new.runner@example.org")[0]


def invitation_token(cast) -> list:
    return [Invitation.issue(coach=cast.coach, email="new.runner@example.org")[1]]


def password_reset_link(cast) -> list:
    user = cast.runner.user
    return [urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]


def signed_in_only(status: int | str) -> Expect:
    return Expect.everyone(status, anonymous=LOGIN)


# Answers shared by several routes, by name. Pages answer 404 outside scope; the API answers
# 400 for a referenced athlete or goal outside scope, like for any unknown id.
API_COACH_ACTION = Expect(
    anonymous=401, runner=404, coach=200, other_coach=404, other_runner=404, staff=200
)
API_COACH_CREATES = Expect(
    anonymous=401, runner=404, coach=201, other_coach=201, other_runner=404, staff=404
)
API_COACH_DELETES = Expect(
    anonymous=401, runner=404, coach=204, other_coach=404, other_runner=404, staff=204
)
API_DELETE_IN_SCOPE = Expect(
    anonymous=401, runner=204, coach=204, other_coach=404, other_runner=404, staff=204
)
API_IN_SCOPE = Expect(
    anonymous=401, runner=200, coach=200, other_coach=404, other_runner=404, staff=200
)
API_IN_SCOPE_BY_REFERENCE = Expect(
    anonymous=401, runner=200, coach=200, other_coach=400, other_runner=400, staff=200
)
API_OWN_ONLY = Expect(
    anonymous=401, runner=201, coach=400, other_coach=400, other_runner=201, staff=400
)
API_REFERENCE = Expect(
    anonymous=401, runner=201, coach=201, other_coach=400, other_runner=400, staff=201
)
API_RUNNER_CREATES = Expect(
    anonymous=401, runner=201, coach=403, other_coach=403, other_runner=201, staff=403
)
API_RUNNER_DELETES = Expect(
    anonymous=401, runner=204, coach=403, other_coach=404, other_runner=404, staff=204
)
API_RUNNER_WRITES = Expect(
    anonymous=401, runner=200, coach=403, other_coach=404, other_runner=404, staff=403
)
API_RUN_WRITE = Expect(
    anonymous=401, runner=200, coach=403, other_coach=404, other_runner=404, staff=200
)
# Pages of a coach's own roster tools; runners and staff without a roster get 404.
COACH_PAGE = Expect(
    anonymous=LOGIN, runner=404, coach=200, other_coach=200, other_runner=404, staff=404
)
COACH_POST = Expect(
    anonymous=LOGIN, runner=404, coach=302, other_coach=404, other_runner=404, staff=302
)
EDIT_IN_SCOPE = Expect(
    anonymous=LOGIN, runner=302, coach=302, other_coach=404, other_runner=404, staff=302
)
OWN_REVIEW_POST = Expect(
    anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=302, staff=404
)
# Pages only the runner themself may use.
RUNNER_ONLY_PAGE = Expect(
    anonymous=LOGIN, runner=200, coach=404, other_coach=404, other_runner=200, staff=404
)
# Pages that belong to the runner: their coach and staff may look, nobody else.
RUNNER_PAGE = Expect(
    anonymous=LOGIN, runner=200, coach=200, other_coach=404, other_runner=404, staff=200
)
RUNNER_SENT_TO_OWN_PAGE = Expect(
    anonymous=LOGIN, runner=302, coach=200, other_coach=404, other_runner=404, staff=200
)
# Runs are edited by the runner (or staff), never by the coach.
RUN_EDIT = Expect(
    anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=404, staff=302
)
API_EVERYONE = Expect.everyone(200, anonymous=401)
API_NOT_ALLOWED = Expect.everyone(405, anonymous=401)

ROUTES: dict[str, Route] = {
    # --- pages composed in coaching/ ---
    "home": Route(
        methods={
            "get": Expect(
                anonymous=200, runner=302, coach=302, other_coach=302, other_runner=302, staff=302
            )
        }
    ),
    "athlete-home": Route(
        methods={
            "get": Expect(
                anonymous=LOGIN,
                runner=200,
                coach=302,
                other_coach=302,
                other_runner=200,
                staff=302,
            )
        }
    ),
    "roster": Route(methods={"get": COACH_PAGE}),
    "attention-handled": Route(
        args=lambda cast: [open_setback(cast).athlete_id, "setback"],
        methods={
            "get": signed_in_only(405),
            "post": Expect(
                anonymous=LOGIN, runner=404, coach=302, other_coach=404, other_runner=404, staff=404
            ),
        },
    ),
    "athlete-detail": Route(args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}),
    "healthz": Route(methods={"get": Expect.everyone(200), "post": Expect.everyone(405)}),
    # /favicon.ico redirects everyone to the static SVG icon.
    "favicon": Route(methods={"get": Expect.everyone(302)}),
    # --- accounts (django.contrib.auth and athletes/) ---
    "login": Route(methods={"get": Expect.everyone(200)}),
    "logout": Route(methods={"get": Expect.everyone(405), "post": Expect.everyone(302)}),
    # Signed-in people are sent home: they have an account already.
    "athletes:signup": Route(methods={"get": Expect.everyone(302, anonymous=200)}),
    "password_change": Route(methods={"get": signed_in_only(200)}),
    "password_change_done": Route(methods={"get": signed_in_only(200)}),
    "password_reset": Route(methods={"get": Expect.everyone(200)}),
    "password_reset_done": Route(methods={"get": Expect.everyone(200)}),
    "password_reset_confirm": Route(
        args=password_reset_link,
        # A valid link hides its token by redirecting to the set-password URL.
        methods={"get": Expect.everyone(302)},
    ),
    "password_reset_complete": Route(methods={"get": Expect.everyone(200)}),
    "athletes:settings": Route(methods={"get": signed_in_only(200)}),
    # The questions after sign-up are the runner's own; a coach or staff has none to answer.
    "athletes:onboarding": Route(
        data=lambda cast: {
            "experience": "intermediate",
            "units": "mi",
            **{f"minutes_{day}": 30 for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
            "reminder_weekday": 6,
            "reminder_time": "19:00",
            "email_reminders": "on",
        },
        methods={
            "get": RUNNER_ONLY_PAGE,
            "post": Expect(
                anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=302, staff=404
            ),
        },
    ),
    "athletes:onboarding-skip": Route(
        methods={
            "get": signed_in_only(405),
            "post": Expect(
                anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=302, staff=404
            ),
        },
    ),
    "athletes:busy-period-new": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "athletes:busy-period-edit": Route(
        args=runner_busy_period,
        methods={
            "get": Expect(
                anonymous=LOGIN,
                runner=200,
                coach=404,
                other_coach=404,
                other_runner=404,
                staff=404,
            )
        },
    ),
    "athletes:busy-period-delete": Route(
        args=runner_busy_period,
        methods={
            "get": signed_in_only(405),
            "post": RUN_EDIT,
        },
    ),
    # --- a coach's roster tools (athletes/) ---
    "athletes:squads": Route(methods={"get": COACH_PAGE}),
    "athletes:squad-rename": Route(
        args=coach_squad,
        data=lambda cast: {"name": f"Renamed squad {next(NUMBERS)}"},
        methods={
            "get": Expect(
                anonymous=LOGIN,
                runner=404,
                coach=200,
                other_coach=404,
                other_runner=404,
                staff=200,
            ),
            "post": COACH_POST,
        },
    ),
    "athletes:squad-delete": Route(
        args=coach_squad,
        methods={
            "get": signed_in_only(405),
            "post": COACH_POST,
        },
    ),
    "athletes:athlete-move": Route(
        args=lambda cast: [cast.runner.pk],
        data=lambda cast: {"squad": ""},
        methods={
            "get": signed_in_only(405),
            "post": Expect(
                anonymous=LOGIN,
                runner=404,
                coach=302,
                other_coach=404,
                other_runner=404,
                staff=404,
            ),
        },
    ),
    "athletes:athlete-remove": Route(
        args=lambda cast: [cast.runner.pk],
        methods={
            "get": Expect(
                anonymous=LOGIN,
                runner=404,
                coach=200,
                other_coach=404,
                other_runner=404,
                staff=404,
            ),
        },
    ),
    "athletes:invitations": Route(methods={"get": COACH_PAGE}),
    "athletes:invitation-revoke": Route(
        args=lambda cast: [pending_invitation(cast).pk],
        methods={
            "get": signed_in_only(405),
            "post": COACH_POST,
        },
    ),
    "athletes:invitation-resend": Route(
        args=lambda cast: [pending_invitation(cast).pk],
        methods={
            "get": signed_in_only(405),
            "post": COACH_POST,
        },
    ),
    "athletes:invitation-accept": Route(
        args=invitation_token,
        # The token is the key: whoever holds the link may read it. Accepting it moves the
        # signed-in person to the inviting coach (their own coach answers 410: not themself).
        methods={
            "get": Expect.everyone(200),
            "post": Expect(
                anonymous=200, runner=302, coach=410, other_coach=302, other_runner=302, staff=302
            ),
        },
    ),
    # --- API (coaching/api_urls.py) ---
    "api-root": Route(methods={"get": API_EVERYONE}),
    "api-token": Route(
        data=lambda cast: {"email": cast.runner.user.email, "password": PASSWORD},
        methods={"get": Expect.everyone(405), "post": Expect.everyone(200)},
    ),
    "api-me": Route(methods={"get": API_EVERYONE, "post": API_NOT_ALLOWED}),
    "api-schema": Route(methods={"get": Expect.everyone(200)}),
    "api-docs": Route(methods={"get": Expect.everyone(200)}),
    "api-athlete-list": Route(methods={"get": API_EVERYONE, "post": API_NOT_ALLOWED}),
    "api-athlete-handled": Route(
        args=lambda cast: [open_setback(cast).athlete_id, "setback"],
        methods={
            "get": API_NOT_ALLOWED,
            "post": Expect(
                anonymous=401, runner=404, coach=200, other_coach=404, other_runner=404, staff=404
            ),
        },
    ),
    "api-athlete-detail": Route(
        args=lambda cast: [cast.runner.pk],
        data=lambda cast: {"units": "mi"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_RUN_WRITE,
            "delete": API_NOT_ALLOWED,
        },
    ),
    "api-squad-list": Route(
        data=lambda cast: {"name": f"Tempo crew {next(NUMBERS)}"},
        methods={
            "get": API_EVERYONE,
            "post": API_COACH_CREATES,
        },
    ),
    "api-squad-detail": Route(
        args=coach_squad,
        data=lambda cast: {"name": f"Renamed {next(NUMBERS)}"},
        methods={
            "get": API_COACH_ACTION,
            "patch": API_COACH_ACTION,
            "delete": API_COACH_DELETES,
        },
    ),
    "api-busy-period-list": Route(
        data=lambda cast: {"label": "Exams", "start": "2030-05-01", "end": "2030-05-20"},
        methods={
            "get": API_EVERYONE,
            "post": Expect(
                anonymous=401, runner=201, coach=404, other_coach=404, other_runner=201, staff=404
            ),
        },
    ),
    "api-busy-period-detail": Route(
        args=runner_busy_period,
        data=lambda cast: {"label": "Moving house"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_RUN_WRITE,
            "delete": API_RUNNER_DELETES,
        },
    ),
    "api-invitation-list": Route(
        data=lambda cast: {"email": "someone.new@example.org"},
        methods={
            "get": API_EVERYONE,
            "post": API_COACH_CREATES,
        },
    ),
    "api-invitation-resend": Route(
        args=lambda cast: [pending_invitation(cast).pk],
        methods={
            "get": API_NOT_ALLOWED,
            "post": Expect(
                anonymous=401, runner=404, coach=202, other_coach=404, other_runner=404, staff=202
            ),
        },
    ),
    "api-invitation-detail": Route(
        args=lambda cast: [pending_invitation(cast).pk],
        methods={
            "get": API_COACH_ACTION,
            "patch": API_NOT_ALLOWED,
            "delete": API_COACH_DELETES,
        },
    ),
}


# --- goals/ (pages and API); a runner and their coach may both set and change goals ---
def runner_goal(cast) -> list:
    return [GoalFactory.create(athlete=cast.runner).pk]


def runner_mindset_goal(cast) -> list:
    return [
        GoalFactory.create(athlete=cast.runner, kind="mindset", metric="", target_value=None).pk
    ]


def runner_milestone(cast) -> list:
    return [
        MilestoneFactory.create(goal=GoalFactory.create(athlete=cast.runner), target_value=None).pk
    ]


GOAL_FORM = {
    "level": "outcome",
    "kind": "distance",
    "title": "Run 30 km a week",
    "metric": "weekly_distance",
    "target": "30",
    "target_date": "2030-01-01",
    "reason": "New plan",
    "confirm": "on",
}
ROUTES |= {
    "goals:goals": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "goals:goal-new": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "goals:benchmarks": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "goals:athlete-goals": Route(args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}),
    "goals:athlete-goal-new": Route(
        args=lambda cast: [cast.runner.pk],
        data=lambda cast: GOAL_FORM,
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "goals:athlete-benchmarks": Route(
        args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}
    ),
    "goals:goal-assess": Route(
        data=lambda cast: {**GOAL_FORM, "athlete": cast.runner.pk},
        methods={
            "get": signed_in_only(405),
            "post": RUNNER_PAGE,
        },
    ),
    "goals:goal-detail": Route(args=runner_goal, methods={"get": RUNNER_PAGE}),
    "goals:goal-edit": Route(
        args=runner_goal,
        data=lambda cast: GOAL_FORM,
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "goals:goal-abandon": Route(
        args=runner_goal,
        data=lambda cast: {"reason": "Injured"},
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "goals:goal-tick": Route(
        args=runner_mindset_goal,
        data=lambda cast: {"note": "Felt great"},
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "goals:milestone-new": Route(
        args=runner_goal,
        data=lambda cast: {"title": "Halfway", "target": "20", "target_date": "2030-01-01"},
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "goals:milestone-tick": Route(
        args=runner_milestone, methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE}
    ),
    "api-goal-list": Route(
        data=lambda cast: {
            "title": "Run 30 km a week",
            "level": "outcome",
            "metric": "weekly_distance",
            "target_value": 30000,
            "target_date": "2030-01-01",
        },
        methods={"get": API_EVERYONE, "post": API_OWN_ONLY},
    ),
    "api-goal-detail": Route(
        args=runner_goal,
        # Confirmed: the goal (30 km a week, from an empty log) fails Achievable.
        data=lambda cast: {"title": "Run 30 km every week", "confirm": True},
        methods={"get": API_IN_SCOPE, "patch": API_IN_SCOPE, "delete": API_NOT_ALLOWED},
    ),
    "api-goal-abandon": Route(
        args=runner_goal,
        data=lambda cast: {"reason": "Injured"},
        methods={"get": API_NOT_ALLOWED, "post": API_IN_SCOPE},
    ),
    "api-goal-assess": Route(
        data=lambda cast: {"athlete": cast.runner.pk, "title": "Run 30 km a week"},
        methods={
            "get": API_NOT_ALLOWED,
            "post": API_IN_SCOPE_BY_REFERENCE,
        },
    ),
    "api-milestone-list": Route(
        data=lambda cast: {
            "goal": runner_goal(cast)[0],
            "title": "Halfway",
            "target_date": "2030-01-01",
        },
        methods={
            # The GET sends the same fields as a query, so it filters by a goal out of scope:
            # 400, exactly as for a goal that does not exist.
            "get": API_IN_SCOPE_BY_REFERENCE,
            "post": API_REFERENCE,
        },
    ),
    "api-milestone-detail": Route(
        args=runner_milestone,
        data=lambda cast: {"title": "Two thirds"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_IN_SCOPE,
            "delete": API_DELETE_IN_SCOPE,
        },
    ),
    "api-benchmark-list": Route(
        data=lambda cast: {"distance_m": 5000, "duration_s": 1500, "date": "2026-01-01"},
        methods={"get": API_EVERYONE, "post": API_OWN_ONLY},
    ),
    "api-benchmark-detail": Route(
        args=lambda cast: [BenchmarkFactory.create(athlete=cast.runner).pk],
        data=lambda cast: {"note": "Parkrun"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_IN_SCOPE,
            "delete": API_DELETE_IN_SCOPE,
        },
    ),
}


# --- races/ (pages); a runner and their coach may both add, change and remove races ---
def runner_race(cast) -> list:
    return [RaceFactory.create(athlete=cast.runner).pk]


RACE_FORM = {
    "name": "Valencia Marathon",
    "date": "2030-12-01",
    "distance": "42195",
    "priority": "A",
    "target_time": "3:59:00",
    "status": "planned",
}
ROUTES |= {
    "races:races": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "races:race-new": Route(
        data=lambda cast: RACE_FORM,
        methods={"get": RUNNER_ONLY_PAGE, "post": OWN_REVIEW_POST},
    ),
    "races:athlete-races": Route(args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}),
    "races:athlete-race-new": Route(
        args=lambda cast: [cast.runner.pk],
        data=lambda cast: RACE_FORM,
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "races:race-check": Route(
        data=lambda cast: {**RACE_FORM, "athlete": cast.runner.pk},
        methods={"get": signed_in_only(405), "post": RUNNER_PAGE},
    ),
    "races:race-edit": Route(
        args=runner_race,
        data=lambda cast: RACE_FORM,
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "races:race-delete": Route(
        args=runner_race, methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE}
    ),
}


# --- the season and predictions (coaching/season_views.py); milestones from the season (goals/) ---
def goal_with_a_season(cast) -> list:
    """An outcome goal of the runner, whose A race gives the season a base phase to suggest."""
    RaceFactory(athlete=cast.runner)
    return [GoalFactory.create(athlete=cast.runner).pk]


ROUTES |= {
    "season": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "athlete-season": Route(args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}),
    "predictions": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "athlete-predictions": Route(args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_PAGE}),
    "goals:milestone-from-season": Route(
        args=goal_with_a_season,
        data=lambda cast: {"phase": "base"},
        methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE},
    ),
}


# --- weekly reviews (checkins/): the runner writes, their coach reads, comments, marks read ---
def runner_review(cast) -> WeeklyReview:
    """A fresh review of one of the runner's past weeks (a new week on every call)."""
    weeks_ago = dt.timedelta(weeks=next(NUMBERS))
    return WeeklyReviewFactory.create(
        athlete=cast.runner, week_start=cast.runner.week_start(clock.now()) - weeks_ago
    )


def this_week(cast) -> list:
    return [cast.runner.week_start(clock.now()).isoformat()]


REVIEW_FORM = {"version": 1, "wins": "A good week", "energy": 4, "motivation": 4}
ROUTES |= {
    "checkins:review-list": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "checkins:review-this-week": Route(
        methods={
            "get": OWN_REVIEW_POST,
            "post": signed_in_only(405),
        }
    ),
    # The week is in the URL, the runner is whoever is signed in: each edits only their own.
    "checkins:review-edit": Route(args=this_week, methods={"get": RUNNER_ONLY_PAGE}),
    "checkins:review-save": Route(
        args=this_week,
        data=lambda cast: REVIEW_FORM,
        methods={"get": signed_in_only(405), "post": OWN_REVIEW_POST},
    ),
    "checkins:review-submit": Route(
        args=this_week,
        data=lambda cast: REVIEW_FORM,
        methods={"get": signed_in_only(405), "post": OWN_REVIEW_POST},
    ),
    "checkins:review-detail": Route(
        args=lambda cast: [cast.runner.pk, runner_review(cast).week_start.isoformat()],
        methods={"get": RUNNER_SENT_TO_OWN_PAGE},
    ),
    "checkins:review-comment": Route(
        args=lambda cast: [runner_review(cast).pk],
        data=lambda cast: {"body": "Great week!"},
        methods={
            "get": signed_in_only(405),
            # Staff may read every review but do not join the runner's conversation.
            "post": Expect(
                anonymous=LOGIN, runner=302, coach=302, other_coach=404, other_runner=404, staff=403
            ),
        },
    ),
    "checkins:review-mark-read": Route(
        args=lambda cast: [runner_review(cast).pk],
        methods={
            "get": signed_in_only(405),
            "post": Expect(
                anonymous=LOGIN, runner=404, coach=302, other_coach=404, other_runner=404, staff=404
            ),
        },
    ),
    "api-review-list": Route(
        data=lambda cast: {
            "week_start": cast.runner.week_start(clock.now()).isoformat(),
            "wins": "Hills",
        },
        methods={
            "get": API_EVERYONE,
            "post": API_RUNNER_CREATES,
        },
    ),
    "api-review-detail": Route(
        args=lambda cast: [runner_review(cast).pk],
        data=lambda cast: {"version": 1, "wins": "Hills, then more hills"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_RUNNER_WRITES,
            "put": API_RUNNER_WRITES,
            "delete": Expect(
                anonymous=401, runner=204, coach=403, other_coach=404, other_runner=404, staff=403
            ),
        },
    ),
    "api-review-submit": Route(
        args=lambda cast: [runner_review(cast).pk],
        data=lambda cast: {"version": 1},
        methods={"get": API_NOT_ALLOWED, "post": API_RUNNER_WRITES},
    ),
    "api-review-read": Route(
        args=lambda cast: [runner_review(cast).pk],
        methods={
            "get": API_NOT_ALLOWED,
            "post": Expect(
                anonymous=401, runner=404, coach=200, other_coach=404, other_runner=404, staff=404
            ),
        },
    ),
    "api-review-comments": Route(
        args=lambda cast: [runner_review(cast).pk],
        data=lambda cast: {"body": "Well done"},
        methods={
            "get": API_IN_SCOPE,
            "post": Expect(
                anonymous=401, runner=201, coach=201, other_coach=404, other_runner=404, staff=403
            ),
        },
    ),
}

# Whole namespaces walked elsewhere, with the reason.
EXEMPT_NAMESPACES = {
    "admin": "Django admin, staff only: tests/coaching/test_admin.py loads every page of it",
}


# The unsubscribe link answers whoever holds it, without login or CSRF token (mail clients post
# it straight from the inbox), and only ever acts on the person it was signed for: see
# tests/checkins/test_unsubscribe.py.
ROUTES |= {
    "checkins:unsubscribe": Route(
        args=lambda cast: [unsubscribe_token(cast.runner.user_id, MailingList.REMINDERS)],
        methods={
            "get": Expect.everyone(200),
            "post": Expect.everyone(200),
            "put": Expect.everyone(405),
        },
    ),
}


# --- setbacks (checkins/): the runner logs, changes and ends them; their coach reads ---
def runner_setback(cast) -> list:
    start = cast.runner.local_today(clock.now()) - dt.timedelta(days=3)
    return [Setback.objects.create(athlete=cast.runner, kind="injury", start=start).pk]


SETBACK_FORM = {"kind": "illness", "start": "2026-01-05", "severity": "2", "note": "Flu"}
ROUTES |= {
    "checkins:setbacks": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "checkins:setback-new": Route(
        data=lambda cast: SETBACK_FORM,
        methods={"get": RUNNER_ONLY_PAGE, "post": OWN_REVIEW_POST},
    ),
    "checkins:setback-edit": Route(
        args=runner_setback,
        data=lambda cast: SETBACK_FORM,
        methods={
            "get": Expect(
                anonymous=LOGIN, runner=200, coach=404, other_coach=404, other_runner=404, staff=200
            ),
            "post": RUN_EDIT,
        },
    ),
    "checkins:setback-delete": Route(
        args=runner_setback, methods={"get": signed_in_only(405), "post": RUN_EDIT}
    ),
    "checkins:setback-over": Route(
        args=runner_setback, methods={"get": signed_in_only(405), "post": RUN_EDIT}
    ),
    "checkins:athlete-setbacks": Route(
        args=lambda cast: [cast.runner.pk], methods={"get": RUNNER_SENT_TO_OWN_PAGE}
    ),
    "api-setback-list": Route(
        data=lambda cast: {"athlete": cast.runner.pk, "kind": "injury", "start": "2026-01-05"},
        methods={
            # The GET sends the body as a query, filtering by an athlete out of scope: 400.
            "get": API_IN_SCOPE_BY_REFERENCE,
            # The coach sees the runner but does not write their setbacks.
            "post": Expect(
                anonymous=401, runner=201, coach=403, other_coach=400, other_runner=400, staff=201
            ),
        },
    ),
    "api-setback-detail": Route(
        args=runner_setback,
        data=lambda cast: {"note": "The physio says a week of rest."},
        methods={"get": API_IN_SCOPE, "patch": API_RUN_WRITE, "delete": API_RUNNER_DELETES},
    ),
}


# --- the run log (checkins/): the runner logs and edits, their coach reads ---
def runner_import_job(cast) -> list:
    """A finished import of the runner's: only they see it (their coach does not import)."""
    return [ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.DONE).pk]


# The runner who uploaded, and nobody else: not their coach, not staff (who have the admin).
OWN_IMPORT_JOB = Expect(
    anonymous=LOGIN, runner=200, coach=404, other_coach=404, other_runner=404, staff=404
)


def runner_run(cast) -> list:
    return [RunFactory.create(athlete=cast.runner).pk]


RUN_FORM = {
    "day": "2026-01-05",
    "start_time": "07:30",
    "distance": "8.0",
    "duration": "45:00",
    "kind": "easy",
    "rpe": "4",
    "notes": "",
}
RUN_API = {"started_at": "2026-01-05T07:30:00Z", "distance_m": 8000, "duration_s": 2700}
ROUTES |= {
    "checkins:run-log": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "checkins:run-new": Route(
        data=lambda cast: RUN_FORM,
        methods={
            "get": RUNNER_ONLY_PAGE,
            "post": OWN_REVIEW_POST,
        },
    ),
    "checkins:run-import": Route(methods={"get": RUNNER_ONLY_PAGE}),
    "checkins:run-import-job": Route(
        args=runner_import_job,
        methods={"get": OWN_IMPORT_JOB, "post": signed_in_only(405)},
    ),
    "api-import-job-detail": Route(
        args=runner_import_job,
        methods={
            "get": Expect(
                anonymous=401, runner=200, coach=404, other_coach=404, other_runner=404, staff=404
            ),
            "patch": API_NOT_ALLOWED,
            "delete": API_NOT_ALLOWED,
        },
    ),
    "checkins:run-edit": Route(
        args=runner_run,
        data=lambda cast: RUN_FORM,
        methods={
            "get": Expect(
                anonymous=LOGIN, runner=200, coach=404, other_coach=404, other_runner=404, staff=200
            ),
            "post": RUN_EDIT,
        },
    ),
    "checkins:run-delete": Route(
        args=runner_run, methods={"get": signed_in_only(405), "post": RUN_EDIT}
    ),
    "checkins:athlete-runs": Route(
        args=lambda cast: [cast.runner.pk],
        methods={"get": RUNNER_SENT_TO_OWN_PAGE},
    ),
    "api-run-list": Route(
        data=lambda cast: RUN_API,
        methods={
            "get": API_EVERYONE,
            "post": API_RUNNER_CREATES,
        },
    ),
    "api-run-detail": Route(
        args=runner_run,
        data=lambda cast: {"notes": "Windy"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_RUN_WRITE,
            "delete": API_RUNNER_DELETES,
        },
    ),
    "api-run-import-files": Route(
        methods={
            "get": API_NOT_ALLOWED,
            "post": Expect(
                # The walk posts JSON; the import takes only multipart uploads.
                anonymous=401,
                runner=415,
                coach=403,
                other_coach=403,
                other_runner=415,
                staff=403,
            ),
        },
    ),
}


# --- races, the season and predictions over the API; the calendar feed (coaching/calendar.py) ---
def calendar_token(cast) -> list:
    return [tokens.feed_token(tokens.feed_of(cast.runner.user))]


RACE_API = {"name": "Spring 10K", "date": "2030-04-07", "distance_m": 10000, "priority": "C"}
ROUTES |= {
    "api-race-list": Route(
        data=lambda cast: {**RACE_API, "athlete": cast.runner.pk},
        methods={
            # The GET sends the body as a query, filtering by an athlete out of scope: 400.
            "get": API_IN_SCOPE_BY_REFERENCE,
            "post": API_REFERENCE,
        },
    ),
    "api-race-detail": Route(
        args=runner_race,
        data=lambda cast: {"name": "Spring 10K, renamed"},
        methods={
            "get": API_IN_SCOPE,
            "patch": API_IN_SCOPE,
            "put": Expect(
                # PUT is a whole race: without the body's other fields it is a 400, in scope.
                anonymous=401,
                runner=400,
                coach=400,
                other_coach=404,
                other_runner=404,
                staff=400,
            ),
            "delete": API_DELETE_IN_SCOPE,
        },
    ),
    "api-race-check": Route(
        data=lambda cast: {**RACE_API, "athlete": cast.runner.pk},
        methods={"get": API_NOT_ALLOWED, "post": API_IN_SCOPE_BY_REFERENCE},
    ),
    "api-athlete-season": Route(
        args=lambda cast: [cast.runner.pk],
        methods={"get": API_IN_SCOPE, "post": API_NOT_ALLOWED},
    ),
    "api-athlete-predictions": Route(
        args=lambda cast: [cast.runner.pk],
        methods={"get": API_IN_SCOPE, "post": API_NOT_ALLOWED},
    ),
    # The signed token is the key: calendar apps fetch it without logging in. A revoked or
    # mangled one is a 404 (tests/races/test_calendar.py).
    "calendar-feed": Route(
        args=calendar_token,
        methods={"get": Expect.everyone(200), "post": Expect.everyone(405)},
    ),
    "calendar-reset": Route(
        methods={"get": signed_in_only(405), "post": signed_in_only(302)},
    ),
}


# --- people own their data (coaching/account_views.py, coaching/api.py): everyone signed in
# downloads their own data; a coach their own roster. The walk posts a wrong password, so it
# deletes no one: tests/coaching/test_account_delete.py deletes for real.
ROUTES |= {
    "account-export": Route(
        methods={"get": signed_in_only(200), "post": signed_in_only(405)},
    ),
    "roster-export": Route(methods={"get": COACH_PAGE, "post": signed_in_only(405)}),
    "account-delete": Route(
        data=lambda cast: {"password": "not-my-password"},
        methods={
            "get": signed_in_only(200),
            "post": signed_in_only(200),
            "put": signed_in_only(405),
        },
    ),
    "api-me-export": Route(methods={"get": API_EVERYONE, "post": API_NOT_ALLOWED}),
}


# --- planned sessions (checkins/, races/): the runner and their coach plan them together ---
def runner_session(cast) -> list:
    """A fresh tempo session on the Monday of the runner's week."""
    monday = cast.runner.week_start(clock.now())
    return [PlannedSessionFactory.create(athlete=cast.runner, day=monday, kind="tempo").pk]


def day_after_monday(cast) -> str:
    return (cast.runner.week_start(clock.now()) + dt.timedelta(days=1)).isoformat()


API_SESSION_ADDED = Expect(
    anonymous=401, runner=201, coach=201, other_coach=404, other_runner=404, staff=201
)
ROUTES |= {
    "api-athlete-sessions": Route(
        args=lambda cast: [cast.runner.pk],
        data=lambda cast: {"day": day_after_monday(cast), "kind": "easy", "distance_m": 5000},
        methods={"get": API_IN_SCOPE, "post": API_SESSION_ADDED, "put": API_NOT_ALLOWED},
    ),
    "api-session-detail": Route(
        args=runner_session,
        data=lambda cast: {"notes": "Hills, please."},
        methods={"get": API_IN_SCOPE, "patch": API_IN_SCOPE, "delete": API_DELETE_IN_SCOPE},
    ),
    "api-session-move": Route(
        args=runner_session,
        data=lambda cast: {"day": day_after_monday(cast)},
        methods={"get": API_NOT_ALLOWED, "post": API_IN_SCOPE},
    ),
    "api-session-swap": Route(
        args=runner_session, methods={"get": API_NOT_ALLOWED, "post": API_IN_SCOPE}
    ),
}


def runner_monday(cast) -> str:
    return cast.runner.week_start(clock.now()).isoformat()


ROUTES |= {
    "races:week-this": Route(methods={"get": OWN_REVIEW_POST, "post": signed_in_only(405)}),
    # The week is in the URL, the runner is whoever is signed in: each sees only their own.
    "races:week": Route(args=lambda cast: [runner_monday(cast)], methods={"get": RUNNER_ONLY_PAGE}),
    "races:athlete-week": Route(
        args=lambda cast: [cast.runner.pk, runner_monday(cast)],
        methods={"get": RUNNER_SENT_TO_OWN_PAGE},
    ),
    "races:week-rebuild": Route(
        args=lambda cast: [cast.runner.pk, runner_monday(cast)],
        methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE},
    ),
    "races:session-move": Route(
        args=runner_session,
        data=lambda cast: {"day": day_after_monday(cast)},
        methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE},
    ),
    "races:session-swap": Route(
        args=runner_session, methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE}
    ),
    "races:session-fit": Route(
        args=runner_session, methods={"get": RUNNER_PAGE, "post": signed_in_only(405)}
    ),
}


# --- Strava (integrations/): walked with Strava set up; it points at a closed port, so a
# disconnect finds Strava unreachable (and deletes the tokens anyway) without leaving the machine.
STRAVA_ON = {
    "STRAVA_ENABLED": True,
    "STRAVA_CLIENT_ID": "12345",
    "STRAVA_CLIENT_SECRET": "walk-secret",
    "STRAVA_VERIFY_TOKEN": "walk-token",
    "STRAVA_API_URL": "http://127.0.0.1:9/api/v3",
    "STRAVA_OAUTH_URL": "http://127.0.0.1:9/oauth",
}
# Only a runner has a Strava card: coaches and staff get 404.
RUNNER_ONLY_REDIRECT = Expect(
    anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=302, staff=404
)


def runner_strava_connection(cast) -> list:
    from integrations.models import StravaConnection

    connection = StravaConnection(
        athlete=cast.runner,
        strava_athlete_id=next(NUMBERS),
        connected_at=cast.runner.user.date_joined,
    )
    connection.set_tokens(
        access_token="a", refresh_token="r", expires_at=dt.datetime(2199, 1, 1, tzinfo=dt.UTC)
    )
    StravaConnection.objects.filter(athlete=cast.runner).delete()
    connection.save()
    return []


ROUTES |= {
    # Off to Strava's consent page (a redirect; nothing is fetched).
    "integrations:strava-connect": Route(
        settings=STRAVA_ON,
        methods={"get": RUNNER_ONLY_REDIRECT, "post": signed_in_only(405)},
    ),
    # Without this session's state the callback is refused back to the settings page.
    "integrations:strava-callback": Route(
        settings=STRAVA_ON,
        methods={"get": RUNNER_ONLY_REDIRECT, "post": signed_in_only(405)},
    ),
    # Only the runner's own connection, and only theirs is there to disconnect.
    "integrations:strava-disconnect": Route(
        settings=STRAVA_ON,
        args=runner_strava_connection,
        methods={
            "post": Expect(
                anonymous=LOGIN, runner=302, coach=404, other_coach=404, other_runner=404, staff=404
            ),
            "get": signed_in_only(405),
        },
    ),
    # Strava's side: no login; the handshake needs the verify token, an event a JSON body.
    "integrations:strava-webhook": Route(
        settings=STRAVA_ON,
        methods={
            "get": Expect.everyone(403),
            "post": Expect.everyone(400),
            "put": Expect.everyone(405),
        },
    ),
    "api-me-connections": Route(
        settings=STRAVA_ON,
        args=runner_strava_connection,
        methods={
            "get": Expect.everyone(200, anonymous=401),
            "delete": Expect(
                anonymous=401, runner=204, coach=404, other_coach=404, other_runner=404, staff=404
            ),
            "post": Expect.everyone(405, anonymous=401),
        },
    ),
}


SESSION_FORM = {"day": "", "kind": "easy", "distance": "6", "duration": "", "notes": "Easy"}
ROUTES |= {
    "races:session-new": Route(
        args=lambda cast: [cast.runner.pk, runner_monday(cast)],
        data=lambda cast: SESSION_FORM | {"day": runner_monday(cast)},
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "races:session-edit": Route(
        args=runner_session,
        data=lambda cast: SESSION_FORM | {"day": runner_monday(cast)},
        methods={"get": RUNNER_PAGE, "post": EDIT_IN_SCOPE},
    ),
    "races:session-delete": Route(
        args=runner_session, methods={"get": signed_in_only(405), "post": EDIT_IN_SCOPE}
    ),
}
