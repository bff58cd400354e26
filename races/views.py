"""Race pages: a runner's races (or their coach's view of them), the race form with its live
season-rule warnings, and removing a race."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from athletes.access import athlete_in_scope, page_url
from athletes.http import AuthenticatedHttpRequest, posted_pk
from athletes.models import Athlete, User
from races import rules, services
from races.forms import RaceForm
from races.models import Race


def page_urls(athlete: Athlete, user: User) -> dict[str, str]:
    """Links between the race pages: the runner's own, or their coach's view of them."""
    return {
        "races": page_url("races:races", athlete=athlete, user=user),
        "new_race": page_url("races:race-new", athlete=athlete, user=user),
    }


def editable_race(request: AuthenticatedHttpRequest, pk: int) -> Race:
    return get_object_or_404(
        Race.objects.editable_by(request.user).select_related("athlete__user"), pk=pk
    )


def form_page(
    request: AuthenticatedHttpRequest, form: RaceForm, *, race: Race | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "athlete": form.athlete,
        "race": race,
        "warnings": form.warnings,
        "urls": page_urls(form.athlete, request.user),
    }
    return render(request, "races/race_form.html", context)


def saved(
    request: AuthenticatedHttpRequest, race: Race, warnings: list[rules.Warning]
) -> HttpResponse:
    note = " It breaks a season rule: see the warning beside it." if warnings else ""
    messages.success(request, f"Race “{race.name}” saved.{note}")
    return redirect(page_urls(race.athlete, request.user)["races"])


@login_required
def race_list(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    today = athlete.local_today()
    races = services.race_list(
        athlete=athlete,
        races=Race.objects.visible_to(request.user).filter(athlete=athlete),
        today=today,
    )
    context = {
        "athlete": athlete,
        "upcoming": races.upcoming,
        "past": races.past,
        "today": today,
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "races/race_list.html", context)


@login_required
def race_new(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    form = RaceForm(request.POST or None, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        race = services.race_create(athlete=athlete, by=request.user, draft=form.draft())
        return saved(request, race, form.warnings)
    return form_page(request, form)


@login_required
def race_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    race = editable_race(request, pk)
    form = RaceForm(request.POST or None, athlete=race.athlete, instance=race)
    if request.method == "POST" and form.is_valid():
        services.race_update(race=race, by=request.user, draft=form.draft())
        return saved(request, race, form.warnings)
    return form_page(request, form, race=race)


@login_required
@require_POST
def race_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The live season-rule warnings for the race form as typed (an HTMX fragment); saves nothing."""
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user), pk=posted_pk(request, "athlete")
    )
    race = None
    if request.POST.get("race"):
        race = get_object_or_404(
            Race.objects.editable_by(request.user).filter(athlete=athlete),
            pk=posted_pk(request, "race"),
        )
    form = RaceForm(request.POST, athlete=athlete, instance=race)
    form.is_valid()
    return render(
        request,
        "races/race_form.html#warnings",
        {"form": form, "athlete": athlete, "race": race, "warnings": form.warnings},
    )


@login_required
@require_http_methods(["GET", "POST"])
def race_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    race = editable_race(request, pk)
    urls = page_urls(race.athlete, request.user)
    if request.method == "POST":
        services.race_delete(race=race, by=request.user)
        messages.success(request, f"Race “{race.name}” removed.")
        return redirect(urls["races"])
    context = {"race": race, "athlete": race.athlete, "urls": urls}
    return render(request, "races/race_confirm_delete.html", context)
