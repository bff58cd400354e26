from django.apps import AppConfig
from django.db import transaction

import coaching.checks  # noqa: F401  (registers the start-up checks)
from checkins.signals import log_changed
from races.signals import race_saved


def refresh_after_commit(sender, *, athlete=None, race=None, **kwargs) -> None:
    """An athlete's data changed: their standing (flags, triage order) follows once it is saved."""
    from coaching import attention

    athlete = athlete or race.athlete
    transaction.on_commit(lambda: attention.refresh_standings([athlete]))


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"

    def ready(self) -> None:
        from checkins import reminders
        from coaching import attention

        log_changed.connect(refresh_after_commit, dispatch_uid="coaching-standing-log")
        race_saved.connect(refresh_after_commit, dispatch_uid="coaching-standing-race")
        # The digest (checkins, which may not import coaching) lists the same open flags as
        # the roster and the API.
        reminders.attention_source = attention.open_flags_in_triage_order
