"""`/api/v1/runs/` (the run log in SI units, and `POST /api/v1/runs/import/` for files, which
answers 202 with an import job to follow at `/api/v1/import-jobs/<id>/`) and
`/api/v1/reviews/` (weekly reviews with optimistic concurrency: 409 on a stale `version`; a
`submit` action, the coach's `read` marker and the nested comment thread), and
`/api/v1/setbacks/` (injuries, illness and life getting in the way)."""

import datetime

import django_filters
from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import Count, F
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.api_scope import AthleteOwnedSerializer, ScopedFilterSet
from athletes.http import api_user, api_validation_error
from athletes.models import Athlete, User
from checkins import import_jobs, imports, runs, setbacks, tasks
from checkins.imports import FileImportResult
from checkins.models import Comment, ImportJob, Run, Setback, WeeklyReview
from checkins.reviews import conversation, weeks, writes
from checkins.runs import FULL_LOG_MESSAGE, MAX_RUN_DISTANCE_M, MAX_RUN_DURATION_S


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

    def validate(self, attrs):
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
    def to_python(self, value):
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


class RunImportSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        max_length=imports.MAX_FILES_PER_UPLOAD,
        error_messages={"max_length": imports.TOO_MANY_FILES},
    )

    def validate(self, attrs):
        if runs.log_is_full(self.context["athlete"]):
            raise serializers.ValidationError(FULL_LOG_MESSAGE)
        return attrs


class FileImportResultSerializer(serializers.Serializer):
    file = serializers.CharField()
    status = serializers.ChoiceField(choices=["waiting", "imported", "duplicate", "error"])
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    skipped = serializers.CharField(allow_blank=True)


class ImportJobSerializer(serializers.ModelSerializer):
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
    def get_files(self, job: ImportJob) -> list[dict]:
        results = [
            file.result or FileImportResult(file=file.name, status="waiting")
            for file in import_jobs.job_files(job)
        ]
        return [FileImportResultSerializer(result.as_json()).data for result in results]


class RunViewSet(viewsets.ModelViewSet):
    """Runs in scope, newest first. A runner logs and changes their own; a coach reads."""

    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return Run.objects.visible_to(self.request.user).order_by("-started_at", "-pk")

    def _own_athlete(self) -> Athlete:
        athlete = api_user(self.request).athlete_profile
        if athlete is None:
            raise PermissionDenied("Only runners log runs.")
        return athlete

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "create" and isinstance(self.request.user, User):
            context["athlete"] = self.request.user.athlete_profile
        return context

    def perform_create(self, serializer):
        athlete = self._own_athlete()
        serializer.instance = runs.run_save(run=Run(athlete=athlete, **serializer.validated_data))

    def _check_editable(self, run: Run) -> None:
        if not Run.objects.editable_by(api_user(self.request)).filter(pk=run.pk).exists():
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
        responses={202: ImportJobSerializer},
        description="Import GPX, TCX and FIT files and Strava's activities.csv (one or more "
        f"`files`, up to {imports.MAX_FILE_MB} MB each and {imports.MAX_UPLOAD_MB} MB in all; "
        "a longer request is refused with 413). The files are imported in the background: "
        "the answer, 202, is the import job, whose `url` (also in `Location`) says how far it "
        "has got and, once `state` is `done`, per file how many runs were imported, how many "
        "were already in the log, or why the file could not be read. Each file imports on its "
        "own, all or nothing.",
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


