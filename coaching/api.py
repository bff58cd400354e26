"""API views that compose apps: `/me/` with the calendar link (races/) and race-time predictions
from the best effort of the last 12 months (measured by goals/, predicted by races/).

athletes/ owns the user and their profile but sits below races, so it cannot know the calendar
link; `/me/` is answered here instead, with athletes' fields plus `calendar_url`.
"""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import (
    action,
    api_view,
    content_negotiation_class,
    renderer_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.api import accounts
from athletes.api.accounts import MeSerializer
from athletes.http import api_user
from athletes.models import Athlete, User
from coaching import export
from coaching.attention.flags import FlagRow, Kind
from coaching.attention.handling import FlagNotFound, mark_handled
from coaching.attention.standings import fresh_standings
from coaching.roster import ORDERINGS, Order, refresh_stale
from goals.race_predictions import RacePredictions, race_predictions
from races import predictions, tokens
from races.api import Rounded
from races.predictions import ComparedPrediction, Effort, MarathonRange


class MeWithCalendarSerializer(MeSerializer):
    calendar_url = serializers.SerializerMethodField(
        help_text="The signed link to the user's .ics calendar feed; anyone holding it can read it."
    )

    class Meta(MeSerializer.Meta):
        fields = [*MeSerializer.Meta.fields, "calendar_url"]

    def get_calendar_url(self, user: User) -> str:
        return tokens.feed_url(user)


@extend_schema(responses=MeWithCalendarSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeWithCalendarSerializer(api_user(request)).data)


class EffortSerializer(serializers.Serializer[Effort]):
    distance_m = serializers.FloatField()
    duration_s = serializers.FloatField()
    date = serializers.DateField()
    # DRF's serializer metaclass takes declared fields off the class, so these two do not
    # replace Field.source and Field.label, whatever the stubs (which cannot see that) say.
    source = serializers.ChoiceField(choices=["race", "run", "benchmark"])  # type: ignore[assignment]
    label = serializers.CharField()  # type: ignore[assignment]
    vdot = serializers.SerializerMethodField()

    def get_vdot(self, effort: Effort) -> float:
        return round(predictions.vdot(effort.distance_m, effort.duration_s), 1)


class PredictionSerializer(serializers.Serializer[ComparedPrediction]):
    name = serializers.CharField()
    distance_m = serializers.FloatField()
    riegel_s = Rounded(help_text="Riegel: T2 = T1 × (D2 / D1) ^ 1.06")
    vdot_s = Rounded(help_text="Daniels–Gilbert: the time at the same VDOT")


class MarathonRangeSerializer(serializers.Serializer[MarathonRange]):
    low_s = Rounded()
    high_s = Rounded()
    predicted_s = Rounded()
    basis = serializers.CharField(help_text="What the range rests on, with its source.")


class PredictionsSerializer(serializers.Serializer[RacePredictions]):
    """Predicted race times from the strongest effort of the last 12 months (by VDOT), and a
    marathon range adjusted for weekly distance (Vickers & Vertosick 2016); with no effort on
    record, `best_effort` and `marathon_range` are null and `predictions` empty."""

    best_effort = EffortSerializer(allow_null=True)
    weekly_distance_m = Rounded(help_text="The average of the last four full weeks.")
    predictions = PredictionSerializer(many=True)
    marathon_range = MarathonRangeSerializer(allow_null=True)


@extend_schema(responses=PredictionsSerializer)
@api_view(["GET"])
def athlete_predictions(request: Request, pk: int) -> Response:
    athlete = get_object_or_404(Athlete.objects.visible_to(api_user(request)), pk=pk)
    found = race_predictions(athlete)
    return Response(PredictionsSerializer(found).data)


class AttentionFlagSerializer(serializers.Serializer[FlagRow]):
    flag = serializers.ChoiceField(choices=[str(kind) for kind in Kind])
    severity = serializers.IntegerField(min_value=1, max_value=3)
    reason = serializers.CharField(help_text="In the runner's own numbers and units.")


class AthleteWithAttentionSerializer(accounts.AthleteSerializer):
    attention = serializers.SerializerMethodField(
        help_text="The athlete's open attention flags, most urgent first (handled ones left out)."
    )

    class Meta(accounts.AthleteSerializer.Meta):
        fields = [*accounts.AthleteSerializer.Meta.fields, "attention"]

    @extend_schema_field(AttentionFlagSerializer(many=True))
    def get_attention(self, athlete: Athlete) -> list[dict[str, str | int]]:
        standings = self.context.get("standings") or fresh_standings([athlete])
        standing = standings.get(athlete.pk)
        flags = standing.open_flags if standing else []
        return [
            {"flag": flag["flag"], "severity": flag["severity"], "reason": flag["reason"]}
            for flag in flags
        ]


class HandledSerializer(serializers.Serializer[dict[str, str]]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "ordering",
                enum=["attention"],
                description="`attention`: most urgent first (the roster's triage order).",
            )
        ]
    )
)
class AthleteViewSet(accounts.AthleteViewSet):
    """Athletes in scope, each with its attention flags; a runner may change their own settings.

    Answered here rather than in athletes/ because the flags compose every app."""

    serializer_class = AthleteWithAttentionSerializer
    # POST only reaches the `handled` action: the list and the rows take no POST.
    http_method_names = [*accounts.AthleteViewSet.http_method_names, "post"]

    def get_queryset(self) -> QuerySet[Athlete]:
        athletes = super().get_queryset()
        ordering = self.request.query_params.get("ordering")
        if ordering == "attention" and self.action == "list":
            refresh_stale(athletes, now=timezone.now())
            return athletes.order_by(*ORDERINGS[Order.ATTENTION])
        if ordering is not None and self.action == "list":
            # Refused rather than ignored, so a typo is not silently the default order.
            raise serializers.ValidationError({"ordering": ["The one ordering is `attention`."]})
        return athletes

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # every list is paged (DEFAULT_PAGINATION_CLASS)
        # The page's standings in one go, not one look-up per athlete.
        self.standings = fresh_standings(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "standings": getattr(self, "standings", None)}

    @extend_schema(
        request=HandledSerializer,
        responses={200: AttentionFlagSerializer(many=True)},
        description="Mark one of the athlete's open flags handled (their coach only). It stays "
        "hidden until the data behind it changes; 404 when the flag is not open.",
    )
    @action(detail=True, methods=["post"], url_path=r"attention/(?P<flag>[a-z-]+)/handled")
    def handled(self, request: Request, pk: int, flag: str) -> Response:
        athlete = self.get_object()
        if not athlete.is_coached_by(api_user(request)):
            raise NotFound("Only the athlete's coach marks their flags handled.")
        body = HandledSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            mark_handled(
                athlete=athlete, flag=flag, by=api_user(request), note=body.validated_data["note"]
            )
        except FlagNotFound:
            raise NotFound("That flag is not open for this athlete.") from None
        return Response(self.get_serializer(athlete).data["attention"])


class ZipRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/zip`; the zip itself is a file response, and
    only errors (401) pass through here, as JSON."""

    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return JSONRenderer().render(data)


class NamedFormatNegotiation(DefaultContentNegotiation):
    """`?format=` sent empty names no format, so it is answered as an unknown one is (404,
    in the schema); Django REST framework alone would ignore it."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise Http404("Say which format: json or zip, or leave `format` out.")
        chosen: tuple[BaseRenderer, str] = super().select_renderer(
            request, renderers, format_suffix
        )
        return chosen


@extend_schema(
    responses={
        (200, "application/zip"): OpenApiResponse(
            OpenApiTypes.BINARY,
            description="Everything Runpath holds about the signed-in person, as a zip: "
            "data.json (profile, runs, reviews, comments, goals, milestones, benchmarks, races, "
            "setbacks…) and, for a runner, runs.csv.",
        )
    },
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, ZipRenderer])
@content_negotiation_class(NamedFormatNegotiation)
def me_export(request: Request) -> FileResponse:
    now = timezone.now()
    return FileResponse(
        io.BytesIO(export.export_zip(api_user(request), now=now)),
        as_attachment=True,
        filename=export.export_filename(now),
        content_type="application/zip",
    )
