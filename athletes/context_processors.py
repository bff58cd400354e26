def roles(request):
    """Expose which profiles the signed-in user has, for navigation by role."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "is_coach": user.coach_profile is not None,
        "is_athlete": user.athlete_profile is not None,
    }