class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An import of the runner's own (`POST /api/v1/runs/import/`): `state` goes from `queued`
    through `running` to `done` (or `failed`, with `stage` saying why), `progress` from 0 to
    100 with `stage` saying what it is doing, and each file gets its outcome as it is done."""

    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return ImportJob.objects.visible_to(self.request.user)


RUNNER_FIELDS = list(writes.RUNNER_FIELDS)


class ReviewSerializer(serializers.ModelSerializer):
    comment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WeeklyReview
        fields = [
            "id",
            "athlete",
            "week_start",
            "status",
            *RUNNER_FIELDS,
            "submitted_at",
            "submitted_late",
            "coach_read_at",
            "comment_count",
            "version",
            "created_at",
            "updated_at",
        ]
        # The runner's own words go through ReviewWriteSerializer; everything else is read-only.
        read_only_fields = [name for name in fields if name not in RUNNER_FIELDS]


class ReviewCreateSerializer(serializers.ModelSerializer):
    """A new review: runs done, distance and longest run default to the run log's numbers."""

    class Meta:
        model = WeeklyReview
        fields = ["week_start", *RUNNER_FIELDS]
        # Uniqueness per week is checked in `create` with a clearer message.
        validators: list = []


class ReviewWriteSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version this change starts from; a stale one answers 409."
    )

    class Meta:
        model = WeeklyReview
        fields = ["version", *RUNNER_FIELDS]

    def validate(self, attrs):
        # Required even in a PATCH: a change that names no version could overwrite anything.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return attrs


class ReviewConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ReviewSerializer()


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(
        read_only=True,
        help_text='The author\'s name; "former coach" once their account is deleted.',
    )

    class Meta:
        model = Comment
        fields = ["id", "review", "author", "author_name", "body", "created_at", "read_at"]
        read_only_fields = ["id", "review", "author", "author_name", "created_at", "read_at"]

    def validate_body(self, body: str) -> str:
        if not body.strip():
            raise serializers.ValidationError("Write something first.")
        return body


def _conflict(error: writes.StaleReview, *, current: WeeklyReview) -> Response:
    return Response(
        {"detail": str(error), "current": ReviewSerializer(current).data},
        status=status.HTTP_409_CONFLICT,
    )


