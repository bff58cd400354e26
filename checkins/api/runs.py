"""`/api/v1/runs/`: the run log in SI units, filtered by athlete and start, and
`POST /api/v1/runs/import/` for files, which answers 202 with an import job to follow at
`/api/v1/import-jobs/<id>/` (the job and its serializers are in `checkins.api.imports`)."""

import datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from athletes.api_scope import ScopedFilterSet
from athletes.http import api_user, api_validation_error
from athletes.models import Athlete, User
from checkins import import_jobs, imports, runs, tasks
from checkins.api.imports import ImportJobSerializer, RunImportSerializer
from checkins.models import Run
from checkins.runs import MAX_RUN_DISTANCE_M, MAX_RUN_DURATION_S


class RunSerializer(serializers.ModelSerializer[Run]):
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

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        run = self.instance
        try:
            runs.validate_run(
                # Who logs a new run is known once the view has checked they are a runner.
                athlete=run.athlete if run else self.context.get("athlete"),
                started_at=attrs.get("started_at"),
                distance_m=attrs.get("distance_m", getattr(run, "distance_m", None)),
                duration_s=attrs.get("duration_s"),
                kind=attrs.get("kind", getattr(run, "kind", Run.Kind.EASY)),
                is_new=run is None,
            )
        except ModelValidationError as error:
            raise api_validation_error(error) from None
        return attrs


# Real time zones run from UTC-12 to UTC+14; the database refuses offsets much beyond that.
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class MomentField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value: Any) -> datetime.datetime | None:
        moment = super().to_python(value)
        offset = moment.utcoffset() if moment is not None else None
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ModelValidationError(
                "The time-zone offset must be between -14:00 and +14:00.", code="invalid"
            )
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 moment whose time-zone offset is one that exists."""

    field_class = MomentField


class RunFilter(ScopedFilterSet):
    started_after = MomentFilter(field_name="started_at", lookup_expr="gte")
    started_before = MomentFilter(field_name="started_at", lookup_expr="lt")

    class Meta:
        model = Run
        fields = ["athlete", "started_after", "started_before"]


class RunViewSet(viewsets.ModelViewSet[Run]):
    """Runs in scope, newest first. A runner logs and changes their own; a coach reads."""

    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self) -> QuerySet[Run]:
        return Run.objects.visible_to(self.request.user).order_by("-started_at", "-pk")

    def _own_athlete(self) -> Athlete:
        athlete = api_user(self.request).athlete_profile
        if athlete is None:
            raise PermissionDenied("Only runners log runs.")
        return athlete

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self.action == "create" and isinstance(self.request.user, User):
            context["athlete"] = self.request.user.athlete_profile
        return context

    def perform_create(self, serializer: BaseSerializer[Run]) -> None:
        athlete = self._own_athlete()
        serializer.instance = runs.run_save(run=Run(athlete=athlete, **serializer.validated_data))

    def _check_editable(self, run: Run) -> None:
        if not Run.objects.editable_by(api_user(self.request)).filter(pk=run.pk).exists():
            raise PermissionDenied("Only the runner can change their runs.")

    def perform_update(self, serializer: BaseSerializer[Run]) -> None:
        run = serializer.instance
        assert run is not None  # an update has its row
        self._check_editable(run)
        for field, value in serializer.validated_data.items():
            setattr(run, field, value)
        runs.run_save(run=run)

    def perform_destroy(self, instance: Run) -> None:
        self._check_editable(instance)
        runs.run_delete(run=instance)

    @extend_schema(
        request={"multipart/form-data": RunImportSerializer},
        responses={202: ImportJobSerializer},
        description="Import GPX, TCX and FIT files, Strava's activities.csv and zips of "
        "activity files such as a Garmin export (one or more `files`, up to "
        f"{imports.MAX_FILE_MB} MB each, a zip {imports.MAX_ZIP_MB} MB, and "
        f"{imports.MAX_UPLOAD_MB} MB in all; "
        "a longer request is refused with 413). The files are imported in the background: "
        "the answer, 202, is the import job, whose `url` (also in `Location`) says how far it "
        "has got and, once `state` is `done`, per file how many runs were imported, how many "
        "were already in the log, or why the file could not be read. Each file imports on its "
        "own, all or nothing; the activity files of a zip are listed after the upload's own "
        "files, each with its result.",
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
        payload = RunImportSerializer(data=request.data, context={"athlete": athlete})
        payload.is_valid(raise_exception=True)
        job = import_jobs.job_create(athlete=athlete, uploads=payload.validated_data["files"])
        tasks.start_import(job)
        job.refresh_from_db()  # without Redis it has run in-process already
        answer = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(
            answer, status=status.HTTP_202_ACCEPTED, headers={"Location": answer["url"]}
        )
