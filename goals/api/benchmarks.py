"""Benchmarks over REST: time trials and recent results, recorded by the runner or their
coach (never in the future), saved through the goal services, which let a benchmark reach a
race-time goal.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.serializers import BaseSerializer

from athletes.api.fields import STRICT_FIELD_MAPPING
from athletes.api_scope import AthleteOwnedSerializer
from athletes.models import Athlete
from goals import services
from goals.api.saving import SavedThroughService
from goals.models import Benchmark


class BenchmarkSerializer(SavedThroughService[Benchmark], AthleteOwnedSerializer[Benchmark]):
    serializer_field_mapping = STRICT_FIELD_MAPPING
    athlete = serializers.PrimaryKeyRelatedField[Athlete](
        queryset=Athlete.objects.none(), required=False
    )

    class Meta:
        model = Benchmark
        fields = ["id", "athlete", "distance_m", "duration_s", "date", "note", "created_by"]
        read_only_fields = ["created_by"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        date = attrs.get("date")
        athlete = self.athlete_or_own(attrs)
        if date and date > athlete.local_today():
            raise ValidationError({"date": "A benchmark is something already run."})
        if self.instance is None:
            attrs["athlete"] = athlete
        return attrs

    def save_through_service(self, benchmark: Benchmark) -> Benchmark:
        return services.benchmark_save(benchmark=benchmark)


class BenchmarkViewSet(viewsets.ModelViewSet[Benchmark]):
    """Time trials and recent results, recorded by the runner or their coach."""

    serializer_class = BenchmarkSerializer
    filterset_fields = ["athlete"]

    def get_queryset(self) -> QuerySet[Benchmark]:
        return Benchmark.objects.visible_to(self.request.user).order_by("-date", "-pk")

    def perform_create(self, serializer: BaseSerializer[Benchmark]) -> None:
        serializer.save(created_by=self.request.user)
