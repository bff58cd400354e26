from django.urls import path

from races import views, week_views

app_name = "races"

urlpatterns = [
    path("races/", views.race_list, name="races"),
    path("races/new/", views.race_new, name="race-new"),
    path("races/check/", views.race_check, name="race-check"),
    path("races/<int:pk>/edit/", views.race_edit, name="race-edit"),
    path("races/<int:pk>/delete/", views.race_delete, name="race-delete"),
    path("athletes/<int:athlete_pk>/races/", views.race_list, name="athlete-races"),
    path("athletes/<int:athlete_pk>/races/new/", views.race_new, name="athlete-race-new"),
    path("week/", week_views.week_this, name="week-this"),
    path("week/<isodate:week>/", week_views.week, name="week"),
    path("athletes/<int:athlete_pk>/week/<isodate:week>/", week_views.week, name="athlete-week"),
    path(
        "athletes/<int:athlete_pk>/week/<isodate:week>/rebuild/",
        week_views.week_rebuild,
        name="week-rebuild",
    ),
    path(
        "athletes/<int:athlete_pk>/week/<isodate:week>/sessions/new/",
        week_views.session_new,
        name="session-new",
    ),
    path("sessions/<int:pk>/edit/", week_views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", week_views.session_delete, name="session-delete"),
    path("sessions/<int:pk>/move/", week_views.session_move, name="session-move"),
    path("sessions/<int:pk>/swap/", week_views.session_swap, name="session-swap"),
    path("sessions/<int:pk>/workout.fit", week_views.session_fit, name="session-fit"),
]
