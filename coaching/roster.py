"""The coach's roster as a triage list: who needs the coach now, most urgent first.

Reads stored standings (`coaching.attention`), so a page costs the same few queries at 5 or 5,000
athletes: the stale standings are brought up to date first, the summary bar is one aggregate,
and the page is 50 rows.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Coach, User
from checkins.reviews import ReviewState
from coaching import attention
from coaching.models import Standing

PAGE_SIZE = 50


class Order:
    ATTENTION = "attention"
    NAME = "name"


ORDERINGS = {
    Order.ATTENTION: ("-standing__score", "-standing__overdue_days", "user__full_name", "pk"),
    Order.NAME: ("user__full_name", "pk"),
}


@dataclass(frozen=True)
class RosterFilters:
    query: str = ""
    squad: str = ""
    flag: str = ""
    order: str = Order.ATTENTION
    page: str | int = 1

    @property
    def flag_kind(self) -> attention.Kind | None:
        try:
            return attention.Kind(self.flag)
        except ValueError:
            return None


@dataclass(frozen=True)
class RosterPage:
    page: Page
    # (flag, athletes with it open) for the summary bar, before the flag filter is applied.
    counts: list[tuple[attention.Kind, int]]
    filters: RosterFilters

    @property
    def athletes(self) -> list[Athlete]:
        return list(self.page.object_list)

    @property
    def rows(self) -> list["RosterRow"]:
        return [roster_row(athlete) for athlete in self.page.object_list]

    @property
    def page_numbers(self) -> list:
        return list(self.page.paginator.get_elided_page_range(self.page.number))


def roster_athletes(*, user: User, coach: Coach, filters: RosterFilters) -> QuerySet:
    athletes = Athlete.objects.visible_to(user).on_roster_of(coach)
    if filters.query.strip():
        athletes = athletes.filter(user__full_name__icontains=filters.query.strip())
    if filters.squad.isdigit():
        athletes = athletes.filter(squad_id=int(filters.squad))
    elif filters.squad == "none":
        athletes = athletes.filter(squad=None)
    return athletes


def refresh_stale(athletes: QuerySet, *, now: dt.datetime) -> None:
    """Standings missing or past their athlete's midnight are computed again, at most
    attention.REFRESH_BATCH in one request (the periodic refresh does the rest): a big roster
    whose zone just passed midnight is not recomputed all at once inside a page view."""
    stale = athletes.filter(Q(standing__isnull=True) | Q(standing__stale_after__lte=now))
    if not stale.exists():
        return
    batch = stale.select_related("user").order_by(F("standing__stale_after").asc(nulls_first=True))
    attention.refresh_standings(list(batch[: attention.REFRESH_BATCH]), now=now)


def flag_counts(athletes: QuerySet) -> list[tuple[attention.Kind, int]]:
    """How many of these athletes have each flag open: one narrow read of their standings'
    flag names, counted here (ten conditional counts in SQL cost more than the read)."""
    counts: Counter[str] = Counter()
    for names in athletes.values_list("standing__open_flag_names", flat=True):
        if names:
            counts.update(names.split())
    return [(kind, counts[kind]) for kind in attention.Kind if counts[kind]]


@dataclass(frozen=True)
class Chip:
    reason: str
    severity: int
    handled_url: str


@dataclass(frozen=True)
class RosterRow:
    """One athlete's row, ready to print: links and labels are worked out here, once, rather
    than by a few hundred template lookups and filters per page."""

    pk: int
    name: str
    squad: str
    detail_url: str
    chips: list[Chip]
    review_label: str
    review_tone: str
    review_week: str
    review_url: str | None
    unread_comments: int
    unread_url: str | None
    last_review: str
    last_review_url: str | None
    streak: int


def _day(date: dt.date | None) -> str:
    return f"{date.day} {date:%b}" if date else ""


def _review_url(athlete: Athlete, week: dt.date | None) -> str | None:
    if week is None:
        return None
    return reverse("review-detail", args=[athlete.pk, week.isoformat()])


def roster_row(athlete: Athlete) -> RosterRow:
    standing: Standing | None = getattr(athlete, "standing", None)
    state = ReviewState(standing.review_state) if standing and standing.review_state else None
    has_review = bool(standing and standing.review_id)
    has_unread = bool(standing and standing.unread_comments)
    return RosterRow(
        pk=athlete.pk,
        name=athlete.user.full_name,
        squad=athlete.squad.name if athlete.squad else "",
        detail_url=reverse("athlete-detail", args=[athlete.pk]),
        chips=[
            Chip(
                flag["reason"],
                flag["severity"],
                reverse("attention-handled", args=[athlete.pk, flag["flag"]]),
            )
            for flag in (standing.open_flags if standing else [])
        ],
        review_label=state.value.capitalize() if state else "",
        review_tone=state.tone if state else "",
        review_week=_day(standing.review_week) if standing else "",
        review_url=_review_url(athlete, standing.review_week) if has_review else None,
        unread_comments=standing.unread_comments if standing else 0,
        unread_url=_review_url(athlete, standing.unread_week) if has_unread else None,
        last_review=_day(standing.last_submitted) if standing else "",
        last_review_url=_review_url(athlete, standing.last_submitted) if standing else None,
        streak=standing.streak if standing else 0,
    )


def roster_page(
    *, user: User, coach: Coach, filters: RosterFilters, now: dt.datetime | None = None
) -> RosterPage:
    now = now or timezone.now()
    athletes = roster_athletes(user=user, coach=coach, filters=filters)
    refresh_stale(athletes, now=now)
    counts = flag_counts(athletes)
    kind = filters.flag_kind
    if kind is not None:
        athletes = athletes.filter(attention.athletes_with_flag(kind))
    ordering = ORDERINGS.get(filters.order, ORDERINGS[Order.ATTENTION])
    listed = athletes.select_related("user", "squad", "standing").order_by(*ordering)
    page = Paginator(listed, PAGE_SIZE).get_page(filters.page)
    return RosterPage(page=page, counts=counts, filters=filters)
