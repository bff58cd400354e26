"""What milestones and benchmarks share over REST: their writes go through the goal services
(`SavedThroughService`), which validate them and record what they reach, as the pages do.
"""

from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

_M = TypeVar("_M", bound=models.Model)


class SavedThroughService(serializers.ModelSerializer[_M]):
    """Writes go through the goals service, which validates and records achievements."""

    def save_through_service(self, instance: _M) -> _M:
        raise NotImplementedError

    def create(self, validated_data: dict[str, Any]) -> _M:
        model: type[_M] = self.Meta.model
        return self.save_through_service(model(**validated_data))

    def update(self, instance: _M, validated_data: dict[str, Any]) -> _M:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_through_service(instance)
