"""Planned sessions over the API: `/api/v1/athletes/{id}/sessions/?from=&to=` (list, add) and
`/api/v1/sessions/{id}/` (read, change, remove, `move`, `swap`), written through
`checkins.sessions`, each with its `compliance` (`checkins.compliance`).

A session is the runner's and their coach's together: whoever sees the runner reads and changes
their sessions; anyone else gets a 404.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from athletes.api_scope import ScopedFilterSet
from athletes.http import api_user, saved_or_400
from athletes.models import Athlete
from checkins import sessions
from checkins.compliance import Compliance
from checkins.models import PlannedSession

READ_ONLY = [
    "id",
    "athlete",
    "by_coach",
    "is_maintenance",
    "swapped_from_kind",
    "swapped_from_distance_m",
    "swapped_from_duration_s",
    "run",
    "created_at",
]


class SessionSerializer(serializers.ModelSerializer[PlannedSession]):
    """One planned session. `distance_m` in metres and `duration_s` in seconds (a rest day has
    neither, any other session at least one); `steps` the structured workout (warm-up, repeats
    of work and recovery with a pace or RPE target, cool-down); `run` the run matched to it;
    `compliance` how it went (TrainingPeaks' bands, docs/coaching-rules.md)."""

    compliance = serializers.SerializerMethodField()

    class Meta:
        model = PlannedSession
        fields = [
            *READ_ONLY[:2],
            "day",
            "kind",
            "distance_m",
            "duration_s",
            "steps",
            "notes",
            *READ_ONLY[2:],
            "compliance",
        ]
        read_only_fields = READ_ONLY

    @extend_schema_field(serializers.ChoiceField(choices=[c.value for c in Compliance]))
    def get_compliance(self, session: PlannedSession) -> str:
        found = self.context.get("compliance") or {}
        if session.pk not in found:
            found = {r.session.pk: r.compliance for r in sessions.reports([session])}
        return str(found[session.pk])


class MoveSerializer(serializers.Serializer[dict[str, Any]]):
    day = serializers.DateField(help_text="Another day of the session's week.")


SessionFilter = type(
    "SessionFilter",
    (ScopedFilterSet,),
    {
        # `from` and `to` are Python keywords, so the filters are named here.
        "from": django_filters.DateFilter(field_name="day", lookup_expr="gte", label="From day"),
        "to": django_filters.DateFilter(field_name="day", lookup_expr="lte", label="To day"),
        "Meta": type("Meta", (), {"model": PlannedSession, "fields": ["kind"]}),
        "__doc__": "Sessions from and to a day (both included).",
    },
)


class AnsweringMixin(GenericAPIView[PlannedSession]):
    """Sessions answered with their compliance, worked out for a whole page at once."""

    def serialized(self, found: list[PlannedSession]) -> "ReturnList[Any]":
        context = {
            **self.get_serializer_context(),
            "compliance": {r.session.pk: r.compliance for r in sessions.reports(found)},
        }
        return SessionSerializer(found, many=True, context=context).data  # type: ignore[return-value]

    def answer(self, session: PlannedSession, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.serialized([session])[0], status=status_code)


class AthleteSessionViewSet(
    AnsweringMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[PlannedSession],
):
    """An athlete's planned sessions in day order, `?from=` and `?to=` a day; the runner and
    their coach add them (a coach's session is marked as theirs)."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def athlete(self) -> Athlete:
        return get_object_or_404(
            Athlete.objects.visible_to(api_user(self.request)), pk=self.kwargs["pk"]
        )

    def get_queryset(self) -> QuerySet[PlannedSession]:
        if getattr(self, "swagger_fake_view", False):
            return PlannedSession.objects.none()
        return (
            PlannedSession.objects.visible_to(self.request.user)
            .filter(athlete=self.athlete())
            .select_related("athlete", "run")
            .order_by("day", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # every list is paged (DEFAULT_PAGINATION_CLASS)
        return self.get_paginated_response(self.serialized(page))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        athlete = self.athlete()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = PlannedSession(athlete=athlete, **serializer.validated_data)
        saved_or_400(lambda: sessions.session_save(session=session, by=api_user(request)))
        return self.answer(session, status_code=status.HTTP_201_CREATED)


class SessionViewSet(
    AnsweringMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[PlannedSession],
):
    """One planned session: read, change or remove it, move it to another day of its week, or
    swap it for a maintenance run (a shorter easy run, never counted a miss)."""

    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[PlannedSession]:
        return PlannedSession.objects.visible_to(self.request.user).select_related("athlete", "run")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.answer(self.get_object())

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        serializer = self.get_serializer(
            session, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(session, name, value)
        saved_or_400(lambda: sessions.session_save(session=session, by=api_user(request)))
        return self.answer(session)

    def perform_destroy(self, instance: PlannedSession) -> None:
        sessions.session_delete(session=instance)

    @extend_schema(request=MoveSerializer, responses={200: SessionSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the session to another day of its week; a rest day there takes its old day."""
        session = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day = serializer.validated_data["day"]
        saved_or_400(lambda: sessions.session_move(session=session, day=day, by=api_user(request)))
        return self.answer(session)

    @extend_schema(request=None, responses={200: SessionSerializer})
    @action(detail=True, methods=["post"])
    def swap(self, request: Request, pk: str | None = None) -> Response:
        """Maintenance swap: a shorter easy run in place of the session, keeping what it was."""
        session = self.get_object()
        saved_or_400(lambda: sessions.session_swap(session=session, by=api_user(request)))
        return self.answer(session)
