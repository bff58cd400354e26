import datetime as dt
import hashlib
import secrets
import unicodedata
import zoneinfo
from functools import cache
from typing import Any, Self, TypeVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from athletes.measures import WEEK, monday_of, short_date

INVITATION_LIFETIME = dt.timedelta(days=7)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@cache
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def validate_one_line(value: str) -> None:
    """A name is printed in e-mail subjects and one-line lists: no line breaks, tabs or other
    control characters (a line break in a subject would stop every e-mail naming it)."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise ValidationError("Write the name on one line, without tabs or line breaks.")


def ends_before_start(start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a span ends before it starts; False while a date is missing, since a model's
    `clean()` also runs when a form left a date empty (the field's own check says so)."""
    return start is not None and end is not None and end < start


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Pick one from the list, e.g. Europe/London.",
            params={"value": value},
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; coach and athlete are profiles on it."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, validators=[validate_one_line])
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            # Logins ignore case, so two addresses differing only in case would be one login.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def coach_profile(self) -> "Coach | None":
        return getattr(self, "coach", None)

    @property
    def athlete_profile(self) -> "Athlete | None":
        return getattr(self, "athlete", None)


class Coach(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="coach")
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    email_digest = models.BooleanField(
        "weekly digest e-mail", default=True, help_text="Monday 08:00 in your time zone."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name_plural = "coaches"

    def __str__(self) -> str:
        return str(self.user)


_OwnedModel = TypeVar("_OwnedModel", bound=models.Model)


class CoachOwnedQuerySet(models.QuerySet[_OwnedModel]):
    """Base for every model that belongs to one coach (squads, invitations): the coach sees
    their own, staff everyone's."""

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(coach__user=user)


class SquadQuerySet(CoachOwnedQuerySet["Squad"]):
    def with_member_counts(self) -> Self:
        return self.annotate(member_count=models.Count("athletes"))


SQUAD_NAME_TAKEN = "You already have a squad with this name."


class Squad(models.Model):
    """A coach's named group of athletes (e.g. "Marathon group")."""

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="squads")
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SquadQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["coach", "name"], name="squad_name_unique_per_coach")
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def clean_name_for(coach: Coach | None, name: str, *, squad: "Squad | None" = None) -> str:
        """`name` trimmed, once no other squad of `coach` has it, whatever the case (the
        constraint alone would let "Marathon" and "marathon" stand side by side)."""
        name = name.strip()
        clash = Squad.objects.filter(coach=coach, name__iexact=name)
        if squad is not None and squad.pk is not None:
            clash = clash.exclude(pk=squad.pk)
        if clash.exists():
            raise ValidationError(SQUAD_NAME_TAKEN, code="squad_name_taken")
        return name


def athlete_scope(user: User, *, path: str = "") -> Q | None:
    """The condition selecting athletes (or rows owned by them, through `path`) `user` may see.

    None means everything (staff). This is the one rule every page, partial, form choice,
    API view, task and e-mail goes through: a coach sees their current athletes, a runner
    sees themself.
    """
    if user.is_staff:
        return None
    prefix = f"{path}__" if path else ""
    # The coach's id by a subquery rather than a join to every athlete's coach: the planner then
    # reads a roster through the coach_id index instead of joining and filtering each row.
    coach_ids = Coach.objects.filter(user=user).values("pk")
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}coach_id__in": coach_ids})


class AthleteOwnedQuerySet(models.QuerySet[_OwnedModel]):
    """Base for every model that belongs to one athlete: `visible_to` and `editable_by`."""

    athlete_path = "athlete"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        condition = athlete_scope(user, path=self.athlete_path)
        return self.all() if condition is None else self.filter(condition)

    def editable_by(self, user: User | AnonymousUser) -> Self:
        """Rows the user may change: their own, or (staff) anyone's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        prefix = f"{self.athlete_path}__" if self.athlete_path else ""
        return self.filter(**{f"{prefix}user": user})

    def on_roster_of(self, coach: Coach | None) -> Self:
        """Rows of the runners `coach` coaches now; none without a coach."""
        if coach is None:
            return self.none()
        prefix = f"{self.athlete_path}__" if self.athlete_path else ""
        return self.filter(**{f"{prefix}coach": coach})

    def coached_by(self, user: User) -> Self:
        """Rows of the runners `user` coaches now: what only their coach does (mark a review
        read, a flag handled). Staff looking on are nobody's coach."""
        return self.on_roster_of(getattr(user, "coach_profile", None))


class PlannedTogetherQuerySet(AthleteOwnedQuerySet[_OwnedModel]):
    """Rows a coach plans together with the runner (goals, benchmarks, races): whoever may see
    one may change it."""

    def editable_by(self, user: User | AnonymousUser) -> Self:
        return self.visible_to(user)


class AthleteQuerySet(AthleteOwnedQuerySet["Athlete"]):
    athlete_path = ""


