"""Imports of activity files over the API: what `POST /api/v1/runs/import/` takes, and the
import job it answers with (202), followed at `/api/v1/import-jobs/<id>/` until every file has
its outcome."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from checkins import import_jobs, imports, runs
from checkins.imports import FileImportResult
from checkins.models import ImportJob
from checkins.runs import FULL_LOG_MESSAGE


class RunImportSerializer(serializers.Serializer[dict[str, Any]]):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        max_length=imports.MAX_FILES_PER_UPLOAD,
        error_messages={"max_length": imports.TOO_MANY_FILES},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if runs.log_is_full(self.context["athlete"]):
            raise serializers.ValidationError(FULL_LOG_MESSAGE)
        return attrs


# Any: the stubs take a list (many=True) only for model serializers.
class FileImportResultSerializer(serializers.Serializer[Any]):
    file = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["waiting", "imported", "duplicate", "skipped", "error", "unpacked"]
    )
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    skipped = serializers.CharField(allow_blank=True)
    unpacked = serializers.IntegerField(
        help_text="For a zip: the activity files found in it, listed after the upload's own "
        "files, each with its own result."
    )


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    url = serializers.HyperlinkedIdentityField(view_name="api-import-job-detail")
    files = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "state",
            "progress",
            "stage",
            "files",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(FileImportResultSerializer(many=True))
    def get_files(self, job: ImportJob) -> list[dict[str, Any]]:
        results = [
            file.result or FileImportResult(file=file.name, status="waiting")
            for file in import_jobs.job_files(job)
        ]
        # One serializer for the list: its fields are copied once, not once per file.
        return list(
            FileImportResultSerializer([result.as_json() for result in results], many=True).data
        )


class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]):
    """An import of the runner's own (`POST /api/v1/runs/import/`): `state` goes from `queued`
    through `running` to `done` (or `failed`, with `stage` saying why), `progress` from 0 to
    100 with `stage` saying what it is doing, and each file gets its outcome as it is done."""

    serializer_class = ImportJobSerializer

    def get_queryset(self) -> QuerySet[ImportJob]:
        return ImportJob.objects.visible_to(self.request.user)
