"""Races and the season plan over the API.

Saves go through races.services, like the race form, so the model's checks answer as field
errors (400) and goals linked to a race follow its date. Every race carries its season-rule
warnings, worked out for a whole page at once.
"""

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from athletes.api_scope import AthleteOwnedSerializer
from athletes.http import api_user, saved_or_400
from athletes.models import Athlete
from races import rules, services
from races.models import Race
from races.season.shapes import PhaseSpan, PlannedRace
from races.services import RaceDraft

DRAFT_FIELDS = [field.name for field in dataclasses.fields(RaceDraft)]


def draft_of(data: Mapping[str, Any], race: Race | None = None) -> RaceDraft:
    """The race as it would be saved: what was sent, the rest from the race being changed (or
    the defaults for a new one)."""
    values = {
        name: data[name] if name in data else getattr(race, name)
        for name in DRAFT_FIELDS
        if name in data or race is not None
    }
    return RaceDraft(**values)


class RaceWarningSerializer(serializers.Serializer[rules.Warning]):
    """A season rule the race breaks: a warning, never a block (docs/coaching-rules.md)."""

    rule = serializers.CharField()
    message = serializers.CharField()


class RaceSerializer(AthleteOwnedSerializer[Race]):
    """A race of one runner with its season-rule warnings (read-only).

    A runner's races default to their own; a coach names the athlete. `distance_m` in metres,
    `target_time_s` and `result_time_s` in seconds. A result needs `status` "completed".
    """

    athlete = serializers.PrimaryKeyRelatedField[Athlete](
        queryset=Athlete.objects.none(), required=False
    )
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Race
        fields = ["id", "athlete", *DRAFT_FIELDS, "warnings", "created_at"]
        read_only_fields = ["created_at"]

    @extend_schema_field(RaceWarningSerializer(many=True))
    def get_warnings(self, race: Race) -> list[dict[str, str]]:
        found = self.context.get("warnings") or {}
        if race.pk not in found:
            found = services.warnings_by_race([race])
        return [warning.as_dict() for warning in found[race.pk]]

    def create(self, validated_data: dict[str, Any]) -> Race:
        return saved_or_400(
            lambda: services.race_create(
                athlete=validated_data["athlete"],
                by=validated_data["by"],
                draft=draft_of(validated_data),
            )
        )

    def update(self, instance: Race, validated_data: dict[str, Any]) -> Race:
        return saved_or_400(
            lambda: services.race_update(
                race=instance, by=validated_data["by"], draft=draft_of(validated_data, instance)
            )
        )


class RaceCheckSerializer(RaceSerializer):
    """A race as typed, saved or not: `race` names the race being changed, if any."""

    race = serializers.PrimaryKeyRelatedField[Race](
        queryset=Race.objects.none(), required=False, allow_null=True
    )

    class Meta(RaceSerializer.Meta):
        fields = ["athlete", "race", *DRAFT_FIELDS]
        read_only_fields = []
        extra_kwargs = {name: {"required": False} for name in DRAFT_FIELDS}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        race = attrs.get("race")
        if race is None:
            attrs.setdefault("name", "")
        else:
            attrs.setdefault("athlete", race.athlete)
        attrs["athlete"] = self.athlete_or_own(attrs)
        if race is not None and race.athlete_id != attrs["athlete"].pk:
            raise ValidationError({"race": "That race belongs to another runner."})
        missing = [
            name
            for name in ("date", "distance_m")
            if name not in attrs and getattr(race, name, None) is None
        ]
        if missing:
            raise ValidationError(dict.fromkeys(missing, "This field is required."))
        return attrs


