"""The calendar link: a signature over a user id and their feed's current key.

The link works without logging in (calendar apps cannot log in), so the token is the secret.
It is signed, so nobody can make one up for another user, and it carries the feed's key, so a
new key (`new_link`) revokes every link handed out before it.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from athletes.models import User
from races.models import CalendarFeed, new_feed_key

CALENDAR_SALT = "runpath.calendar"


def feed_of(user: User) -> CalendarFeed:
    # One feed per user is a unique constraint (OneToOne), so get_or_create is safe.
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_token(feed: CalendarFeed) -> str:
    return signing.Signer(salt=CALENDAR_SALT).sign_object([feed.user_id, feed.key])


def feed_url(user: User) -> str:
    """The absolute link to the user's calendar, built from SITE_URL, never the Host header."""
    return settings.SITE_URL + reverse("calendar-feed", args=[feed_token(feed_of(user))])


def user_for_token(token: str) -> User | None:
    """The active user a link was signed for while its key is current; None for anything else."""
    try:
        user_id, key = signing.Signer(salt=CALENDAR_SALT).unsign_object(token)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    feed = (
        CalendarFeed.objects.filter(user_id=user_id, key=key, user__is_active=True)
        .select_related("user__athlete", "user__coach")
        .first()
    )
    return feed.user if feed else None


def new_link(user: User) -> CalendarFeed:
    """Replace the user's key: links signed with the old one stop working."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"key": new_feed_key()})
    return feed
