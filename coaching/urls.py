from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from athletes.forms import LoginForm
from coaching import calendar, season_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.athlete_home, name="athlete-home"),
    path("roster/", views.roster, name="roster"),
    path(
        "athletes/<int:pk>/attention/<slug:flag>/handled/",
        views.attention_handled,
        name="attention-handled",
    ),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete-detail"),
    path("season/", season_views.season, name="season"),
    path("athletes/<int:athlete_pk>/season/", season_views.season, name="athlete-season"),
    path("predictions/", season_views.race_predictions, name="predictions"),
    path(
        "athletes/<int:athlete_pk>/predictions/",
        season_views.race_predictions,
        name="athlete-predictions",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
    path("calendar/new-link/", calendar.new_link, name="calendar-reset"),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=LoginForm), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            extra_email_context={"site_url": settings.SITE_URL},
            html_email_template_name="registration/password_reset_email_rich.html",
        ),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("athletes.urls")),
    path("", include("checkins.urls")),
    path("", include("goals.urls")),
    path("", include("races.urls")),
    path("api/v1/", include("coaching.api_urls")),
    path("admin/", admin.site.urls),
]
