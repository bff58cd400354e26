import re

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from athletes import services
from athletes.access import athlete_of, coach_of, roster_athlete
from athletes.forms import (
    AccountForm,
    AthleteSettingsForm,
    BusyPeriodForm,
    CoachSettingsForm,
    InvitationForm,
    MoveToSquadForm,
    OnboardingForm,
    SignupForm,
    SquadForm,
)
from athletes.http import AuthenticatedHttpRequest, safe_next
from athletes.models import BusyPeriod, Invitation, Squad


def signup(request: HttpRequest) -> HttpResponse:
    invitation_token = request.GET.get("invite", "")
    if request.user.is_authenticated:
        # Already signed in: an invitation link goes straight to its confirmation page, which
        # also explains a mistyped one (a token is URL-safe base64; anything else is not ours).
        if re.fullmatch(r"[\w-]+", invitation_token):
            return redirect("athletes:invitation-accept", token=invitation_token)
        if invitation_token:
            messages.error(request, "This invitation link is not valid.")
        return redirect("home")
    invitation = None
    if invitation_token:
        try:
            invitation = services.invitation_for_token(invitation_token)
        except services.InvitationError as error:
            messages.error(request, str(error))
            invitation_token = ""
    form = SignupForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        user = services.user_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            time_zone=form.cleaned_data["time_zone"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Runpath, {user.get_short_name()}!")
        if invitation is not None:
            # The account exists either way; a link used up meanwhile only costs the joining.
            try:
                services.invitation_accept(token=invitation_token, user=user)
                messages.success(request, f"You now train with {invitation.coach}.")
            except services.InvitationError as error:
                messages.error(request, str(error))
        if user.athlete_profile is not None:
            # A runner is asked a few questions first, then goes on to where they were headed.
            return redirect(with_next(reverse("athletes:onboarding"), safe_next(request)))
        return redirect(safe_next(request) or "home")
    context = {"form": form, "invite": invitation_token, "next": safe_next(request)}
    return render(request, "registration/signup.html", context)


def with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


@login_required
def onboarding(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    if athlete.onboarded_at is not None:
        return redirect(safe_next(request) or "home")
    form = OnboardingForm(request.POST or None, instance=athlete)
    if request.method == "POST" and form.is_valid():
        services.onboarding_finish(athlete=form.save(commit=False), fields=form.Meta.fields)
        messages.success(request, "Saved. You can change these any time in Settings.")
        return redirect(safe_next(request) or "home")
    return render(request, "athletes/onboarding.html", {"form": form, "next": safe_next(request)})


@login_required
@require_POST
def onboarding_skip(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    if athlete.onboarded_at is None:
        services.onboarding_finish(athlete=athlete)
        messages.info(request, "No problem: you can set these any time in Settings.")
    return redirect(safe_next(request) or "home")


@login_required
def account_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = request.user.athlete_profile
    coach = request.user.coach_profile
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    profile_form: AthleteSettingsForm | CoachSettingsForm | None = None
    if athlete is not None:
        profile_form = AthleteSettingsForm(request.POST or None, instance=athlete, prefix="profile")
    elif coach is not None:
        profile_form = CoachSettingsForm(request.POST or None, instance=coach, prefix="profile")
    forms = [form for form in (account_form, profile_form) if form is not None]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        for form in forms:
            form.save()
        messages.success(request, "Settings saved.")
        return redirect("athletes:settings")
    busy_periods = athlete.busy_periods.all() if athlete else []
    return render(
        request,
        "athletes/settings.html",
        {"account_form": account_form, "profile_form": profile_form, "busy_periods": busy_periods},
    )


@login_required
def busy_period_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    athlete = athlete_of(request)
    period = None
    if pk is not None:
        period = get_object_or_404(BusyPeriod.objects.editable_by(request.user), pk=pk)
    form = BusyPeriodForm(
        request.POST or None, instance=period, athlete=period.athlete if period else athlete
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Busy period “{form.instance.label}” saved.")
        return redirect(reverse("athletes:settings") + "#busy-periods")
    return render(request, "athletes/busy_period_form.html", {"form": form, "period": period})


@login_required
@require_POST
def busy_period_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(BusyPeriod.objects.editable_by(request.user), pk=pk)
    period.delete()
    messages.success(request, f"Busy period “{period.label}” removed.")
    return redirect(reverse("athletes:settings") + "#busy-periods")


@login_required
def squad_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    coach = coach_of(request)
    form = SquadForm(request.POST or None, coach=coach)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Squad “{form.instance.name}” created.")
        return redirect("athletes:squads")
    squads = Squad.objects.visible_to(request.user).filter(coach=coach).with_member_counts()
    return render(request, "athletes/squads.html", {"form": form, "squads": squads})


@login_required
def squad_rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    squad = get_object_or_404(Squad.objects.visible_to(request.user), pk=pk)
    form = SquadForm(request.POST or None, instance=squad, coach=squad.coach)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Squad renamed.")
        return redirect("athletes:squads")
    return render(request, "athletes/squad_form.html", {"form": form, "squad": squad})


@login_required
@require_POST
def squad_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    squad = get_object_or_404(Squad.objects.visible_to(request.user), pk=pk)
    squad.delete()
    messages.success(request, f"Squad “{squad.name}” deleted; its athletes stay on your roster.")
    return redirect("athletes:squads")


@login_required
@require_POST
def athlete_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    athlete = roster_athlete(request, pk)
    form = MoveToSquadForm(request.POST, user=request.user, athlete=athlete)
    if form.is_valid():
        athlete.squad = form.cleaned_data["squad"]
        athlete.save(update_fields=["squad"])
        messages.success(request, f"{athlete} moved to {athlete.squad or 'no squad'}.")
    else:
        messages.error(request, "That squad is not one of yours.")
    return redirect(safe_next(request) or "roster")


@login_required
def athlete_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    athlete = roster_athlete(request, pk)
    if request.method == "POST":
        services.roster_remove(athlete=athlete)
        messages.success(
            request, f"{athlete} is no longer on your roster. Their account and data are kept."
        )
        return redirect("roster")
    return render(request, "athletes/athlete_remove.html", {"athlete": athlete})


@login_required
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    coach = coach_of(request)
    form = InvitationForm(request.POST or None, coach=coach)
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_send(
            coach=coach, email=form.cleaned_data["email"], squad=form.cleaned_data["squad"]
        )
        messages.success(request, f"Invitation to {invitation.email} is on its way.")
        return redirect("athletes:invitations")
    invitations = (
        Invitation.objects.visible_to(request.user).filter(coach=coach).select_related("squad")
    )
    pending = list(invitations.pending())
    context = {
        "form": form,
        "pending": pending,
        # The list asks again every few seconds while an e-mail is on its way.
        "sending": any(invitation.delivery == "sending" for invitation in pending),
        "invitations": invitations[:50],
    }
    return render(request, "athletes/invitations.html", context)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user).pending(), pk=pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"Invitation to {invitation.email} revoked.")
    return redirect("athletes:invitations")


@login_required
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user).pending(), pk=pk)
    if services.invitation_resend(invitation=invitation):
        messages.success(
            request,
            f"Sending the invitation to {invitation.email} again, with a new link; "
            "the link in earlier e-mails no longer works.",
        )
    else:
        messages.error(request, services.resend_too_soon_message(invitation))
    return redirect("athletes:invitations")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationError as error:
        return render(request, "athletes/invitation_invalid.html", {"error": error}, status=410)
    if not request.user.is_authenticated:
        return render(
            request, "athletes/invitation_welcome.html", {"invitation": invitation, "token": token}
        )
    current_coach = getattr(request.user.athlete_profile, "coach", None)
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)
        except services.InvitationError as error:
            return render(request, "athletes/invitation_invalid.html", {"error": error}, status=410)
        messages.success(request, f"You now train with {invitation.coach}.")
        return redirect("home")
    return render(
        request,
        "athletes/invitation_confirm.html",
        {"invitation": invitation, "current_coach": current_coach, "token": token},
    )
