"""Goals over REST: a goal with its SMART verdicts, measured progress and change history
(`GoalSerializer`, saved through the goal services, their refusals answered by field and the
SMART gate under `confirm`), listed and shown measured in a fixed number of queries
(`measure_context`), abandoned with a reason, and assessed as typed without saving
(`GoalDraftSerializer`, `GoalViewSet.assess`).
"""

import copy
import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.api.fields import STRICT_FIELD_MAPPING, StrictCharField
from athletes.api_scope import AthleteOwnedSerializer
from athletes.http import api_user
from athletes.models import Athlete, User
from goals import progress as measured
from goals import services, smart
from goals.activity import Activity, load_activity
from goals.api.verdicts import GOAL_REFUSED, SMART
from goals.assessment import assess_draft, draft_of, runner_context, typed_draft
from goals.models import Goal, GoalChange


class GoalChangeSerializer(serializers.ModelSerializer[GoalChange]):
    class Meta:
        model = GoalChange
        fields = ["field", "old_value", "new_value", "reason", "changed_by", "changed_at"]
        read_only_fields = fields


PROGRESS = inline_serializer(
    "Progress",
    {
        "value": serializers.FloatField(allow_null=True),
        "target": serializers.FloatField(allow_null=True),
        "percent": serializers.IntegerField(),
        "on_track": serializers.BooleanField(allow_null=True),
    },
    allow_null=True,
)


