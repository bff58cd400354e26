from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from athletes.models import Athlete, BusyPeriod, Coach, Invitation, Squad, User


class UserChange(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserCreation(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChange
    add_form = UserCreation
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["full_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "email_digest", "created_at"]
    list_filter = ["email_digest"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(Squad)
class SquadAdmin(admin.ModelAdmin):
    list_display = ["name", "coach", "created_at"]
    search_fields = ["name", "coach__user__full_name"]
    list_select_related = ["coach__user"]


class BusyPeriodInline(admin.TabularInline):
    model = BusyPeriod
    extra = 0


@admin.register(Athlete)
class AthleteAdmin(admin.ModelAdmin):
    list_display = ["user", "coach", "squad", "experience", "units", "time_zone", "email_reminders"]
    list_filter = ["experience", "units", "email_reminders", "coach"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "coach__user", "squad"]
    autocomplete_fields = ["user"]
    inlines = [BusyPeriodInline]


@admin.register(BusyPeriod)
class BusyPeriodAdmin(admin.ModelAdmin):
    list_display = ["athlete", "label", "start", "end"]
    search_fields = ["athlete__user__full_name", "label"]
    date_hierarchy = "start"
    list_select_related = ["athlete__user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "coach",
        "status",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["accepted_at", "revoked_at"]
    search_fields = ["email", "coach__user__full_name"]
    readonly_fields = ["token_hash"]
    list_select_related = ["coach__user"]
