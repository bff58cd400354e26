from django.apps import AppConfig

from checkins.signals import log_changed
from races.signals import race_saved


class GoalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goals"

    def ready(self) -> None:
        # Services use models, which exist only once the app registry is ready.
        from goals import achievements, services

        log_changed.connect(achievements.log_changed_receiver, dispatch_uid="goals-achievements")
        race_saved.connect(services.race_saved_receiver, dispatch_uid="goals-race-saved")
