"""`{% calendar_feed_url user as url %}`: the calendar link, for the settings page's include of
templates/races/partials/calendar_link.html (athletes/ renders the page but cannot import races)."""

from django import template

from athletes.models import User
from races import tokens

register = template.Library()


@register.simple_tag
def calendar_feed_url(user: User) -> str:
    return tokens.feed_url(user)
