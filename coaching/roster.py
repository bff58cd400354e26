"""The coach's roster as a triage list: who needs the coach now, most urgent first.

Reads stored standings (`coaching.attention`), so a page costs the same few queries at 5 or 5,000
athletes: one narrow read of the roster counts its flags and finds stale standings (brought up
to date first), and the page is 50 rows, printed by `{% roster_row %}`. Those rows are the first
entries of a standings' index, (coach, score, days overdue, name) in triage order or (coach,
name) by name, whose coach and name each standing copies from its athlete, so a page does not
sort the roster.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from athletes.measures import short_date
from athletes.models import Athlete, Coach, User
from checkins.reviews.standing import ReviewState
from coaching.attention import standings
from coaching.attention.flags import Kind
from coaching.models import Standing
from integrations import status as sync
from integrations.models import StravaConnection

PAGE_SIZE = 50
# What a row prints: sorting fifty narrow rows out of a thousand is cheaper than wide ones.
ROW_FIELDS = (
    "user__full_name",
    "squad__name",
    "standing",
    *(f"strava_connection__{field}" for field in sync.FIELDS),
)


class Order:
    ATTENTION = "attention"
    NAME = "name"


ORDERINGS = {
    # The orders of the standings' indexes (`Standing.Meta`), so a page is read from one.
    Order.ATTENTION: (
        "-standing__score",
        "-standing__overdue_days",
        "standing__sort_name",
        "standing__athlete_id",
    ),
    Order.NAME: ("standing__sort_name", "standing__athlete_id"),
}


@dataclass(frozen=True)
class RosterFilters:
    query: str = ""
    squad: str = ""
    flag: str = ""
    order: str = Order.ATTENTION
    page: str | int = 1

    @property
    def flag_kind(self) -> Kind | None:
        try:
            return Kind(self.flag)
        except ValueError:
            return None


@dataclass(frozen=True)
class RosterPage:
    page: "Page[Athlete]"
    # (flag, athletes with it open) for the summary bar, before the flag filter is applied.
    counts: list[tuple[Kind, int]]
    filters: RosterFilters

    @property
    def athletes(self) -> list[Athlete]:
        return list(self.page.object_list)

    @property
    def rows(self) -> list["RosterRow"]:
        links, now = Links(), timezone.now()
        return [roster_row(athlete, links, now=now) for athlete in self.page.object_list]

    @property
    def page_numbers(self) -> list[int | str]:
        return list(self.page.paginator.get_elided_page_range(self.page.number))


def roster_athletes(
    *, user: User, coach: Coach, filters: RosterFilters, by_standing: bool = False
) -> QuerySet[Athlete]:
    """The athletes of `coach`'s roster `user` may see, searched and filtered. `by_standing`
    finds the roster through the coach each standing copies (every roster athlete has one once
    the census has run) instead of each athlete's own coach: the same athletes, and the
    planner then reads a page straight from the standings' index."""
    athletes = Athlete.objects.visible_to(user)
    if by_standing:
        athletes = athletes.filter(standing__coach=coach)
    else:
        athletes = athletes.on_roster_of(coach)
    # No name holds a NUL (PostgreSQL refuses one in a query), and no id passes 64 bits.
    query = filters.query.replace("\x00", "").strip()
    if query:
        athletes = athletes.filter(user__full_name__icontains=query)
    if filters.squad.isascii() and filters.squad.isdigit() and int(filters.squad) < 2**63:
        athletes = athletes.filter(squad_id=int(filters.squad))
    elif filters.squad == "none":
        athletes = athletes.filter(squad=None)
    return athletes


def standing_names_their_coach() -> Q:
    """Condition on Athlete: their standing names their coach, or none when they have none."""
    return Q(standing__coach=F("coach")) | Q(standing__coach__isnull=True, coach__isnull=True)


def stale_standing(now: dt.datetime) -> Q:
    """Condition on Athlete: their standing is missing, past their midnight, or names another
    coach (a safety net: moving an athlete updates it)."""
    return (
        Q(standing__isnull=True) | Q(standing__stale_after__lte=now) | ~standing_names_their_coach()
    )


def refresh_stale(athletes: QuerySet[Athlete], *, now: dt.datetime) -> None:
    """Standings missing or past their athlete's midnight are computed again, at most
    standings.REFRESH_BATCH in one request (the periodic refresh does the rest): a big roster
    whose zone just passed midnight is not recomputed all at once inside a page view. Athletes
    still without one get an empty standing, due at once, and any standing still naming another
    coach is corrected, so the page (which finds athletes through their standings) lists them."""
    stale = athletes.filter(stale_standing(now))
    if not stale.order_by().exists():
        return
    batch = stale.select_related("user").order_by(F("standing__stale_after").asc(nulls_first=True))
    standings.refresh_standings(list(batch[: standings.REFRESH_BATCH]), now=now)
    unlisted = athletes.filter(Q(standing__isnull=True) | ~standing_names_their_coach())
    Standing.objects.bulk_create(
        (
            Standing(athlete_id=pk, coach_id=coach_id, sort_name=name, stale_after=now)
            for pk, coach_id, name in unlisted.values_list("pk", "coach_id", "user__full_name")
        ),
        update_conflicts=True,
        unique_fields=["athlete"],
        update_fields=["coach", "sort_name"],
    )


