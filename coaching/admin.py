from django.contrib import admin

from coaching.models import HandledFlag, Standing


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ["athlete", "score", "overdue_days", "review_state", "streak", "computed_at"]
    search_fields = ["athlete__user__full_name", "athlete__user__email"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete"]
    readonly_fields = ["computed_at", "stale_after"]


@admin.register(HandledFlag)
class HandledFlagAdmin(admin.ModelAdmin):
    list_display = ["athlete", "flag", "reason", "handled_by", "handled_at"]
    list_filter = ["flag"]
    search_fields = ["athlete__user__full_name", "reason", "note"]
    list_select_related = ["athlete__user", "handled_by"]
    raw_id_fields = ["athlete", "handled_by"]
