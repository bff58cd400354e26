from django.contrib import admin

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
    raw_id_fields = ["athlete", "parent", "created_by", "updated_by"]
    inlines = [MilestoneInline, GoalChangeInline]


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["athlete", "distance_m", "duration_s", "date", "note"]
    search_fields = ["athlete__user__full_name", "note"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "created_by"]
    date_hierarchy = "date"
