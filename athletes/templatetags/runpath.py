from django import template

from athletes import units
from athletes.models import time_zone_names

register = template.Library()


@register.filter
def distance(metres: float | None, unit_name: str = "km") -> str:
    return units.format_distance(metres, unit_name)


@register.filter
def duration(seconds: float | None) -> str:
    return units.format_duration(seconds)


@register.simple_tag
def pace(metres: float, seconds: float, unit_name: str = "km") -> str:
    return units.format_pace(metres, seconds, unit_name)


@register.inclusion_tag("includes/time_zone_datalist.html")
def time_zone_datalist() -> dict[str, list[str]]:
    return {"names": time_zone_names()}
