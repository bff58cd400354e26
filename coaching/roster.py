"""The coach's roster as a triage list: who needs the coach now, most urgent first.

Reads stored standings (`coaching.attention`), so a page costs the same few queries at 5 or 5,000
athletes: the stale standings are brought up to date first, the summary bar is one aggregate,
and the page is 50 rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone

from athletes.models import Athlete, Coach, User
from coaching import attention

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
    """Standings missing or past their athlete's midnight are computed again, in one batch."""
    stale = list(
        athletes.exclude(standing__stale_after__gt=now).select_related("user", "coach__user")
    )
    if stale:
        attention.refresh_standings(stale, now=now)


def flag_counts(athletes: QuerySet) -> list[tuple[attention.Kind, int]]:
    """How many of these athletes have each flag open, in one aggregate query."""
    totals = athletes.aggregate(
        **{
            kind.name: Count("pk", filter=attention.athletes_with_flag(kind))
            for kind in attention.Kind
        }
    )
    return [(kind, totals[kind.name]) for kind in attention.Kind if totals[kind.name]]


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
