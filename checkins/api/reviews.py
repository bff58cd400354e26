"""`/api/v1/reviews/`: weekly reviews with optimistic concurrency (409 on a stale `version`),
a `submit` action, the coach's `read` marker and the nested comment thread, written through
`checkins.reviews`."""

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.http import api_user
from checkins.models import Comment, WeeklyReview
from checkins.reviews import conversation, weeks, writes

RUNNER_FIELDS = list(writes.RUNNER_FIELDS)


class ReviewSerializer(serializers.ModelSerializer[WeeklyReview]):
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


class ReviewCreateSerializer(serializers.ModelSerializer[WeeklyReview]):
    """A new review: runs done, distance and longest run default to the run log's numbers."""

    class Meta:
        model = WeeklyReview
        fields = ["week_start", *RUNNER_FIELDS]
        # Uniqueness per week is checked in `create` with a clearer message.
        validators: list[object] = []


class ReviewWriteSerializer(serializers.ModelSerializer[WeeklyReview]):
    version = serializers.IntegerField(
        min_value=1, help_text="The version this change starts from; a stale one answers 409."
    )

    class Meta:
        model = WeeklyReview
        fields = ["version", *RUNNER_FIELDS]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Required even in a PATCH: a change that names no version could overwrite anything.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return attrs


class ReviewConflictSerializer(serializers.Serializer[dict[str, Any]]):
    detail = serializers.CharField()
    current = ReviewSerializer()


class CommentSerializer(serializers.ModelSerializer[Comment]):
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
    viewsets.GenericViewSet[WeeklyReview],
):
    """Weekly reviews in scope. Only the runner writes their review; their coach reads it,
    comments and marks it read."""

    serializer_class = ReviewSerializer
    filterset_fields = ["athlete", "week_start"]

    def get_queryset(self) -> QuerySet[WeeklyReview]:
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
        if review._state.adding:
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
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._write(request, partial=False, submitting=False)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 409: ReviewConflictSerializer},
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._write(request, partial=True, submitting=False)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={200: ReviewSerializer, 409: ReviewConflictSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Save the given fields (all optional except `version`) and submit the review."""
        return self._write(request, partial=True, submitting=True)

    def perform_destroy(self, instance: WeeklyReview) -> None:
        if instance.athlete.user_id != self.request.user.pk:
            raise PermissionDenied("Only the runner can delete their review.")
        instance.delete()

    @extend_schema(request=None, responses={200: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """The coach marks the review as read."""
        review = self.get_object()
        if not review.athlete.is_coached_by(api_user(request)):
            raise NotFound()
        return self._answer(conversation.review_mark_read(review=review))

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)}, request=None)
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=CommentSerializer)
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """The conversation on a review. Reading it marks the other side's comments read."""
        review = self.get_object()
        if request.method == "POST":
            return self._comment(request, review)
        # The ignore: the stubs page only the viewset's own model, and these are its comments.
        page: list[Comment] | None = self.paginate_queryset(
            review.comments.select_related("author")  # type: ignore[arg-type]
        )
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
