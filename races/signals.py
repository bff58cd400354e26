"""Signals for the apps above races (goals), which may react to a race but must not be imported here."""

from django.dispatch import Signal

# Sent with `race=`, `old_date=` (None for a new race) and `by=` after a race is saved, and
# with `race=`, `old_date=None`, `by=` and `deleted=True` after one is removed.
race_saved = Signal()
