"""Signals for the apps above checkins, which may react to the log but must not be imported here."""

from django.dispatch import Signal

# Sent with `athlete=` after that athlete's log changes; the sender says what: a run saved or
# deleted or a file of runs imported (Run), a review's numbers or status saved (WeeklyReview),
# a comment posted or read (Comment), a setback logged, changed or over (Setback).
log_changed = Signal()
