from django import forms
from django.contrib.auth.forms import UserCreationForm

from athletes.models import (
    WEEKDAYS,
    Athlete,
    BusyPeriod,
    Coach,
    Squad,
    User,
    validate_time_zone,
)


class TimeZoneField(forms.CharField):
    """A free-text field backed by a searchable <datalist> of IANA names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_time_zone])
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)


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
    time_zone = TimeZoneField(initial="Europe/London")

    class Meta:
        model = User
        fields = ["full_name", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
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
        fields = [
            "time_zone",
            "units",
            "experience",
            "date_of_birth",
            *Athlete.AVAILABILITY_FIELDS,
            "reminder_weekday",
            "reminder_time",
            "email_reminders",
        ]
        labels = dict(zip(Athlete.AVAILABILITY_FIELDS, WEEKDAYS, strict=True))
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            **{
                field: forms.NumberInput(
                    attrs={"min": 0, "max": 600, "step": 5, "inputmode": "numeric"}
                )
                for field in Athlete.AVAILABILITY_FIELDS
            },
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
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"label": "What is it?"}
        help_texts = {"label": "e.g. Work crunch, family holiday"}

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.athlete = athlete


class SquadForm(forms.ModelForm):
    class Meta:
        model = Squad
        fields = ["name"]

    def __init__(self, *args, coach: Coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coach = coach

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Squad.objects.filter(coach=self.instance.coach, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("You already have a squad with this name.")
        return name


class MoveToSquadForm(forms.Form):
    squad = forms.ModelChoiceField(
        queryset=Squad.objects.none(), required=False, empty_label="No squad"
    )

    def __init__(self, *args, user: User, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["squad"].queryset = Squad.objects.visible_to(user).filter(coach=athlete.coach)


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Runner's e-mail")
    squad = forms.ModelChoiceField(
        queryset=Squad.objects.none(), required=False, empty_label="No squad"
    )

    def __init__(self, *args, coach: Coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach = coach
        self.fields["squad"].queryset = Squad.objects.filter(coach=coach)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if Athlete.objects.on_roster_of(self.coach).filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This runner is already on your roster.")
        if self.coach.invitations.pending().filter(email=email).exists():
            raise forms.ValidationError(
                "You have already invited this address; revoke that invitation to send a new one."
            )
        return email
