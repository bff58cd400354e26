"""How current a runner's Strava connection is, for their coach (roster, athlete page) and the
API: the last sync, and a note when nothing has come through for a while."""

import dataclasses
import datetime as dt

from integrations.models import StravaConnection

# A connected runner with nothing from Strava for this long: either they have not run (which
# the coach sees from the log) or the connection has stopped working (which only this says).
STALE_SYNC_AFTER = dt.timedelta(days=7)
# What a page reads of a connection (for `only()` beside a list of athletes).
FIELDS = ("refresh_token_encrypted", "connected_at", "last_sync_at", "notice")


@dataclasses.dataclass(frozen=True)
class SyncStatus:
    connected: bool
    last_sync_at: dt.datetime | None
    stale: bool
    # Access withdrawn at Strava, said to the runner on their settings page.
    withdrawn: bool

    def note(self, *, now: dt.datetime) -> str:
        """The words beside the runner's name ("" when there is nothing to say)."""
        if self.withdrawn and not self.connected:
            return "Strava access removed"
        if not self.connected:
            return ""
        if self.last_sync_at is None:
            return "Strava: no sync yet"
        since = now - self.last_sync_at
        if self.stale:
            return f"Strava: no sync for {since.days} days"
        if since.days:
            return f"Strava synced {since.days} d ago"
        hours = since.seconds // 3600
        return f"Strava synced {hours} h ago" if hours else "Strava synced just now"


def sync_status(connection: StravaConnection | None, *, now: dt.datetime) -> SyncStatus | None:
    if connection is None:
        return None
    since = connection.last_sync_at or connection.connected_at
    return SyncStatus(
        connected=connection.is_connected,
        last_sync_at=connection.last_sync_at,
        stale=connection.is_connected and now - since >= STALE_SYNC_AFTER,
        withdrawn=bool(connection.notice),
    )
