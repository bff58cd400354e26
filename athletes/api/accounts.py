"""People over REST: the signed-in user (`/api/v1/me/` is composed in coaching), athletes in scope
with the settings a runner may change, and the token exchange (`/api/v1/auth/token/`, throttled,
locked out with django-axes).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import models
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import AnonRateThrottle

from athletes.api.fields import TimeOfDayField
from athletes.models import Athlete, Coach, Squad, User, validate_time_zone


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]
        read_only_fields = fields


class AthleteSerializer(serializers.ModelSerializer[Athlete]):
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


class MeSerializer(serializers.ModelSerializer[User]):
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


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class EmailTokenSerializer(serializers.Serializer[dict[str, Any]]):
    email = serializers.EmailField()
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )
    token = serializers.CharField(read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
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

    def get_serializer(self, *args: Any, **kwargs: Any) -> serializers.Serializer[Any]:
        kwargs["context"] = self.get_serializer_context()
        return self.serializer_class(*args, **kwargs)


class AthleteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Athlete],
):
    """Athletes in scope; a runner may change their own settings."""

    serializer_class = AthleteSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> models.QuerySet[Athlete]:
        return Athlete.objects.visible_to(self.request.user).select_related("user").order_by("pk")

    def perform_update(self, serializer: BaseSerializer[Athlete]) -> None:
        assert serializer.instance is not None  # an update has its row
        if (
            not Athlete.objects.editable_by(self.request.user)
            .filter(pk=serializer.instance.pk)
            .exists()
        ):
            raise PermissionDenied("Only the runner can change their own settings.")
        serializer.save()
