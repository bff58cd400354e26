"""Field types every app's API shares: a wall-clock time with no offset, and text that must arrive
as a string, measured as sent (`STRICT_FIELD_MAPPING` makes model serializers use it).
"""

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "18:00"}
)
class TimeOfDayField(serializers.TimeField):
    """A local wall-clock time, "HH:MM[:SS]" with no offset: OpenAPI's `time` format would
    demand one (RFC 3339 full-time)."""


class StrictCharField(serializers.CharField):
    """Text as the schema describes it: it must arrive as a string (a number, list or object is
    refused, where CharField would turn a number into text), and its length is measured as
    sent, before surrounding spaces are trimmed."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is not serializers.empty and data is not None:
            if not isinstance(data, str):
                self.fail("invalid")
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)


# ModelSerializer's fields, with text as the schema describes it.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
}
