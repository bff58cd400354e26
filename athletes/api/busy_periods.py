"""A runner's busy periods (travel, exams, a new baby) over REST at `/api/v1/busy-periods/`: their
coach sees them, only the runner changes them.
"""

from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied

from athletes.api.fields import STRICT_FIELD_MAPPING
from athletes.api_scope import ScopedFilterSet
from athletes.http import api_user
from athletes.models import BusyPeriod


class BusyPeriodSerializer(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING

    class Meta:
        model = BusyPeriod
        fields = ["id", "athlete", "start", "end", "label"]
        read_only_fields = ["id", "athlete"]

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end": "The end date must be on or after the start date."}
            )
        return attrs


class BusyPeriodFilter(ScopedFilterSet):
    class Meta:
        model = BusyPeriod
        fields = ["athlete"]


class BusyPeriodViewSet(viewsets.ModelViewSet):
    serializer_class = BusyPeriodSerializer
    filterset_class = BusyPeriodFilter

    def get_queryset(self):
        return BusyPeriod.objects.visible_to(self.request.user).order_by("start")

    def perform_create(self, serializer):
        athlete = self.request.user.athlete_profile
        if athlete is None:
            raise NotFound("Only runners have busy periods.")
        serializer.save(athlete=athlete)

    def _check_editable(self, period: BusyPeriod) -> None:
        editable = BusyPeriod.objects.editable_by(api_user(self.request))
        if not editable.filter(pk=period.pk).exists():
            raise PermissionDenied("Only the runner can change their busy periods.")

    def perform_update(self, serializer):
        self._check_editable(serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        self._check_editable(instance)
        instance.delete()
