import zoneinfo
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class UserTimeZoneMiddleware:
    """Show the times on every page in the signed-in person's own zone (runner, else coach).

    The API keeps answering in UTC whoever asks, so it is left alone: Django REST framework's
    views are the ones carrying a `cls` attribute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        user = request.user
        if hasattr(view_func, "cls") or not user.is_authenticated:
            return None
        profile = user.athlete_profile or user.coach_profile
        if profile is not None:
            timezone.activate(zoneinfo.ZoneInfo(profile.time_zone))
        return None
