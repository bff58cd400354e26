"""Strava: the OAuth connection (`auth`), the API client with its rate-limit budget (`client`),
and turning Strava's activities into runs (`sync`: webhook events and the backfill)."""
