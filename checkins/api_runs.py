"""`/api/v1/runs/`: the run log in SI units, and `POST /api/v1/runs/import/` for files."""

import dataclasses

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.models import Athlete
from checkins import imports, runs
from checkins.models import Run
from checkins.runs import (
    FUTURE_RUN_MESSAGE,
    MAX_RUN_DISTANCE_M,
    MAX_RUN_DURATION_S,
    NO_DISTANCE_MESSAGE,
    lacks_distance,
    starts_in_future,
)


class RunSerializer(serializers.ModelSerializer):
    distance_m = serializers.IntegerField(min_value=0, max_value=MAX_RUN_DISTANCE_M)
    duration_s = serializers.IntegerField(min_value=1, max_value=MAX_RUN_DURATION_S)

    class Meta:
        model = Run
        fields = [
            "id",
            "athlete",
            "started_at",
            "distance_m",
            "duration_s",
            "kind",
            "rpe",
            "notes",
            "source",
            "created_at",
        ]
        read_only_fields = ["id", "athlete", "source", "created_at"]

    def validate_started_at(self, started_at):
        if starts_in_future(started_at):
            raise serializers.ValidationError(FUTURE_RUN_MESSAGE)
        return started_at

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", Run.Kind.EASY))
        distance_m = attrs.get("distance_m", getattr(self.instance, "distance_m", None))
        if distance_m is not None and lacks_distance(kind=kind, distance_m=distance_m):
            raise serializers.ValidationError({"distance_m": NO_DISTANCE_MESSAGE})
        return attrs


class RunFilter(django_filters.FilterSet):
    athlete = django_filters.ModelChoiceFilter(
        queryset=lambda request: Athlete.objects.visible_to(request.user)
    )
    started_after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lt")

    class Meta:
        model = Run
        fields = ["athlete", "started_after", "started_before"]


class RunImportSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), allow_empty=False
    )


class FileImportResultSerializer(serializers.Serializer):
    file = serializers.CharField()
    status = serializers.ChoiceField(choices=["imported", "duplicate", "error"])
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class RunViewSet(viewsets.ModelViewSet):
    """Runs in scope, newest first. A runner logs and changes their own; a coach reads."""

    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return Run.objects.visible_to(self.request.user).order_by("-started_at", "-pk")

    def _own_athlete(self) -> Athlete:
        athlete = self.request.user.athlete_profile
        if athlete is None:
            raise PermissionDenied("Only runners log runs.")
        return athlete

    def perform_create(self, serializer):
        serializer.instance = runs.run_save(
            run=Run(athlete=self._own_athlete(), **serializer.validated_data)
        )

    def _check_editable(self, run: Run) -> None:
        if not Run.objects.editable_by(self.request.user).filter(pk=run.pk).exists():
            raise PermissionDenied("Only the runner can change their runs.")

    def perform_update(self, serializer):
        self._check_editable(serializer.instance)
        run = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(run, field, value)
        runs.run_save(run=run)

    def perform_destroy(self, instance):
        self._check_editable(instance)
        runs.run_delete(run=instance)

    @extend_schema(
        request={"multipart/form-data": RunImportSerializer},
        responses={200: FileImportResultSerializer(many=True)},
        description="Import GPX, TCX and FIT files and Strava's activities.csv (one or more "
        "`files`, up to 20 MB each). Each file imports on its own, all or nothing; the answer "
        "says per file how many runs were imported, how many were already in the log, or why "
        "the file could not be read.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser],
        filterset_class=None,
        pagination_class=None,
    )
    def import_files(self, request: Request) -> Response:
        athlete = self._own_athlete()
        payload = RunImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        results = imports.import_uploads(athlete=athlete, uploads=payload.validated_data["files"])
        return Response(
            FileImportResultSerializer([dataclasses.asdict(r) for r in results], many=True).data,
            status=status.HTTP_200_OK,
        )
