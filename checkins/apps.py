from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkins"

    def ready(self) -> None:
        from checkins import sessions, weekstats
        from checkins.signals import log_changed

        log_changed.connect(weekstats.log_changed_receiver, dispatch_uid="checkins-week-stats")
        log_changed.connect(sessions.log_changed_receiver, dispatch_uid="checkins-sessions")