class GoalSerializer(AthleteOwnedSerializer[Goal]):
    """A goal with its SMART verdicts, measured progress and change history.

    Values are SI: `target_value` and `baseline_value` in metres for distances, seconds for
    race times, a count otherwise. Changing `target_value`, `distance_m` or `target_date`
    needs a `reason`. A goal whose SMART check fails is saved only with `"confirm": true`.
    """

    serializer_field_mapping = STRICT_FIELD_MAPPING
    athlete = serializers.PrimaryKeyRelatedField(queryset=Athlete.objects.none(), required=False)
    smart = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    changes = GoalChangeSerializer(many=True, read_only=True)
    reason = StrictCharField(write_only=True, required=False, allow_blank=True)
    confirm = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="Save the goal although its SMART check fails (a criterion with status "
        "`fail`), as the goal form's “save it anyway” box. Without it such a goal is refused "
        "with 400, `confirm` naming the failing criteria. Checked on every create and change.",
    )

    class Meta:
        model = Goal
        fields = [
            "id",
            "athlete",
            "level",
            "kind",
            "title",
            "why",
            "parent",
            "metric",
            "target_value",
            "baseline_value",
            "distance_m",
            "start_date",
            "target_date",
            "race",
            "status",
            "achieved_at",
            "reward",
            "completion_note",
            "created_by",
            "updated_by",
            "created_at",
            "updated_at",
            "smart",
            "progress",
            "changes",
            "reason",
            "confirm",
        ]
        read_only_fields = [
            "status",
            "achieved_at",
            "completion_note",
            "created_by",
            "updated_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"start_date": {"required": False}}

    def _measured(self, goal: Goal) -> Activity:
        activities = self.context.get("activities") or measure_context([goal])["activities"]
        return activities[goal.athlete_id]

    @extend_schema_field(SMART)
    def get_smart(self, goal: Goal) -> dict[str, dict[str, Any]] | None:
        activity = self._measured(goal)
        runner = runner_context(activity, today=goal.athlete.local_today())
        assessment = smart.assess(draft_of(goal), runner)
        return assessment.as_dict() if assessment else None

    @extend_schema_field(PROGRESS)
    def get_progress(self, goal: Goal) -> dict[str, float | bool | None] | None:
        result = measured.measure(goal, self._measured(goal))
        return result.as_dict() if result else None

    def as_saved(self, data: dict[str, Any]) -> Goal:
        """The goal as this request would save it, unsaved: what its checks read."""
        goal = copy.copy(self.instance) if self.instance is not None else Goal()
        for name, value in data.items():
            setattr(goal, name, value)
        if self.instance is None and not data.get("start_date"):
            goal.start_date = goal.athlete.local_today()
        services.follow_race(goal)
        return goal

    def save_goal(self, *, by: User) -> Goal:
        data = dict(self.validated_data)
        reason = data.pop("reason", "")
        confirmed = data.pop("confirm", False)
        try:
            services.check_goal(goal=self.as_saved(data), confirmed=confirmed)
            if self.instance is None:
                athlete = data.pop("athlete")
                goal_data = services.GoalData(**data)
            else:
                athlete = self.instance.athlete
                # A partial update changes what it names and keeps the rest.
                goal_data = dataclasses.replace(services.GoalData.of(self.instance), **data)
            self.instance = services.goal_save(
                athlete=athlete, goal=self.instance, by=by, data=goal_data, reason=reason
            )
        except ModelValidationError as error:
            raise ValidationError(error.message_dict) from None
        return self.instance


class GoalDraftSerializer(GoalSerializer):
    """A goal as typed, saved or not, for its SMART verdicts: every field may be left out."""

    # None takes the declared field away (DRF's serializer metaclass), which the stubs cannot see.
    confirm = None  # type: ignore[assignment]

    class Meta(GoalSerializer.Meta):
        fields = [name for name in GoalSerializer.Meta.fields if name != "confirm"]
        extra_kwargs = {name: {"required": False} for name in GoalSerializer.Meta.fields}


class AbandonSerializer(serializers.Serializer[dict[str, Any]]):
    # Left optional here so a missing reason gets the service's own message.
    reason = StrictCharField(
        required=False, allow_blank=True, default="", help_text="Why the goal is let go."
    )


def measure_context(goals: Iterable[Goal]) -> dict[str, dict[int, Activity]]:
    """Activity for every athlete of these goals, loaded at once (a fixed number of queries)."""
    goals = list(goals)
    athletes = {goal.athlete_id: goal.athlete for goal in goals}
    since = measured.activity_start(goals, dt.date.today() - dt.timedelta(days=1))
    return {"activities": load_activity(athletes.values(), since=since)}


@extend_schema_view(
    create=extend_schema(responses={201: GoalSerializer, 400: GOAL_REFUSED}),
    update=extend_schema(responses={200: GoalSerializer, 400: GOAL_REFUSED}),
    partial_update=extend_schema(responses={200: GoalSerializer, 400: GOAL_REFUSED}),
)
class GoalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Goal],
):
    """Goals in scope. A runner and their coach may both set and change them; goals are
    abandoned with a reason (`POST …/abandon/`), never deleted."""

    serializer_class = GoalSerializer
    filterset_fields = ["athlete", "level", "status"]

    def get_queryset(self) -> QuerySet[Goal]:
        return (
            Goal.objects.visible_to(self.request.user)
            # The race: a linked goal's SMART draft reads its distance.
            .select_related("athlete", "race")
            .prefetch_related("changes")
            .order_by("pk")
        )

    def _respond(self, goal: Goal, *, status_code: int = status.HTTP_200_OK) -> Response:
        context = {**self.get_serializer_context(), **measure_context([goal])}
        return Response(GoalSerializer(goal, context=context).data, status=status_code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # the API pages every list (REST_FRAMEWORK's pagination)
        context = {**self.get_serializer_context(), **measure_context(page)}
        return self.get_paginated_response(GoalSerializer(page, many=True, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._respond(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = GoalSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        goal = serializer.save_goal(by=api_user(request))
        return self._respond(self.get_queryset().get(pk=goal.pk), status_code=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = GoalSerializer(
            self.get_object(),
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        goal = serializer.save_goal(by=api_user(request))
        return self._respond(self.get_queryset().get(pk=goal.pk))

    @extend_schema(request=AbandonSerializer, responses=GoalSerializer)
    @action(detail=True, methods=["post"])
    def abandon(self, request: Request, pk: str | None = None) -> Response:
        goal = self.get_object()
        if not goal.is_open:
            raise ValidationError({"status": "Only an active goal can be abandoned."})
        body = AbandonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.goal_abandon(
                goal=goal, by=api_user(request), reason=body.validated_data["reason"]
            )
        except ModelValidationError as error:
            raise ValidationError(error.message_dict) from None
        return self._respond(self.get_queryset().get(pk=goal.pk))

    @extend_schema(
        request=GoalDraftSerializer,
        responses=inline_serializer("AssessResponse", {"smart": SMART}),
    )
    @action(detail=False, methods=["post"])
    def assess(self, request: Request) -> Response:
        """SMART verdicts for a goal as it would be saved, without saving it."""
        serializer = GoalDraftSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        athlete = data.get("athlete")
        if athlete is None:
            raise NotFound("Only runners have goals: name the athlete.")
        assessment = assess_draft(draft=typed_draft(data), athlete=athlete)
        return Response({"smart": assessment.as_dict() if assessment else None})
