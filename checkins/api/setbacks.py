"""`/api/v1/setbacks/`: injuries, illness and life getting in the way, open ones first,
saved through `checkins.setbacks`."""

import django_filters
from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import F, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.serializers import BaseSerializer

from athletes.api_scope import AthleteOwnedSerializer, ScopedFilterSet
from athletes.http import api_user, api_validation_error
from athletes.models import Athlete
from checkins import setbacks
from checkins.models import Setback


class SetbackSerializer(AthleteOwnedSerializer[Setback]):
    """An injury, an illness or life (work, family, travel) getting in the way. Open while
    `end` is empty; setting `end` is "back running". `athlete` is set on creation only and
    defaults to the runner writing it; `body_part` belongs to injuries only."""

    athlete = serializers.PrimaryKeyRelatedField[Athlete](
        queryset=Athlete.objects.none(), required=False
    )

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


class SetbackViewSet(viewsets.ModelViewSet[Setback]):
    """Setbacks in scope, open ones first. The runner logs and changes their own (staff
    anyone's); their coach reads them. Saved through checkins.setbacks, so the model's rules
    answer as field errors and the athlete's standing follows."""

    serializer_class = SetbackSerializer
    filterset_class = SetbackFilter

    def get_queryset(self) -> QuerySet[Setback]:
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
            raise api_validation_error(error) from None

    def perform_create(self, serializer: BaseSerializer[Setback]) -> None:
        data = serializer.validated_data
        self._check_writer(data["athlete"].pk)
        serializer.instance = self._save(Setback(**data, created_by=api_user(self.request)))

    def perform_update(self, serializer: BaseSerializer[Setback]) -> None:
        setback = serializer.instance
        assert setback is not None  # an update has its row
        self._check_writer(setback.athlete_id)
        for name, value in serializer.validated_data.items():
            setattr(setback, name, value)
        self._save(setback)

    def perform_destroy(self, instance: Setback) -> None:
        self._check_writer(instance.athlete_id)
        setbacks.setback_delete(setback=instance)
