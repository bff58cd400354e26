from django.apps import AppConfig


class AthletesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "athletes"
