from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save

import coaching.checks  # noqa: F401  (registers the start-up checks)
from checkins.signals import log_changed
from races.signals import race_saved

if TYPE_CHECKING:
    # Named in annotations only: an AppConfig module loads before the models can.
    from athletes.models import Athlete, User
    from races.models import Race


def refresh_after_commit(
    sender: object,
    *,
    athlete: "Athlete | None" = None,
    race: "Race | None" = None,
    **kwargs: object,
) -> None:
    """An athlete's data changed: their standing (flags, triage order) follows once it is saved."""
    from coaching.attention.standings import refresh_standings

    if athlete is None:
        assert race is not None  # race_saved names the race, log_changed the athlete
        athlete = race.athlete
    transaction.on_commit(lambda: refresh_standings([athlete]))


def follow_coach(
    sender: object,
    *,
    instance: "Athlete",
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    """An athlete's coach saved (the services that change it, joining and leaving a roster,
    name the field): their standing follows, so they are listed on the right roster at once.
    Other saves cost nothing here; a coach changed some other way (the admin) is found and
    corrected by the roster's census (`coaching.roster.stale_standing`)."""
    from coaching.models import Standing

    if created or update_fields is None or "coach" not in update_fields:
        return
    # The ignore: an exact lookup on None is IS NULL (a runner who left their coach), which the
    # stubs do not allow for.
    Standing.objects.filter(athlete=instance).exclude(
        coach_id=instance.coach_id  # type: ignore[misc]
    ).update(coach_id=instance.coach_id)


def follow_name(
    sender: object,
    *,
    instance: "User",
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    """A user saved, perhaps renamed: their standing sorts them under the new name."""
    from coaching.models import Standing

    if update_fields is not None and "full_name" not in update_fields:
        return
    Standing.objects.filter(athlete__user=instance).exclude(sort_name=instance.full_name).update(
        sort_name=instance.full_name
    )


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"

    def ready(self) -> None:
        from athletes.models import Athlete, User
        from checkins.reminders import digest
        from coaching.attention.standings import open_flags_in_triage_order

        post_save.connect(follow_coach, sender=Athlete, dispatch_uid="coaching-standing-coach")
        post_save.connect(follow_name, sender=User, dispatch_uid="coaching-standing-name")
        log_changed.connect(refresh_after_commit, dispatch_uid="coaching-standing-log")
        race_saved.connect(refresh_after_commit, dispatch_uid="coaching-standing-race")
        # The digest (checkins, which may not import coaching) lists the same open flags as
        # the roster and the API.
        digest.attention_source = open_flags_in_triage_order
