"""The milestone form: a step on the way to a goal, with a target in the goal's measure (then
reached from the runner's log) or none (then ticked off by hand), and a date.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from goals.forms.values import DATE, parse_value
from goals.models import Goal, Milestone


class MilestoneForm(forms.ModelForm):
    target = forms.CharField(
        required=False, help_text="In the goal's measure; leave empty to tick it off by hand."
    )

    class Meta:
        model = Milestone
        fields = ["title", "target_date"]
        widgets = {"target_date": DATE}

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        self.order_fields(["title", "target", "target_date"])

    def clean_target(self) -> float | None:
        text = self.cleaned_data["target"]
        if not text:
            return None
        goal = self.instance.goal
        try:
            return parse_value(goal.metric, text, goal.athlete.units)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def save(self, commit: bool = True) -> Milestone:
        self.instance.target_value = self.cleaned_data["target"]
        saved: Milestone = super().save(commit)
        return saved
