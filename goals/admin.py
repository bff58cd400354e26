from django.contrib import admin
from django.http import HttpRequest

from goals.models import Benchmark, Goal, GoalChange, Milestone


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class GoalChangeInline(admin.TabularInline):
    model = GoalChange
    extra = 0
    readonly_fields = ["changed_at", "changed_by", "field", "old_value", "new_value", "reason"]
    can_delete = False


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "athlete", "level", "metric", "status", "target_date"]
    list_filter = ["level", "kind", "status", "metric"]
    search_fields = ["title", "athlete__user__full_name", "athlete__user__email"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "parent", "race", "created_by", "updated_by"]
    inlines = [MilestoneInline, GoalChangeInline]


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["athlete", "distance_m", "duration_s", "date", "note"]
    search_fields = ["athlete__user__full_name", "note"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "created_by"]
    date_hierarchy = "date"


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "target_value", "target_date", "achieved_at"]
    list_filter = [("achieved_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "goal__title", "goal__athlete__user__full_name"]
    list_select_related = ["goal"]
    raw_id_fields = ["goal"]
    date_hierarchy = "target_date"


@admin.register(GoalChange)
class GoalChangeAdmin(admin.ModelAdmin):
    """The adjust-don't-abandon history: read it here, change it nowhere."""

    list_display = ["goal", "field", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["field"]
    search_fields = ["goal__title", "reason", "goal__athlete__user__full_name"]
    list_select_related = ["goal", "changed_by"]
    date_hierarchy = "changed_at"

    def has_change_permission(self, request: HttpRequest, obj: GoalChange | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
