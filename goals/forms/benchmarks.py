"""The benchmark form: a time trial or parkrun the runner ran, its distance in their units and
its time, dated today or earlier; race predictions and race-time goals are made from it.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from athletes.models import Athlete
from athletes.units import parse_duration, to_metres
from goals import services
from goals.forms.values import DATE


class BenchmarkForm(forms.Form):
    distance = forms.FloatField(min_value=0.1, max_value=400)
    time = forms.CharField(help_text="e.g. 24:34 or 1:45:00")
    date = forms.DateField(widget=DATE)
    note = forms.CharField(max_length=200, required=False, help_text="e.g. Parkrun, time trial")

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.fields["distance"].label = f"Distance ({athlete.units})"
        self.fields["date"].initial = athlete.local_today()
        self.fields["distance"].help_text = (
            "e.g. 5 for a 5K" if athlete.units == "km" else ("e.g. 3.1 for a 5K")
        )

    def clean_time(self) -> int:
        try:
            return parse_duration(self.cleaned_data["time"])
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > self.athlete.local_today():
            raise ValidationError("A benchmark is something already run: pick today or earlier.")
        return date

    def benchmark_data(self) -> services.BenchmarkData:
        data = self.cleaned_data
        return services.BenchmarkData(
            distance_m=to_metres(data["distance"], self.athlete.units),
            duration_s=data["time"],
            date=data["date"],
            note=data["note"],
        )
