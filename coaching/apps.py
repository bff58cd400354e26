from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save

import coaching.checks  # noqa: F401  (registers the start-up checks)
from checkins.signals import log_changed
from races.signals import race_saved


def refresh_after_commit(sender, *, athlete=None, race=None, **kwargs) -> None:
    """An athlete's data changed: their standing (flags, triage order) follows once it is saved."""
    from coaching.attention.standings import refresh_standings

    athlete = athlete or race.athlete
    transaction.on_commit(lambda: refresh_standings([athlete]))


def follow_coach(sender, *, instance, created: bool, update_fields=None, **kwargs) -> None:
    """An athlete's coach saved (the services that change it, joining and leaving a roster,
    name the field): their standing follows, so they are listed on the right roster at once.
    Other saves cost nothing here; a coach changed some other way (the admin) is found and
    corrected by the roster's census (`coaching.roster.stale_standing`)."""
    from coaching.models import Standing

    if created or update_fields is None or "coach" not in update_fields:
        return
    Standing.objects.filter(athlete=instance).exclude(coach_id=instance.coach_id).update(
        coach_id=instance.coach_id
    )


def follow_name(sender, *, instance, update_fields=None, **kwargs) -> None:
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
