from django.apps import AppConfig

import athletes.checks  # noqa: F401  (registers the start-up checks)


class AthletesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "athletes"
