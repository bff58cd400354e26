"""stravalib's `Client`, pointed at `settings.STRAVA_API_URL` / `STRAVA_OAUTH_URL` and reading
Strava's rate-limit budget from every answer.

stravalib builds `https://www.strava.com/…` itself; `StravaSession` sends each request to the
configured base instead (the same place by default; a stand-in on localhost in the tests).
"""

import dataclasses
import datetime as dt
from typing import Any

import arrow
import requests
from django.conf import settings
from django.utils import timezone
from stravalib import Client, exc
from stravalib.protocol import RequestMethod
from stravalib.util import limiter

STRAVA_SERVER = "https://www.strava.com"
# Past this share of either budget, work stops and waits for the next window, leaving the rest
# of the window to webhook events and other runners.
NEAR_LIMIT_SHARE = 0.95
# A request to Strava that takes longer than this is given up (and the task retried).
TIMEOUT_S = 20


class StravaBusy(Exception):
    """Strava's rate limit is spent: try again in `retry_in` seconds, nothing lost."""

    def __init__(self, retry_in: int) -> None:
        super().__init__(f"Strava's rate limit is reached; trying again in {retry_in} s.")
        self.retry_in = retry_in


class StravaUnavailable(Exception):
    """Strava answered with an error, or not at all: worth another try later."""


def strava_url(url: str) -> str:
    """The URL stravalib built for www.strava.com, at the configured base."""
    oauth = f"{STRAVA_SERVER}/oauth/"
    # stravalib posts deauthorization under the API path; Strava's documented place is /oauth.
    misplaced_oauth = f"{STRAVA_SERVER}/api/v3/oauth/"
    api = f"{STRAVA_SERVER}/api/v3/"
    for prefix, base in (
        (misplaced_oauth, settings.STRAVA_OAUTH_URL),
        (oauth, settings.STRAVA_OAUTH_URL),
        (api, settings.STRAVA_API_URL),
    ):
        if url.startswith(prefix):
            return f"{base}/{url.removeprefix(prefix)}"
    return url


class StravaSession(requests.Session):
    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", TIMEOUT_S)
        target = strava_url(url.decode() if isinstance(url, bytes) else url)
        verb = method.decode() if isinstance(method, bytes) else method
        return super().request(verb, target, *args, **kwargs)


@dataclasses.dataclass
class Budget(limiter.RateLimiter):
    """Remembers the newest rate-limit headers (15-minute and daily usage and limits)."""

    rate: limiter.RequestRate | None = None

    def __post_init__(self) -> None:
        super().__init__()
        self.rules = []

    def __call__(self, args: dict[str, str], method: RequestMethod) -> None:
        self.rate = limiter.get_rates_from_response_headers(args, method) or self.rate

    def wait_seconds(self, *, now: dt.datetime | None = None, spent: bool = False) -> int:
        """Seconds until the budget that is (nearly) spent refills; 0 while there is room.
        `spent`: Strava answered 429, so some budget is spent whatever the headers said."""
        moment = arrow.get(now or timezone.now())
        rate = self.rate
        if rate is not None and rate.long_usage >= NEAR_LIMIT_SHARE * rate.long_limit:
            return limiter.get_seconds_until_next_day(moment) + 1
        short_spent = rate is not None and rate.short_usage >= NEAR_LIMIT_SHARE * rate.short_limit
        if spent or short_spent:
            return limiter.get_seconds_until_next_quarter(moment) + 1
        return 0

    def check(self) -> None:
        """`StravaBusy` once the budget is nearly spent."""
        if wait := self.wait_seconds():
            raise StravaBusy(wait)


def new_client(*, access_token: str | None = None) -> tuple[Client, Budget]:
    budget = Budget()
    client = Client(
        access_token=access_token, rate_limiter=budget, requests_session=StravaSession()
    )
    # stravalib refreshes an expired token itself when it finds STRAVA_CLIENT_ID and _SECRET in
    # the environment, but cannot store the new refresh token; `auth.fresh_client` does both.
    client.protocol.client_id = client.protocol.client_secret = None
    return client, budget


def authorization_url(*, redirect_uri: str, state: str) -> str:
    client, _ = new_client()
    url = client.authorization_url(
        client_id=int(settings.STRAVA_CLIENT_ID),
        redirect_uri=redirect_uri,
        scope=["read", "activity:read_all"],
        state=state,
        approval_prompt="auto",
    )
    return strava_url(url)


def call(budget: Budget, action: Any, *args: Any, **kwargs: Any) -> Any:
    """`action(*args, **kwargs)` against Strava; `StravaBusy` on a 429 or a spent budget,
    `StravaUnavailable` when Strava fails or cannot be reached."""
    budget.check()
    try:
        return action(*args, **kwargs)
    except exc.Fault as error:
        response = error.response
        status = response.status_code if response is not None else 0
        if response is not None and status == 429:
            budget(dict(response.headers), "GET")
            raise StravaBusy(budget.wait_seconds(spent=True)) from error
        if status >= 500:
            raise StravaUnavailable(str(error)) from error
        raise
    except requests.RequestException as error:
        raise StravaUnavailable(str(error)) from error
