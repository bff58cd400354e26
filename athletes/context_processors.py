from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def roles(request: HttpRequest) -> "dict[str, SimpleLazyObject[bool]]":
    """Expose which profiles the signed-in user has, for navigation by role. Lazy: a fragment
    that shows no navigation (an autosave's answer) asks the database nothing for it."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "is_coach": SimpleLazyObject(lambda: user.coach_profile is not None),
        "is_athlete": SimpleLazyObject(lambda: user.athlete_profile is not None),
    }
