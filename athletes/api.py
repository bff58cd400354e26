from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import models, transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from athletes import services
from athletes.api_scope import ScopedFilterSet
from athletes.http import api_user
from athletes.invitation_outbox import RESEND_AFTER
from athletes.models import Athlete, BusyPeriod, Coach, Invitation, Squad, User, validate_time_zone


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]
        read_only_fields = fields


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

    def run_validation(self, data=serializers.empty):
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


class AthleteSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)
    coach = serializers.PrimaryKeyRelatedField[Coach](read_only=True)
    squad = serializers.PrimaryKeyRelatedField[Squad](read_only=True)
    time_zone = serializers.CharField(validators=[validate_time_zone], required=False)
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: TimeOfDayField,
    }

    class Meta:
        model = Athlete
        fields = [
            "id",
            "user",
            "coach",
            "squad",
            "coached_since",
            *Athlete.SETTINGS_FIELDS,
        ]
        read_only_fields = ["id", "user", "coach", "squad", "coached_since"]


class MeSerializer(serializers.ModelSerializer):
    athlete = AthleteSerializer(
        read_only=True,
        allow_null=True,
        source="athlete_profile",
        help_text="The runner's profile; null for a coach or staff without one.",
    )
    coach_id = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_staff", "coach_id", "athlete"]

    def get_coach_id(self, user: User) -> int | None:
        return user.coach_profile.pk if user.coach_profile else None


class SquadSerializer(serializers.ModelSerializer):
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


class InvitationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "squad", "status", "created_at", "expires_at", "accepted_at"]
        read_only_fields = ["id", "status", "created_at", "expires_at", "accepted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Another coach's squad reads as "does not exist", exactly like a made-up id; staff,
            # who see every squad, still invite only into their own.
            coach = getattr(request.user, "coach_profile", None)
            squads = Squad.objects.visible_to(request.user).filter(coach=coach)
            self.fields["squad"].queryset = squads

    def validate_email(self, email: str) -> str:
        email = email.lower()
        coach = self.context["request"].user.coach_profile
        problem = coach and services.invitation_email_problem(coach=coach, email=email)
        if problem:
            raise serializers.ValidationError(problem)
        return email


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class EmailTokenSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )
    token = serializers.CharField(read_only=True)

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request, username=attrs["email"], password=attrs["password"])
        if user is None and getattr(request, "axes_locked_out", False):
            raise Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail="Too many failed attempts for this e-mail. Try again in 15 minutes.",
            )
        if user is None:
            raise serializers.ValidationError(
                "Unable to log in with that e-mail and password.", code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenView(ObtainAuthToken):
    """Exchange e-mail and password for an API token (`Authorization: Token …`)."""

    serializer_class = EmailTokenSerializer
    throttle_classes = [TokenThrottle]

    def get_serializer(self, *args, **kwargs):
        kwargs["context"] = self.get_serializer_context()
        return self.serializer_class(*args, **kwargs)


class AthleteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Athletes in scope; a runner may change their own settings."""

    serializer_class = AthleteSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Athlete.objects.visible_to(self.request.user).select_related("user").order_by("pk")

    def perform_update(self, serializer):
        if (
            not Athlete.objects.editable_by(self.request.user)
            .filter(pk=serializer.instance.pk)
            .exists()
        ):
            raise PermissionDenied("Only the runner can change their own settings.")
        serializer.save()


class CoachOnlyMixin:
    def coach(self):
        coach = self.request.user.coach_profile
        if coach is None:
            raise NotFound("Only coaches have squads and invitations.")
        return coach


class SquadViewSet(CoachOnlyMixin, viewsets.ModelViewSet):
    serializer_class = SquadSerializer

    def get_queryset(self):
        return Squad.objects.visible_to(self.request.user).order_by("name")

    def perform_create(self, serializer):
        serializer.save(coach=self.coach())


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


class InvitationViewSet(
    CoachOnlyMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A coach's invitations. Creating one e-mails the link; `resend` e-mails a new one; deleting
    revokes it."""

    serializer_class = InvitationSerializer

    def get_queryset(self):
        invitations = Invitation.objects.visible_to(self.request.user)
        # Only a pending invitation can be sent again, as on the invitations page.
        return invitations.pending() if self.action == "resend" else invitations

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.instance = services.invitation_send(
            coach=self.coach(),
            email=serializer.validated_data["email"],
            squad=serializer.validated_data.get("squad"),
        )

    def perform_destroy(self, instance):
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
                detail=f"The invitation to {invitation.email} was sent less than a minute ago. "
                "Give it a minute to arrive (and a look in the spam folder) before resending.",
            )
        invitation.refresh_from_db()
        return Response(self.get_serializer(invitation).data, status=status.HTTP_202_ACCEPTED)