class Athlete(models.Model):
    class Units(models.TextChoices):
        KM = "km", "Kilometres"
        MI = "mi", "Miles"

    class Experience(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="athlete")
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="athletes"
    )
    squad = models.ForeignKey(
        Squad, on_delete=models.SET_NULL, null=True, blank=True, related_name="athletes"
    )
    coached_since = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KM)
    experience = models.CharField(
        "experience level", max_length=12, choices=Experience.choices, default=Experience.BEGINNER
    )
    date_of_birth = models.DateField(null=True, blank=True)
    # Minutes the runner can train on each weekday, Monday first.
    minutes_mon = models.PositiveSmallIntegerField(default=45, validators=[MaxValueValidator(600)])
    minutes_tue = models.PositiveSmallIntegerField(default=45, validators=[MaxValueValidator(600)])
    minutes_wed = models.PositiveSmallIntegerField(default=45, validators=[MaxValueValidator(600)])
    minutes_thu = models.PositiveSmallIntegerField(default=45, validators=[MaxValueValidator(600)])
    minutes_fri = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(600)])
    minutes_sat = models.PositiveSmallIntegerField(default=60, validators=[MaxValueValidator(600)])
    minutes_sun = models.PositiveSmallIntegerField(default=90, validators=[MaxValueValidator(600)])
    reminder_weekday = models.PositiveSmallIntegerField(
        "weekly review reminder day",
        choices=list(enumerate(WEEKDAYS)),
        default=6,
    )
    reminder_time = models.TimeField("reminder time (your local time)", default=dt.time(18, 0))
    email_reminders = models.BooleanField("e-mail reminders", default=True)
    # When the runner answered (or skipped) the questions after signing up; empty until then.
    onboarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AthleteQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)

    AVAILABILITY_FIELDS = (
        "minutes_mon",
        "minutes_tue",
        "minutes_wed",
        "minutes_thu",
        "minutes_fri",
        "minutes_sat",
        "minutes_sun",
    )

    # What the runner sets about themself, on the settings page and through the API.
    SETTINGS_FIELDS = (
        "time_zone",
        "units",
        "experience",
        "date_of_birth",
        *AVAILABILITY_FIELDS,
        "reminder_weekday",
        "reminder_time",
        "email_reminders",
    )

    @property
    def name(self) -> str:
        return str(self.user)

    def is_coached_by(self, user: User) -> bool:
        """Whether `user` is this runner's coach now (the one-row twin of `coached_by`)."""
        coach = getattr(user, "coach_profile", None)
        return coach is not None and self.coach_id == coach.pk

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def weekly_minutes_available(self) -> int:
        return sum(getattr(self, field) for field in self.AVAILABILITY_FIELDS)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        return (now or timezone.now()).astimezone(self.zone).date()

    def week_start(self, now: dt.datetime | None = None) -> dt.date:
        """Monday of the current training week in the athlete's own time zone."""
        return monday_of(self.local_today(now))

    def week_bounds(self, week_start: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The aware instants [start, end) of the week beginning `week_start`, local midnight
        to local midnight, so a DST change inside the week is neither lost nor doubled."""
        start = dt.datetime.combine(week_start, dt.time.min, tzinfo=self.zone)
        end = dt.datetime.combine(week_start + WEEK, dt.time.min, tzinfo=self.zone)
        return start, end


class BusyPeriodQuerySet(AthleteOwnedQuerySet["BusyPeriod"]):
    def overlapping(self, start: dt.date, end: dt.date) -> Self:
        return self.filter(start__lte=end, end__gte=start)


class BusyPeriod(models.Model):
    """A stretch when the athlete expects to train less: work crunch, family holiday."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="busy_periods")
    start = models.DateField()
    end = models.DateField()
    label = models.CharField(max_length=80)

    objects = BusyPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="busy_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({short_date(self.start)} – {short_date(self.end, with_year=True)})"

    def clean(self) -> None:
        if ends_before_start(self.start, self.end):
            raise ValidationError({"end": "The end date must be on or after the start date."})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(CoachOwnedQuerySet["Invitation"]):
    def pending(self, now: dt.datetime | None = None) -> Self:
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """A coach's invitation to join their roster; only a hash of the token is stored."""

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    squad = models.ForeignKey(Squad, on_delete=models.SET_NULL, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The invitation is its own outbox entry (athletes/invitation_outbox.py): a page or the API
    # only records that an e-mail is wanted; a task claims the row and sends it after the commit.
    send_due_at = models.DateTimeField(
        null=True, blank=True, help_text="When the e-mail is next tried; empty when none waits."
    )
    send_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest attempt to send the e-mail began."
    )
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_error = models.CharField(max_length=300, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The outbox sweep reads only the few invitations whose e-mail is waiting.
            models.Index(
                fields=["send_due_at"],
                condition=Q(send_due_at__isnull=False),
                name="invitation_send_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.coach}"

    @classmethod
    def issue(
        cls, *, coach: Coach, email: str, squad: Squad | None = None, queue_email: bool = False
    ) -> tuple["Invitation", str]:
        """Create an invitation and return it with the only copy of its plain token.

        With `queue_email`, the invitation also waits in the outbox: sending it makes a new token
        (only a hash is stored, so the e-mail cannot reuse this one).
        """
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls.objects.create(
            coach=coach,
            email=email.lower(),
            squad=squad,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
            send_due_at=now if queue_email else None,
        )
        return invitation, token

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def delivery(self) -> str:
        """Where the invitation e-mail stands: "sending" (waiting, or being sent now),
        "retrying" (an attempt failed, another is due), "failed" (given up), "sent", or
        "unsent" (issued without an e-mail)."""
        if self.send_due_at is not None:
            in_flight = self.send_started_at and self.send_started_at >= self.send_due_at
            return "retrying" if self.send_error and not in_flight else "sending"
        if self.send_error:
            return "failed"
        return "sent" if self.last_sent_at else "unsent"
