from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from athletes import api as athletes_api

router = DefaultRouter()
router.register("athletes", athletes_api.AthleteViewSet, basename="athlete")
router.register("squads", athletes_api.SquadViewSet, basename="squad")
router.register("busy-periods", athletes_api.BusyPeriodViewSet, basename="busy-period")
router.register("invitations", athletes_api.InvitationViewSet, basename="invitation")

urlpatterns = [
    path("auth/token/", athletes_api.TokenView.as_view(), name="api-token"),
    path("me/", athletes_api.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
