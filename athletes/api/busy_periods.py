"""A runner's busy periods (travel, exams, a new baby) over REST at `/api/v1/busy-periods/`: their
coach sees them, only the runner changes them.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.serializers import BaseSerializer

from athletes.api.fields import STRICT_FIELD_MAPPING
from athletes.api_scope import ScopedFilterSet
from athletes.http import api_user
from athletes.models import BusyPeriod, ends_before_start


class BusyPeriodSerializer(serializers.ModelSerializer[BusyPeriod]):
    serializer_field_mapping = STRICT_FIELD_MAPPING

    class Meta:
        model = BusyPeriod
        fields = ["id", "athlete", "start", "end", "label"]
        read_only_fields = ["id", "athlete"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if ends_before_start(start, end):
            raise serializers.ValidationError(
                {"end": "The end date must be on or after the start date."}
            )
        return attrs


class BusyPeriodFilter(ScopedFilterSet):
    class Meta:
        model = BusyPeriod
        fields = ["athlete"]


class BusyPeriodViewSet(viewsets.ModelViewSet[BusyPeriod]):
    serializer_class = BusyPeriodSerializer
    filterset_class = BusyPeriodFilter

    def get_queryset(self) -> QuerySet[BusyPeriod]:
        return BusyPeriod.objects.visible_to(self.request.user).order_by("start")

    def perform_create(self, serializer: BaseSerializer[BusyPeriod]) -> None:
        athlete = api_user(self.request).athlete_profile
        if athlete is None:
            raise NotFound("Only runners have busy periods.")
        serializer.save(athlete=athlete)

    def _check_editable(self, period: BusyPeriod) -> None:
        editable = BusyPeriod.objects.editable_by(api_user(self.request))
        if not editable.filter(pk=period.pk).exists():
            raise PermissionDenied("Only the runner can change their busy periods.")

    def perform_update(self, serializer: BaseSerializer[BusyPeriod]) -> None:
        assert serializer.instance is not None  # an update has its row
        self._check_editable(serializer.instance)
        serializer.save()

    def perform_destroy(self, instance: BusyPeriod) -> None:
        self._check_editable(instance)
        instance.delete()