@dataclass(frozen=True)
class Census:
    """The roster before the flag filter, from one narrow read of its standings: how many
    athletes, and how many have each flag open (the summary bar)."""

    total: int
    flags: Counter[str]

    def counts(self) -> list[tuple[Kind, int]]:
        return [(kind, self.flags[kind]) for kind in Kind if self.flags[kind]]

    def listed(self, kind: Kind | None) -> int:
        return self.total if kind is None else self.flags[kind]


def census(athletes: QuerySet[Athlete], *, now: dt.datetime) -> Census:
    """Counts the roster's open flags, bringing stale standings up to date first when the read
    finds any (then reads again): one query on most views. The athletes are grouped by their
    open flags in SQL, so the read is a row per combination of flags, not per athlete."""
    read = (
        athletes.order_by()
        .values("standing__open_flag_names")
        .annotate(athletes=Count("pk"), stale=Count("pk", filter=stale_standing(now)))
        .values_list("standing__open_flag_names", "athletes", "stale")
    )
    groups = list(read)
    if any(stale for _, _, stale in groups):
        refresh_stale(athletes, now=now)
        groups = list(read.all())
    flags: Counter[str] = Counter()
    for names, count, _ in groups:
        for name in (names or "").split():
            flags[name] += count
    return Census(total=sum(count for _, count, _ in groups), flags=flags)


# The ignore: Django's Paginator is generic in the stubs only, so it cannot be subscripted here.
class CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count, which the census already knows, instead of asking again."""

    def __init__(self, object_list: QuerySet[Athlete], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


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
    # The runner's Strava connection: last sync, or that nothing came for a week.
    sync_note: str = ""
    sync_stale: bool = False


def _day(date: dt.date | None) -> str:
    return short_date(date) if date else ""


class Links:
    """The rows' links: each URL name reversed once with stand-in arguments, which are then
    swapped for each row's. `reverse()` costs ~20 µs and a page of fifty rows has ~200 links.
    The arguments (ids, ISO dates, flag slugs) are URL-safe as they are."""

    # Stand-ins each route's converters accept, found in no other part of our URLs.
    PK = 999_999_991
    WEEK = dt.date(9999, 12, 31)
    FLAG = "stand-in-flag"

    def __init__(self) -> None:
        self.athlete = self._former("athlete-detail", self.PK)
        self.review = self._former("checkins:review-detail", self.PK, self.WEEK)
        self.handled = self._former("attention-handled", self.PK, self.FLAG)

    @staticmethod
    def _former(name: str, *stand_ins: object) -> Callable[..., str]:
        url = reverse(name, args=stand_ins)
        for position, stand_in in enumerate(stand_ins):
            url = url.replace(str(stand_in), f"{{{position}}}")
        return url.format

    def review_of(self, athlete: Athlete, week: dt.date | None) -> str | None:
        return self.review(athlete.pk, week.isoformat()) if week else None


def strava_connection_of(athlete: Athlete) -> StravaConnection | None:
    """The athlete's Strava connection, read with the athlete (`select_related`) or now."""
    try:
        return athlete.strava_connection
    except StravaConnection.DoesNotExist:
        return None


def roster_row(
    athlete: Athlete, links: Links | None = None, *, now: dt.datetime | None = None
) -> RosterRow:
    links = links or Links()
    now = now or timezone.now()
    synced = sync.sync_status(strava_connection_of(athlete), now=now)
    # Not computed yet (the periodic refresh will): a row with nothing flagged.
    standing: Standing = getattr(athlete, "standing", None) or Standing()
    state = ReviewState(standing.review_state) if standing.review_state else None
    return RosterRow(
        pk=athlete.pk,
        name=athlete.user.full_name,
        squad=athlete.squad.name if athlete.squad else "",
        detail_url=links.athlete(athlete.pk),
        chips=[
            Chip(flag["reason"], flag["severity"], links.handled(athlete.pk, flag["flag"]))
            for flag in standing.open_flags
        ],
        review_label=state.value.capitalize() if state else "",
        review_tone=state.tone if state else "",
        review_week=_day(standing.review_week),
        review_url=links.review_of(athlete, standing.review_week) if standing.review_id else None,
        unread_comments=standing.unread_comments,
        unread_url=(
            links.review_of(athlete, standing.unread_week) if standing.unread_comments else None
        ),
        last_review=_day(standing.last_submitted),
        last_review_url=links.review_of(athlete, standing.last_submitted),
        streak=standing.streak,
        sync_note=synced.note(now=now) if synced else "",
        sync_stale=bool(synced and synced.stale),
    )


def roster_page(
    *, user: User, coach: Coach, filters: RosterFilters, now: dt.datetime | None = None
) -> RosterPage:
    now = now or timezone.now()
    counted = census(roster_athletes(user=user, coach=coach, filters=filters), now=now)
    athletes = roster_athletes(user=user, coach=coach, filters=filters, by_standing=True)
    kind = filters.flag_kind
    if kind is not None:
        athletes = athletes.filter(standings.athletes_with_flag(kind))
    ordering = ORDERINGS.get(filters.order, ORDERINGS[Order.ATTENTION])
    listed = (
        athletes.select_related("user", "squad", "standing", "strava_connection")
        .only(*ROW_FIELDS)
        .order_by(*ordering)
    )
    paginator = CountedPaginator(listed, PAGE_SIZE, count=counted.listed(kind))
    return RosterPage(
        page=paginator.get_page(filters.page), counts=counted.counts(), filters=filters
    )
