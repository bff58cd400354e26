from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from athletes.forms import LoginForm
from coaching import views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.athlete_home, name="athlete-home"),
    path("roster/", views.roster, name="roster"),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete-detail"),
    path("healthz", views.healthz, name="healthz"),
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
    path("api/v1/", include("coaching.api_urls")),
    path("admin/", admin.site.urls),
]
