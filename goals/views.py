from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from athletes.access import athlete_in_scope, page_url
from athletes.http import AuthenticatedHttpRequest, posted_pk
from athletes.models import Athlete, User
from goals import progress as measured
from goals import season_milestones, services, smart
from goals.assessment import assess_draft, draft_of, runner_context
from goals.board import goal_board
from goals.forms.benchmarks import BenchmarkForm
from goals.forms.goals import GoalForm, ReasonForm, TickForm
from goals.forms.milestones import MilestoneForm
from goals.models import Goal, Milestone
from goals.smart.verdicts import Assessment
from races import predictions, records


def page_urls(athlete: Athlete, user: User) -> dict[str, str]:
    """Links between the goal pages: the runner's own, or their coach's view of them."""
    return {
        "goals": page_url("goals:goals", athlete=athlete, user=user),
        "new_goal": page_url("goals:goal-new", athlete=athlete, user=user),
        "benchmarks": page_url("goals:benchmarks", athlete=athlete, user=user),
    }


def assess_goal(goal: Goal) -> Assessment | None:
    return assess_draft(draft=draft_of(goal), athlete=goal.athlete)


def editable_goal(request: AuthenticatedHttpRequest, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.editable_by(request.user).select_related("athlete__user"), pk=pk
    )


@login_required
def goal_list(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    board = goal_board(athlete)
    context = {
        "athlete": athlete,
        "board": board,
        "personal_bests": records.current_bests(athlete),
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "goals/goals.html", context)


@login_required
def goal_new(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    initial = {key: request.GET[key] for key in ("level", "parent") if key in request.GET}
    form = GoalForm(request.POST or None, athlete=athlete, initial=initial)
    if request.method == "POST" and form.is_valid():
        goal = services.goal_save(
            athlete=athlete, goal=None, by=request.user, data=form.goal_data()
        )
        messages.success(request, f"Goal “{goal.title}” saved.")
        return redirect("goals:goal-detail", pk=goal.pk)
    context = {
        "form": form,
        "athlete": athlete,
        "assessment": form.assessment,
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "goals/goal_form.html", context)


@login_required
def goal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = editable_goal(request, pk)
    form = GoalForm(request.POST or None, athlete=goal.athlete, instance=goal)
    if request.method == "POST" and form.is_valid():
        services.goal_save(
            athlete=goal.athlete,
            goal=goal,
            by=request.user,
            data=form.goal_data(),
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Goal “{goal.title}” updated.")
        return redirect("goals:goal-detail", pk=goal.pk)
    assessment = form.assessment if form.is_bound else assess_goal(goal)
    context = {"form": form, "athlete": goal.athlete, "goal": goal, "assessment": assessment}
    return render(request, "goals/goal_form.html", context)


@login_required
@require_POST
def goal_assess(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The live SMART verdicts for the goal form as typed (an HTMX fragment); saves nothing."""
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user), pk=posted_pk(request, "athlete")
    )
    goal = None
    if request.POST.get("goal"):
        goal = get_object_or_404(
            Goal.objects.editable_by(request.user).filter(athlete=athlete),
            pk=posted_pk(request, "goal"),
        )
    form = GoalForm(request.POST, athlete=athlete, instance=goal)
    form.is_valid()
    return render(
        request,
        "goals/goal_form.html#smart",
        {
            "form": form,
            "athlete": athlete,
            "goal": goal,
            "assessment": form.assessment,
            "oob": True,
        },
    )


@login_required
def goal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.visible_to(request.user).select_related("athlete"), pk=pk)
    board = goal_board(goal.athlete)
    node = board.nodes[goal.pk]
    assessment = smart.assess(
        draft_of(node.goal),
        runner_context(board.activity, today=goal.athlete.local_today()),
    )
    changes = list(goal.changes.select_related("changed_by"))
    for change in changes:
        change.goal = node.goal
    context = {
        "athlete": goal.athlete,
        "goal": node.goal,
        "node": node,
        "assessment": assessment,
        "changes": changes,
        "urls": page_urls(goal.athlete, request.user),
    }
    return render(request, "goals/goal_detail.html", context)


def simple_form(
    request: HttpRequest, form: forms.BaseForm, *, title: str, button: str, goal: Goal
) -> HttpResponse:
    return render(
        request,
        "goals/simple_form.html",
        {"form": form, "title": title, "button": button, "goal": goal},
    )


@login_required
def goal_abandon(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        Goal.objects.editable_by(request.user).open().select_related("athlete"), pk=pk
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.goal_abandon(goal=goal, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"“{goal.title}” moved to your history, with your reason.")
        return redirect(page_urls(goal.athlete, request.user)["goals"])
    return simple_form(
        request, form, title=f"Let go of “{goal.title}”", button="Abandon", goal=goal
    )


@login_required
def goal_tick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        Goal.objects.editable_by(request.user).open().filter(metric="").select_related("athlete"),
        pk=pk,
    )
    form = TickForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.goal_tick(goal=goal, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, f"Well done: “{goal.title}” achieved!")
        return redirect("goals:goal-detail", pk=goal.pk)
    return simple_form(request, form, title=f"Tick off “{goal.title}”", button="Done!", goal=goal)


@login_required
def milestone_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = editable_goal(request, pk)
    form = MilestoneForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        milestone = services.milestone_save(milestone=form.save(commit=False))
        messages.success(request, f"Milestone “{milestone.title}” added.")
        return redirect("goals:goal-detail", pk=goal.pk)
    return simple_form(request, form, title="Add a milestone", button="Add milestone", goal=goal)


@login_required
@require_POST
def milestone_tick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.editable_by(request.user)
        .filter(target_value=None, achieved_at=None)
        .select_related("goal__athlete"),
        pk=pk,
    )
    services.milestone_tick(milestone=milestone)
    messages.success(request, f"Milestone “{milestone.title}” reached!")
    return redirect("goals:goal-detail", pk=milestone.goal_id)


@login_required
@require_POST
def milestone_from_season(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept the season's suggested milestone for one phase end (posted `phase`) as a
    milestone of this outcome goal; accepting it twice adds it once."""
    goal = get_object_or_404(
        Goal.objects.editable_by(request.user)
        .open()
        .filter(level=Goal.Level.OUTCOME)
        .select_related("athlete__user"),
        pk=pk,
    )
    suggestion = season_milestones.suggestion_for(goal.athlete, phase=request.POST.get("phase", ""))
    if suggestion is None:
        raise Http404("The season plan suggests no milestone for that phase.")
    milestone, created = season_milestones.milestone_from_season(goal=goal, suggestion=suggestion)
    if created:
        messages.success(request, f"Milestone “{milestone.title}” added to “{goal.title}”.")
    else:
        messages.info(request, f"“{milestone.title}” is already a milestone of “{goal.title}”.")
    return redirect(page_url("season", athlete=goal.athlete, user=request.user))


@login_required
def benchmark_list(
    request: AuthenticatedHttpRequest, athlete_pk: int | None = None
) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    form = BenchmarkForm(request.POST or None, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        services.benchmark_create(athlete=athlete, by=request.user, data=form.benchmark_data())
        messages.success(request, "Benchmark saved.")
        return redirect(request.path)
    today = athlete.local_today()
    best = measured.activity_for(athlete, today=today).best_effort(today)
    context = {
        "athlete": athlete,
        "form": form,
        "benchmarks": athlete.benchmarks.select_related("created_by")[:50],
        "best": best,
        "vdot": predictions.vdot(best.distance_m, best.duration_s) if best else None,
        "predictions": predictions.predictions(best.distance_m, best.duration_s) if best else [],
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "goals/benchmarks.html", context)
