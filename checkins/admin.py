from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from athletes.measures import short_date
from checkins.models import (
    Comment,
    ImportFile,
    ImportJob,
    PlannedSession,
    ReminderLog,
    Run,
    Setback,
    WeeklyReview,
    WeekStat,
)


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "athlete", "kind", "distance_m", "duration_s", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["athlete__user__full_name", "athlete__user__email", "notes"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "started_at"
    readonly_fields = ["source", "source_fingerprint", "created_at"]


class ReminderWeekFilter(admin.SimpleListFilter):
    title = "week"
    parameter_name = "week"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        weeks = (
            ReminderLog.objects.order_by("-week_start")
            .values_list("week_start", flat=True)
            .distinct()[:12]
        )
        return [(week.isoformat(), f"Week of {short_date(week, with_year=True)}") for week in weeks]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[ReminderLog]
    ) -> QuerySet[ReminderLog]:
        week = self.value()
        return queryset.filter(week_start=week) if week else queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = [
        "claimed_at",
        "recipient",
        "kind",
        "week_start",
        "status",
        "attempts",
        "outcome",
    ]
    list_filter = ["kind", "status", ReminderWeekFilter]
    search_fields = ["recipient__email", "recipient__full_name"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "athlete"]
    readonly_fields = ["claimed_at", "sent_at", "attempts", "error"]

    # A claim is written before the e-mail leaves; one still "claimed" long after means the
    # sweep died between claiming and sending, and that e-mail was lost (never sent twice).
    STUCK_AFTER = timedelta(hours=1)

    @admin.display(description="outcome")
    def outcome(self, log: ReminderLog) -> str:
        if (
            log.status == ReminderLog.Status.CLAIMED
            and log.claimed_at < timezone.now() - self.STUCK_AFTER
        ):
            return "Lost: claimed but never confirmed sent (the sweep stopped)"
        if log.status == ReminderLog.Status.FAILED:
            return log.error
        return ""


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["created_at", "read_at"]


@admin.register(WeeklyReview)
class WeeklyReviewAdmin(admin.ModelAdmin):
    list_display = ["week_start", "athlete", "status", "submitted_at", "submitted_late", "version"]
    list_filter = ["status", "submitted_late", "injured", "maintenance_week"]
    search_fields = ["athlete__user__full_name", "athlete__user__email"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "week_start"
    readonly_fields = ["version", "submitted_at", "coach_read_at", "created_at", "updated_at"]
    inlines = [CommentInline]

    def save_model(
        self, request: HttpRequest, obj: WeeklyReview, form: forms.ModelForm, change: bool
    ) -> None:
        # An edit here is a new version too, so a runner's open tab gets a conflict, not a
        # silent overwrite of what staff changed.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["review", "author", "created_at", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__full_name", "review__athlete__user__full_name"]
    list_select_related = ["author", "review__athlete__user"]
    raw_id_fields = ["review", "author"]
    date_hierarchy = "created_at"


@admin.register(Setback)
class SetbackAdmin(admin.ModelAdmin):
    list_display = ["athlete", "kind", "start", "end", "severity", "body_part"]
    list_filter = ["kind", "severity", ("end", admin.EmptyFieldListFilter)]
    search_fields = ["athlete__user__full_name", "body_part", "note"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "review", "created_by"]
    date_hierarchy = "start"


@admin.register(PlannedSession)
class PlannedSessionAdmin(admin.ModelAdmin):
    list_display = [
        "day",
        "athlete",
        "kind",
        "distance_m",
        "duration_s",
        "by_coach",
        "is_maintenance",
    ]
    list_filter = ["kind", "by_coach", "is_maintenance"]
    search_fields = ["athlete__user__full_name", "athlete__user__email", "notes"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "run", "created_by"]
    date_hierarchy = "day"


@admin.register(WeekStat)
class WeekStatAdmin(admin.ModelAdmin):
    list_display = ["athlete", "week_start", "distance_m", "runs", "longest_run_m", "load"]
    search_fields = ["athlete__user__full_name"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "week_start"


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    readonly_fields = ("position", "name", "size", "outcome")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportFile]:
        return super().get_queryset(request).defer("data")  # up to 20 MB a file

    def has_add_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read only: what a runner imported, and why a file was refused."""

    list_display = ["created_at", "athlete", "state", "progress", "finished_at"]
    list_filter = ["state"]
    search_fields = ["athlete__user__full_name", "athlete__user__email", "files__name"]
    list_select_related = ["athlete__user"]
    readonly_fields = ["athlete", "state", "progress", "stage", "started_at", "finished_at"]
    inlines = [ImportFileInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    """Read only, and never the bytes: a file waiting to be imported is a runner's own data."""

    list_display = ["name", "job", "size"]
    search_fields = ["name", "job__athlete__user__email"]
    list_select_related = ["job__athlete__user"]
    readonly_fields = ("job", "position", "name", "size", "outcome")
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportFile]:
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
