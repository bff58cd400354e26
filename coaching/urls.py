from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from athletes.forms import LoginForm
from coaching import account_views, calendar, season_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.athlete_home, name="athlete-home"),
    path("roster/", views.roster, name="roster"),
    path("roster/export.csv", account_views.roster_export, name="roster-export"),
    path("account/export/", account_views.account_export, name="account-export"),
    path("account/delete/", account_views.account_delete, name="account-delete"),
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
    # Browsers and feed readers ask for /favicon.ico whatever the page says; the icon is an SVG.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg")), name="favicon"),
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
    path("", include("integrations.urls")),
    path("api/v1/", include("coaching.api_urls")),
    path("admin/", admin.site.urls),
]

# Branded error pages (templates/400.html …), rendered without the database or request.user;
# 500 answers 503 instead while the database is down.
handler400 = "coaching.middleware.bad_request"
handler403 = "coaching.middleware.permission_denied"
handler404 = "coaching.middleware.page_not_found"
handler500 = "coaching.middleware.server_error"