class RaceViewSet(viewsets.ModelViewSet[Race]):
    """Races in scope. A runner and their coach both add, change and remove them; each comes
    with the season rules it breaks, as warnings that never block a save."""

    serializer_class = RaceSerializer
    filterset_fields = ["athlete", "priority", "status"]

    def get_queryset(self) -> QuerySet[Race]:
        return Race.objects.visible_to(self.request.user).order_by("date", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # every list is paged (DEFAULT_PAGINATION_CLASS)
        context = {**self.get_serializer_context(), "warnings": services.warnings_by_race(page)}
        return self.get_paginated_response(RaceSerializer(page, many=True, context=context).data)

    def perform_create(self, serializer: BaseSerializer[Race]) -> None:
        serializer.save(by=self.request.user)

    def perform_update(self, serializer: BaseSerializer[Race]) -> None:
        serializer.save(by=self.request.user)

    def perform_destroy(self, instance: Race) -> None:
        services.race_delete(race=instance, by=api_user(self.request))

    @extend_schema(
        request=RaceCheckSerializer,
        responses=inline_serializer(
            "RaceCheckResponse", {"warnings": RaceWarningSerializer(many=True)}
        ),
    )
    @action(detail=False, methods=["post"])
    def check(self, request: Request) -> Response:
        """The season-rule warnings for a race as it would be saved, without saving it."""
        serializer = RaceCheckSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        race = data.get("race")
        warnings = services.check_draft(
            athlete=data["athlete"], draft=draft_of(data, race), race=race
        )
        return Response({"warnings": [warning.as_dict() for warning in warnings]})


class Rounded(serializers.IntegerField):
    """A whole number of metres or seconds, rounded (IntegerField truncates): plan targets and
    predictions are worked out to fractions of one."""

    def to_representation(self, value: float) -> int:
        return round(value)


class SeasonRaceSerializer(serializers.Serializer[PlannedRace]):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    date = serializers.DateField()
    distance_m = Rounded()
    priority = serializers.CharField()


class PhaseSerializer(serializers.Serializer[PhaseSpan]):
    phase = serializers.CharField()
    first_week = serializers.DateField()
    weeks = serializers.IntegerField()


class SeasonWeekSerializer(serializers.Serializer[services.WeekReport]):
    week_start = serializers.DateField()
    phase = serializers.CharField()
    target_distance_m = Rounded(help_text="what the week asks for, the A race included")
    race_distance_m = Rounded(help_text="the A race's distance in race week, else 0")
    actual_distance_m = Rounded(allow_null=True, help_text="null for weeks still ahead")
    benchmark = serializers.BooleanField(help_text="a time trial belongs in this week")
    cutback = serializers.BooleanField()
    compliance = serializers.CharField(
        help_text='"as planned" (within ±20 % of the target), "under" or "over"; "so far" for '
        'this week; "" for weeks ahead'
    )
    races = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_races(self, week: services.WeekReport) -> list[int]:
        return [race.key for race in week.races]


class SeasonSerializer(serializers.Serializer[services.SeasonReport]):
    """The season built back from the runner's next A race, week by week against the run log."""

    a_race = SeasonRaceSerializer(source="season.a_race", allow_null=True)
    notes = serializers.ListField(child=serializers.CharField(), source="season.notes")
    phases = PhaseSerializer(many=True, source="season.phases")
    weeks = SeasonWeekSerializer(many=True)
    prompt = serializers.CharField(
        read_only=True,
        allow_null=True,
        default=None,
        help_text=f'null with a plan; with no A race ahead, "{services.NO_A_RACE_PROMPT}", as the '
        "season page says",
    )


NO_SEASON: dict[str, object] = {
    "a_race": None,
    "notes": [],
    "phases": [],
    "weeks": [],
    "prompt": services.NO_A_RACE_PROMPT,
}


@extend_schema(responses=SeasonSerializer)
@api_view(["GET"])
def season(request: Request, pk: int) -> Response:
    """An athlete's season plan; with no A race ahead, `a_race` is null, the lists empty and
    `prompt` asks for one."""
    athlete = get_object_or_404(Athlete.objects.visible_to(api_user(request)), pk=pk)
    report = services.season_for(athlete)
    return Response(NO_SEASON if report is None else SeasonSerializer(report).data)
