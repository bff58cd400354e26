"""Signals for the apps above checkins, which may react to the log but must not be imported here."""

from django.dispatch import Signal

# Sent with `athlete=` after that athlete's run log or weekly reviews change: a run saved or
# deleted, a file of runs imported, a review saved or submitted.
log_changed = Signal()
