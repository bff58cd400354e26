from django.apps import AppConfig


class RacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "races"

    def ready(self) -> None:
        from races import week_sessions
        from races.signals import race_saved

        race_saved.connect(week_sessions.race_saved_receiver, dispatch_uid="races-week-sessions")
