from django.urls import path

from races import views

app_name = "races"

urlpatterns = [
    path("races/", views.race_list, name="races"),
    path("races/new/", views.race_new, name="race-new"),
    path("races/check/", views.race_check, name="race-check"),
    path("races/<int:pk>/edit/", views.race_edit, name="race-edit"),
    path("races/<int:pk>/delete/", views.race_delete, name="race-delete"),
    path("athletes/<int:athlete_pk>/races/", views.race_list, name="athlete-races"),
    path("athletes/<int:athlete_pk>/races/new/", views.race_new, name="athlete-race-new"),
]
