from django.contrib import admin
from django.http import HttpRequest

from integrations.models import StravaConnection, StravaEvent


@admin.register(StravaConnection)
class StravaConnectionAdmin(admin.ModelAdmin):
    """Read only: tokens are never shown (nor editable), and a connection is made by the
    runner on Strava's consent page, never here."""

    list_display = ["athlete", "strava_athlete_id", "connected", "last_sync_at", "waiting_until"]
    search_fields = ["athlete__user__full_name", "athlete__user__email", "strava_athlete_id"]
    list_select_related = ["athlete__user"]
    readonly_fields = [
        "athlete",
        "strava_athlete_id",
        "scopes",
        "connected_at",
        "expires_at",
        "last_sync_at",
        "waiting_until",
        "last_error",
        "notice",
        "skipped_activities",
        "backfill_job",
    ]

    @admin.display(boolean=True)
    def connected(self, connection: StravaConnection) -> bool:
        return connection.is_connected

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StravaEvent)
class StravaEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "owner_id", "object_type", "object_id", "aspect_type", "state"]
    list_filter = ["state", "object_type", "aspect_type"]
    search_fields = ["owner_id", "object_id"]
    readonly_fields = [field.name for field in StravaEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
