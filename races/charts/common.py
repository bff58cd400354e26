"""What both season pictures draw with: their width in viewBox units, a day's length, the
`Marker` (a labelled point: a race letter, a month, a week's date).
"""

import datetime as dt
from dataclasses import dataclass

WIDTH = 640
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    title: str
    css_class: str = ""
