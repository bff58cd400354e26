from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("integrations/strava/connect/", views.strava_connect, name="strava-connect"),
    path("integrations/strava/callback/", views.strava_callback, name="strava-callback"),
    path("integrations/strava/disconnect/", views.strava_disconnect, name="strava-disconnect"),
    path("integrations/strava/webhook/", views.strava_webhook, name="strava-webhook"),
]
