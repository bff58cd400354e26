from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from integrations.models import StravaConnection

register = template.Library()


@register.inclusion_tag("integrations/partials/strava_card.html", takes_context=True)
def strava_card(context: template.Context) -> dict[str, Any]:
    """The settings page's Strava card for the signed-in runner; nothing while Strava is not
    set up on this Runpath."""
    user = context["user"]
    if not settings.STRAVA_ENABLED or user.athlete_profile is None:
        return {"strava_enabled": False}
    return {
        "strava_enabled": True,
        "strava": StravaConnection.objects.filter(athlete=user.athlete_profile).first(),
        "zone": user.athlete_profile.time_zone,
        "now": timezone.now(),
        "backfill_weeks": settings.STRAVA_BACKFILL_WEEKS,
        "csrf_token": context.get("csrf_token"),
    }