class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Weekly reviews in scope. Only the runner writes their review; their coach reads it,
    comments and marks it read."""

    serializer_class = ReviewSerializer
    filterset_fields = ["athlete", "week_start"]

    def get_queryset(self):
        return (
            WeeklyReview.objects.visible_to(self.request.user)
            .annotate(comment_count=Count("comments"))
            .order_by("-week_start", "pk")
        )

    def _own(self) -> WeeklyReview:
        review = self.get_object()
        if review.athlete.user_id != self.request.user.pk:
            raise PermissionDenied("Only the runner can change their review.")
        return review

    def _answer(self, review: WeeklyReview, *, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data, status=code)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def create(self, request: Request) -> Response:
        athlete = api_user(request).athlete_profile
        if athlete is None:
            raise PermissionDenied("Only runners write weekly reviews.")
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        week_start = data.pop("week_start")
        try:
            weeks.parse_week(athlete, week_start)
        except weeks.WeekNotReviewable as error:
            raise serializers.ValidationError({"week_start": [str(error)]}) from error
        review = weeks.review_for_week(athlete=athlete, week_start=week_start)
        if review.pk is None:
            try:
                review = writes.review_save_draft(review=review, data=data, version=0)
            except writes.StaleReview:
                pass  # another request created this week's review a moment ago
            else:
                return self._answer(review, code=status.HTTP_201_CREATED)
        raise serializers.ValidationError(
            {"week_start": ["There is already a review for this week: update it instead."]}
        )

    def _write(self, request: Request, *, partial: bool, submitting: bool) -> Response:
        review = self._own()
        serializer = ReviewWriteSerializer(review, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if submitting:
            values = {name: getattr(review, name) for name in RUNNER_FIELDS} | data
            errors = writes.submission_errors(values)
            if errors:
                raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        service = writes.review_submit if submitting else writes.review_save_draft
        try:
            review = service(review=review, data=data, version=version)
        except writes.StaleReview as error:
            # Read back through the queryset so `current` has every field of a review (its
            # comment count is annotated there).
            return _conflict(error, current=self.get_queryset().get(pk=error.current.pk))
        return self._answer(review)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 409: ReviewConflictSerializer},
    )
    def update(self, request: Request, pk=None) -> Response:
        return self._write(request, partial=False, submitting=False)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 409: ReviewConflictSerializer},
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        return self._write(request, partial=True, submitting=False)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 409: ReviewConflictSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        """Save the given fields (all optional except `version`) and submit the review."""
        return self._write(request, partial=True, submitting=True)

    def perform_destroy(self, instance: WeeklyReview) -> None:
        if instance.athlete.user_id != self.request.user.pk:
            raise PermissionDenied("Only the runner can delete their review.")
        instance.delete()

    @extend_schema(request=None, responses={200: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        """The coach marks the review as read."""
        review = self.get_object()
        if not review.athlete.is_coached_by(api_user(request)):
            raise NotFound()
        return self._answer(conversation.review_mark_read(review=review))

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)}, request=None)
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=CommentSerializer)
    def comments(self, request: Request, pk=None) -> Response:
        """The conversation on a review. Reading it marks the other side's comments read."""
        review = self.get_object()
        if request.method == "POST":
            return self._comment(request, review)
        page = self.paginate_queryset(review.comments.select_related("author"))
        data = CommentSerializer(page, many=True).data
        conversation.comments_mark_read(review=review, reader=api_user(request))
        return self.get_paginated_response(data)

    def _comment(self, request: Request, review: WeeklyReview) -> Response:
        user = api_user(request)
        if not review.may_discuss(user):
            raise PermissionDenied("Only the runner and their coach take part in the conversation.")
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = conversation.comment_post(
            review=review, author=user, body=serializer.validated_data["body"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class SetbackSerializer(AthleteOwnedSerializer):
    """An injury, an illness or life (work, family, travel) getting in the way. Open while
    `end` is empty; setting `end` is "back running". `athlete` is set on creation only and
    defaults to the runner writing it; `body_part` belongs to injuries only."""

    athlete = serializers.PrimaryKeyRelatedField(queryset=Athlete.objects.none(), required=False)

    class Meta:
        model = Setback
        fields = [
            "id",
            "athlete",
            "kind",
            "start",
            "end",
            "severity",
            "body_part",
            "note",
            "review",
            "created_at",
        ]
        read_only_fields = ["id", "review", "created_at"]


class SetbackFilter(ScopedFilterSet):
    open = django_filters.BooleanFilter(
        field_name="end", lookup_expr="isnull", label="Open (no end yet), or over"
    )

    class Meta:
        model = Setback
        fields = ["athlete", "kind", "open"]


class SetbackViewSet(viewsets.ModelViewSet):
    """Setbacks in scope, open ones first. The runner logs and changes their own (staff
    anyone's); their coach reads them. Saved through checkins.setbacks, so the model's rules
    answer as field errors and the athlete's standing follows."""

    serializer_class = SetbackSerializer
    filterset_class = SetbackFilter

    def get_queryset(self):
        return Setback.objects.visible_to(self.request.user).order_by(
            F("end").desc(nulls_first=True), "-start", "-pk"
        )

    def _check_writer(self, athlete_id: int) -> None:
        if not Athlete.objects.editable_by(api_user(self.request)).filter(pk=athlete_id).exists():
            raise PermissionDenied("Only the runner logs and changes their setbacks.")

    def _save(self, setback: Setback) -> Setback:
        try:
            return setbacks.setback_save(setback=setback)
        except ModelValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None

    def perform_create(self, serializer):
        data = serializer.validated_data
        self._check_writer(data["athlete"].pk)
        serializer.instance = self._save(Setback(**data, created_by=self.request.user))

    def perform_update(self, serializer):
        setback = serializer.instance
        self._check_writer(setback.athlete_id)
        for name, value in serializer.validated_data.items():
            setattr(setback, name, value)
        self._save(setback)

    def perform_destroy(self, instance: Setback) -> None:
        self._check_writer(instance.athlete_id)
        setbacks.setback_delete(setback=instance)
