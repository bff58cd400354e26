"""`/api/v1/me/connections/`: the signed-in runner's connected accounts (Strava), and
disconnecting them."""

from typing import Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from athletes.http import api_user
from integrations.models import StravaConnection
from integrations.status import sync_status
from integrations.strava import auth


# Any: the stubs take a list (many=True) only for model serializers.
class ConnectionSerializer(serializers.Serializer[Any]):
    provider = serializers.ChoiceField(choices=["strava"])
    connected = serializers.BooleanField(
        help_text="False once the access was withdrawn at Strava (see `notice`)."
    )
    strava_athlete_id = serializers.IntegerField()
    scopes = serializers.ListField(child=serializers.CharField())
    connected_at = serializers.DateTimeField()
    last_sync_at = serializers.DateTimeField(allow_null=True)
    stale = serializers.BooleanField(help_text="Connected, with no sync for 7 days or more.")
    waiting_until = serializers.DateTimeField(
        allow_null=True, help_text="Strava's rate limit is reached: work resumes then."
    )
    notice = serializers.CharField(help_text="What the runner was told, if anything.")


def _connections(request: Request) -> list[StravaConnection]:
    if not settings.STRAVA_ENABLED:
        return []
    return list(StravaConnection.objects.filter(athlete__user=api_user(request)))


def _as_json(connection: StravaConnection) -> dict[str, object]:
    now = timezone.now()
    status_now = sync_status(connection, now=now)
    waiting = (
        connection.waiting_until
        if connection.waiting_until and connection.waiting_until > now
        else None
    )
    return {
        "provider": "strava",
        "connected": connection.is_connected,
        "strava_athlete_id": connection.strava_athlete_id,
        "scopes": [scope for scope in connection.scopes.split(",") if scope],
        "connected_at": connection.connected_at,
        "last_sync_at": connection.last_sync_at,
        "stale": bool(status_now and status_now.stale),
        "waiting_until": waiting,
        "notice": connection.notice,
    }


@extend_schema(
    methods=["GET"],
    responses=ConnectionSerializer(many=True),
    description="The signed-in runner's connected accounts; empty for a coach, or where "
    "Strava is not set up.",
)
@extend_schema(
    methods=["DELETE"],
    responses={
        204: OpenApiResponse(description="Disconnected: access revoked, tokens deleted."),
        404: OpenApiResponse(description="Nothing is connected."),
    },
    description="Disconnect every connected account: the access is revoked at Strava and the "
    "tokens deleted. Runs already imported stay.",
)
@api_view(["GET", "DELETE"])
def my_connections(request: Request) -> Response:
    connections = _connections(request)
    if request.method == "GET":
        return Response(ConnectionSerializer([_as_json(c) for c in connections], many=True).data)
    if not connections:
        raise NotFound("Nothing is connected.")
    for connection in connections:
        auth.disconnect(connection)
    return Response(status=status.HTTP_204_NO_CONTENT)
