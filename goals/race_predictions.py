"""Race times predicted for one runner, as the predictions page and the API show them: from the
strongest effort of their last 12 months (by VDOT, `goals.activity.Activity.best_effort`), each
standard distance's time, and the marathon range adjusted for their weekly distance.
"""

from dataclasses import dataclass

from athletes.models import Athlete
from goals.assessment import runner_for
from races import predictions
from races.predictions import Effort, MarathonRange


@dataclass(frozen=True)
class RacePredictions:
    """Race times predicted from the strongest effort of the last 12 months (by VDOT), and the
    marathon range adjusted for weekly distance; with no effort, empty."""

    best_effort: Effort | None
    weekly_distance_m: float
    predictions: list[predictions.ComparedPrediction]
    marathon_range: MarathonRange | None

    @property
    def vdot(self) -> float | None:
        best = self.best_effort
        return predictions.vdot(best.distance_m, best.duration_s) if best else None


def race_predictions(athlete: Athlete) -> RacePredictions:
    """What the predictions page and the API show for one runner."""
    runner = runner_for(athlete)
    best, weekly_m = runner.best_effort, runner.recent_weekly_distance_m
    if best is None:
        return RacePredictions(None, weekly_m, [], None)
    return RacePredictions(
        best_effort=best,
        weekly_distance_m=weekly_m,
        predictions=predictions.compared(best.distance_m, best.duration_s),
        marathon_range=predictions.marathon_range(
            best.distance_m, best.duration_s, weekly_distance_m=weekly_m
        ),
    )
