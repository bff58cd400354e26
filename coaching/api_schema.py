"""The API's OpenAPI schema: every operation documents the errors it can answer, not only its
success, so clients (and schemathesis) can rely on the schema for 400, 404, 409 and 429 too."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer[dict[str, str]]):
    """A refusal with one message: not signed in, not allowed, not found, too many requests."""

    detail = serializers.CharField()


# Keys are the request's field names (`non_field_errors` for the whole of it); each value is
# a message or a list of them, nested for lists of files.
VALIDATION_ERROR = OpenApiResponse(
    {"type": "object", "additionalProperties": {}},
    description="The request was refused: the messages say why, by field.",
)
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="Not signed in (no or a bad token).")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Signed in, but not allowed to do this.")
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="No such row in your scope (or no such page of a list, or no such `format`).",
)
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many requests: try again later.")

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class RunpathAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers each operation can give."""

    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors: dict[str, OpenApiResponse] = {}
        # The ignores here: drf-spectacular leaves these AutoSchema helpers unannotated.
        if (
            self.method not in READ_METHODS
            or self._get_filter_parameters()  # type: ignore[no-untyped-call]
            or self._paginated()
        ):
            errors["400"] = VALIDATION_ERROR
        if not self._open_to_anyone():
            errors["401"] = UNAUTHENTICATED
            errors["403"] = FORBIDDEN
        writes = self.method not in READ_METHODS
        if (
            self._names_a_row()
            or self._paginated()
            or (writes and not self._open_to_anyone())
            # Django REST framework answers an unknown `?format=` with 404.
            or self._get_format_parameters()
        ):
            errors["404"] = NOT_FOUND
        if self.view.get_throttles():
            errors["429"] = THROTTLED
        for code, answer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    answer, code, direction=direction
                )
        return responses

    def map_parsers(self) -> list[str]:
        """Request bodies are documented as JSON, the API's format. Django REST framework also
        reads HTML forms, where an empty optional field means "not given" rather than a wrong
        value: a rule the schema cannot state, so forms stay out of it. An upload names its
        own media type (`POST /runs/import/`)."""
        media_types = super().map_parsers()
        return [media for media in media_types if media == "application/json"] or media_types

    def _open_to_anyone(self) -> bool:
        permissions = self.view.get_permissions()
        return all(isinstance(permission, AllowAny) for permission in permissions)

    def _names_a_row(self) -> bool:
        return "{" in self.path

    def _paginated(self) -> bool:
        if not self._is_list_view():
            return False
        return self._get_paginator() is not None  # type: ignore[no-untyped-call]
