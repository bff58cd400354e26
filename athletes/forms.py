import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils import timezone

from athletes import services
from athletes.models import (
    WEEKDAYS,
    Athlete,
    BusyPeriod,
    Coach,
    Invitation,
    Squad,
    User,
    validate_time_zone,
)


class TimeZoneField(forms.CharField):
    """A free-text field backed by a searchable <datalist> of IANA names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [validate_time_zone])
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)


class LoginForm(AuthenticationForm):
    # E-mail logins ignore case, so Django's "both fields may be case-sensitive" would mislead.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail and password do not match. Check both, or reset your password.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.input_type = "email"


class SignupForm(UserCreationForm):
    class Role:
        COACH = "coach"
        RUNNER = "runner"

    full_name = forms.CharField(label="Your name", max_length=150)
    role = forms.ChoiceField(
        label="I am",
        choices=[(Role.RUNNER, "A runner"), (Role.COACH, "A coach")],
        widget=forms.RadioSelect,
        initial=Role.RUNNER,
    )
    time_zone = TimeZoneField(
        initial="Europe/London",
        help_text="We suggest your device's time zone; weeks and reminders follow it.",
    )

    field_order = ["role", "full_name", "email", "time_zone", "password1", "password2"]

    class Meta:
        model = User
        fields = ["full_name", "email"]

    def __init__(self, *args: Any, invitation: Invitation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/runpath.js puts the device's zone in; what the person typed is kept.
            self.fields["time_zone"].widget.attrs["data-detect-time-zone"] = ""
        if invitation is not None:
            # An invitation's new account is a runner who joins the inviting coach.
            self.fields["role"].disabled = True
            self.fields["role"].help_text = f"You are joining {invitation.coach}'s roster."
            self.initial.setdefault("email", invitation.email)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail already exists. Log in instead, or reset your password."
            )
        return email


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": "Name"}


class AthleteSettingsForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = Athlete
        fields = Athlete.SETTINGS_FIELDS
        # The reminder fields sit in a "Weekly review reminder" fieldset: short labels read
        # well there, while the models' verbose names stay whole for the admin and errors.
        labels = {
            **dict(zip(Athlete.AVAILABILITY_FIELDS, WEEKDAYS, strict=True)),
            "reminder_weekday": "Day",
            "reminder_time": "Time (your local time)",
            "email_reminders": "Send me e-mail reminders",
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            **{
                field: forms.NumberInput(
                    attrs={"min": 0, "max": 600, "step": 5, "inputmode": "numeric"}
                )
                for field in Athlete.AVAILABILITY_FIELDS
            },
        }

    def clean_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data["date_of_birth"]
        if born and born >= timezone.localdate():
            raise forms.ValidationError("Your date of birth must be in the past.")
        return born


class OnboardingForm(AthleteSettingsForm):
    """What a new runner is asked once after signing up: the settings page's own fields, with
    their validation, only those that shape what Runpath suggests and when it asks."""

    time_zone = None  # type: ignore[assignment]  # asked on the sign-up form already

    class Meta:
        model = Athlete
        labels = AthleteSettingsForm.Meta.labels
        widgets = AthleteSettingsForm.Meta.widgets
        fields = (
            "experience",
            "units",
            *Athlete.AVAILABILITY_FIELDS,
            "reminder_weekday",
            "reminder_time",
            "email_reminders",
        )
        help_texts = {
            "experience": "Used to check that your goals and races are within reach.",
            "units": "For every distance you see and type.",
        }


class CoachSettingsForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = Coach
        fields = ["time_zone", "email_digest"]


class BusyPeriodForm(forms.ModelForm):
    class Meta:
        model = BusyPeriod
        fields = ["label", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"label": "What is it?"}
        help_texts = {"label": "e.g. Work crunch, family holiday"}

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.athlete = athlete


class SquadForm(forms.ModelForm):
    class Meta:
        model = Squad
        fields = ["name"]

    def __init__(self, *args: Any, coach: Coach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coach = coach

    def clean_name(self) -> str:
        return Squad.clean_name_for(
            self.instance.coach, self.cleaned_data["name"], squad=self.instance
        )


class MoveToSquadForm(forms.Form):
    squad = forms.ModelChoiceField(
        queryset=Squad.objects.none(), required=False, empty_label="No squad"
    )

    def __init__(self, *args: Any, user: User, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        squad = self.fields["squad"]
        assert isinstance(squad, forms.ModelChoiceField)
        squad.queryset = Squad.objects.visible_to(user).filter(coach=athlete.coach)


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Runner's e-mail")
    squad = forms.ModelChoiceField(
        queryset=Squad.objects.none(), required=False, empty_label="No squad"
    )

    def __init__(self, *args: Any, coach: Coach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coach = coach
        squad = self.fields["squad"]
        assert isinstance(squad, forms.ModelChoiceField)
        squad.queryset = Squad.objects.visible_to(coach.user).filter(coach=coach)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        problem = services.invitation_email_problem(coach=self.coach, email=email)
        if problem:
            raise forms.ValidationError(problem)
        return email
