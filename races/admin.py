from django.contrib import admin

from races.models import CalendarFeed, PersonalBest, Race


@admin.register(Race)
class RaceAdmin(admin.ModelAdmin):
    list_display = ["name", "athlete", "date", "distance_m", "priority", "status", "result_time_s"]
    list_filter = ["priority", "status"]
    search_fields = ["name", "location", "athlete__user__full_name", "athlete__user__email"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "created_by"]
    date_hierarchy = "date"


@admin.register(PersonalBest)
class PersonalBestAdmin(admin.ModelAdmin):
    list_display = ["athlete", "distance_m", "duration_s", "previous_s", "date", "source"]
    list_filter = ["source"]
    search_fields = ["athlete__user__full_name", "source_label"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["key"]
