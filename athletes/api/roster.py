"""A coach's roster over REST: their squads (`/api/v1/squads/`) and invitations
(`/api/v1/invitations/`: create e-mails the link, `resend` a new one, delete revokes), answered
404 to anyone who is not a coach.
"""

from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from athletes import services
from athletes.api.fields import STRICT_FIELD_MAPPING
from athletes.http import api_user
from athletes.invitation_outbox import RESEND_AFTER
from athletes.models import Coach, Invitation, Squad


class CoachOnlyMixin(APIView):
    def coach(self) -> Coach:
        coach = api_user(self.request).coach_profile
        if coach is None:
            raise NotFound("Only coaches have squads and invitations.")
        return coach


class SquadSerializer(serializers.ModelSerializer[Squad]):
    serializer_field_mapping = STRICT_FIELD_MAPPING

    class Meta:
        model = Squad
        fields = ["id", "name", "coach", "created_at"]
        read_only_fields = ["id", "coach", "created_at"]

    def validate_name(self, name: str) -> str:
        coach = self.instance.coach if self.instance else self.context["request"].user.coach_profile
        try:
            return Squad.clean_name_for(coach, name, squad=self.instance)
        except ModelValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class SquadViewSet(CoachOnlyMixin, viewsets.ModelViewSet[Squad]):
    serializer_class = SquadSerializer

    def get_queryset(self) -> QuerySet[Squad]:
        return Squad.objects.visible_to(self.request.user).order_by("name")

    def perform_create(self, serializer: BaseSerializer[Squad]) -> None:
        serializer.save(coach=self.coach())


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "squad",
            "status",
            "created_at",
            "expires_at",
            "accepted_at",
            "last_sent_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "created_at",
            "expires_at",
            "accepted_at",
            "last_sent_at",
        ]
        extra_kwargs = {
            "last_sent_at": {
                "help_text": "When the invitation e-mail last went out, as the Invitations page "
                "shows; null until one has."
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Another coach's squad reads as "does not exist", exactly like a made-up id; staff,
            # who see every squad, still invite only into their own.
            coach = getattr(request.user, "coach_profile", None)
            squads = Squad.objects.visible_to(request.user).filter(coach=coach)
            squad = self.fields["squad"]
            assert isinstance(squad, serializers.RelatedField)  # the model's foreign key
            # The ignore: django-stubs #3666, any assignment to a field typed as a Manager.
            squad.queryset = squads  # type: ignore[arg-type]

    def validate_email(self, email: str) -> str:
        email = email.lower()
        coach = self.context["request"].user.coach_profile
        problem = coach and services.invitation_email_problem(coach=coach, email=email)
        if problem:
            raise serializers.ValidationError(problem)
        return email


class InvitationViewSet(
    CoachOnlyMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Invitation],
):
    """A coach's invitations. Creating one e-mails the link; `resend` e-mails a new one; deleting
    revokes it."""

    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        invitations = Invitation.objects.visible_to(self.request.user)
        # Only a pending invitation can be sent again, as on the invitations page.
        return invitations.pending() if self.action == "resend" else invitations

    @transaction.atomic
    def perform_create(self, serializer: BaseSerializer[Invitation]) -> None:
        serializer.instance = services.invitation_send(
            coach=self.coach(),
            email=serializer.validated_data["email"],
            squad=serializer.validated_data.get("squad"),
        )

    def perform_destroy(self, instance: Invitation) -> None:
        services.invitation_revoke(invitation=instance)

    @extend_schema(
        request=None,
        responses={
            202: InvitationSerializer,
            429: OpenApiResponse(
                {"type": "object", "properties": {"detail": {"type": "string"}}},
                description="Sent under a minute ago: the message says so.",
            ),
        },
        description="E-mail the invitation again with a new link, valid for a fresh 7 days (the "
        "links in earlier e-mails stop working). 404 when it is not yours or no longer pending "
        "(accepted, revoked or expired); 429 when it was sent under a minute ago.",
    )
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: int) -> Response:
        invitation = self.get_object()
        with transaction.atomic():
            requested = services.invitation_resend(invitation=invitation)
        if not requested:
            raise Throttled(
                wait=RESEND_AFTER.total_seconds(),
                detail=services.resend_too_soon_message(invitation),
            )
        invitation.refresh_from_db()
        return Response(self.get_serializer(invitation).data, status=status.HTTP_202_ACCEPTED)
