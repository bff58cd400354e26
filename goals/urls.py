from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("goals/", views.goal_list, name="goals"),
    path("goals/new/", views.goal_new, name="goal-new"),
    path("goals/assess/", views.goal_assess, name="goal-assess"),
    path("goals/<int:pk>/", views.goal_detail, name="goal-detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/abandon/", views.goal_abandon, name="goal-abandon"),
    path("goals/<int:pk>/tick/", views.goal_tick, name="goal-tick"),
    path("goals/<int:pk>/milestones/new/", views.milestone_new, name="milestone-new"),
    path("milestones/<int:pk>/tick/", views.milestone_tick, name="milestone-tick"),
    path(
        "goals/<int:pk>/milestones/from-season/",
        views.milestone_from_season,
        name="milestone-from-season",
    ),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("athletes/<int:athlete_pk>/goals/", views.goal_list, name="athlete-goals"),
    path("athletes/<int:athlete_pk>/goals/new/", views.goal_new, name="athlete-goal-new"),
    path("athletes/<int:athlete_pk>/benchmarks/", views.benchmark_list, name="athlete-benchmarks"),
]
