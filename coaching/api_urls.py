from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from athletes.api.accounts import TokenView
from athletes.api.busy_periods import BusyPeriodViewSet
from athletes.api.roster import InvitationViewSet, SquadViewSet
from checkins.api.imports import ImportJobViewSet
from checkins.api.reviews import ReviewViewSet
from checkins.api.runs import RunViewSet
from checkins.api.sessions import AthleteSessionViewSet, SessionViewSet
from checkins.api.setbacks import SetbackViewSet
from coaching import api as coaching_api
from goals.api.benchmarks import BenchmarkViewSet
from goals.api.goals import GoalViewSet
from goals.api.milestones import MilestoneViewSet
from integrations import api as integrations_api
from races import api as races_api

# Basenames start with "api-" so route names never collide with page names ("athlete-detail").
router = DefaultRouter()
router.register("athletes", coaching_api.AthleteViewSet, basename="api-athlete")
router.register("squads", SquadViewSet, basename="api-squad")
router.register("busy-periods", BusyPeriodViewSet, basename="api-busy-period")
router.register("invitations", InvitationViewSet, basename="api-invitation")
router.register("runs", RunViewSet, basename="api-run")
router.register("import-jobs", ImportJobViewSet, basename="api-import-job")
router.register("reviews", ReviewViewSet, basename="api-review")
router.register("setbacks", SetbackViewSet, basename="api-setback")
router.register("sessions", SessionViewSet, basename="api-session")
router.register("goals", GoalViewSet, basename="api-goal")
router.register("milestones", MilestoneViewSet, basename="api-milestone")
router.register("benchmarks", BenchmarkViewSet, basename="api-benchmark")
router.register("races", races_api.RaceViewSet, basename="api-race")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", coaching_api.me, name="api-me"),
    path("me/export/", coaching_api.me_export, name="api-me-export"),
    path("me/connections/", integrations_api.my_connections, name="api-me-connections"),
    # Parts of one athlete that are not rows: plain views beside the router's athletes/<pk>/.
    path("athletes/<int:pk>/season/", races_api.season, name="api-athlete-season"),
    path(
        "athletes/<int:pk>/predictions/",
        coaching_api.athlete_predictions,
        name="api-athlete-predictions",
    ),
    path(
        "athletes/<int:pk>/sessions/",
        AthleteSessionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-athlete-sessions",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
