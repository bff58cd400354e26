"""A stand-in for the parts of Strava's API Runpath uses, on 127.0.0.1 at a random port.

It follows Strava's documentation (developers.strava.com/docs: authentication, webhooks,
rate limits, reference): OAuth authorize / token (code and refresh grants, rotating refresh
tokens) / deauthorize, the athlete's activities (paged; `after` lists oldest first, as Strava
does), one activity, push subscriptions (whose creation calls the callback's handshake first),
`X-RateLimit-Limit` / `X-RateLimit-Usage` on every API answer, and 429s when told to.
"""

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

CLIENT_ID = "12345"
CLIENT_SECRET = "standin-client-secret"
TOKEN_LIFETIME_S = 6 * 3600


@dataclasses.dataclass
class Activity:
    id: int
    owner_id: int
    start_date: dt.datetime
    distance: float
    elapsed_time: int
    sport_type: str = "Run"
    name: str = "Morning Run"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource_state": 2,
            "athlete": {"id": self.owner_id, "resource_state": 1},
            "name": self.name,
            "distance": self.distance,
            "moving_time": self.elapsed_time,
            "elapsed_time": self.elapsed_time,
            "type": "Run" if "Run" in self.sport_type else self.sport_type,
            "sport_type": self.sport_type,
            "start_date": self.start_date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


@dataclasses.dataclass
class Grant:
    athlete_id: int
    scope: str
    access_token: str
    refresh_token: str
    expires_at: int


class StravaStandin:
    def __init__(self) -> None:
        self.activities: dict[int, Activity] = {}
        self.grants: list[Grant] = []
        self.codes: dict[str, tuple[int, str]] = {}  # code -> (athlete id, scope)
        self.subscriptions: dict[int, str] = {}  # id -> callback url
        self.athlete_id = 9001  # who signs in on the authorize page
        self.granted_scope: str | None = None  # None: what was asked for
        self.short_limit, self.long_limit = 200, 2000
        self.short_usage = self.long_usage = 0
        self.throttle_next = 0  # this many API requests answered 429
        self.fail_next = 0  # this many API requests answered 503
        self.requests: list[tuple[str, str]] = []  # (method, path) of each request
        self.deauthorized: list[str] = []  # access tokens revoked
        self.token_lifetime_s = TOKEN_LIFETIME_S
        self._ids = itertools.count(10_000_000_001)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # Running

    def start(self) -> "StravaStandin":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def settings(self) -> dict[str, Any]:
        return {
            "STRAVA_CLIENT_ID": CLIENT_ID,
            "STRAVA_CLIENT_SECRET": CLIENT_SECRET,
            "STRAVA_VERIFY_TOKEN": "standin-verify-token",
            "STRAVA_ENABLED": True,
            "STRAVA_API_URL": f"{self.url}/api/v3",
            "STRAVA_OAUTH_URL": f"{self.url}/oauth",
        }

    # What a test arranges

    def add_activity(
        self,
        *,
        start: dt.datetime,
        distance: float,
        elapsed_time: int,
        sport_type: str = "Run",
        name: str = "Morning Run",
        owner_id: int | None = None,
    ) -> Activity:
        with self._lock:
            activity = Activity(
                id=next(self._ids),
                owner_id=owner_id or self.athlete_id,
                start_date=start,
                distance=distance,
                elapsed_time=elapsed_time,
                sport_type=sport_type,
                name=name,
            )
            self.activities[activity.id] = activity
        return activity

    def grant_for(self, athlete_id: int) -> Grant | None:
        return next((g for g in reversed(self.grants) if g.athlete_id == athlete_id), None)

    def count(self, method: str, path_start: str) -> int:
        return sum(1 for m, p in self.requests if m == method and p.startswith(path_start))

    # Answers

    def _new_grant(self, athlete_id: int, scope: str) -> Grant:
        grant = Grant(
            athlete_id=athlete_id,
            scope=scope,
            access_token=secrets.token_hex(20),
            refresh_token=secrets.token_hex(20),
            # Strava's own clock at this request: tokens expire while a test runs, as there.
            expires_at=int(time.time()) + self.token_lifetime_s,
        )
        self.grants.append(grant)
        return grant

    def _token_answer(self, grant: Grant, *, with_athlete: bool) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": grant.access_token,
            "refresh_token": grant.refresh_token,
            "expires_at": grant.expires_at,
            "expires_in": grant.expires_at - int(time.time()),  # at this request, as Strava says
        }
        if with_athlete:
            answer["athlete"] = {"id": grant.athlete_id, "resource_state": 2, "firstname": "Stand"}
        return answer

    def handle(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], bearer: str
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            self.requests.append((method, path))
            if path == "/oauth/authorize" and method == "GET":
                return self._authorize(query)
            if path == "/oauth/token" and method == "POST":
                return self._token(form)
            if path == "/oauth/deauthorize" and method == "POST":
                return self._deauthorize(bearer or form.get("access_token", ""))
            if path.startswith("/api/v3/push_subscriptions"):
                return self._subscriptions(method, path, {**query, **form})
            if path.startswith("/api/v3/"):
                return self._api(method, path.removeprefix("/api/v3"), query, bearer)
            return 404, {}, {"message": "Record Not Found", "errors": []}

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, {"message": "Bad Request", "errors": [{"field": "client_id"}]}
        scope = self.granted_scope if self.granted_scope is not None else query.get("scope", "read")
        code = secrets.token_hex(16)
        self.codes[code] = (self.athlete_id, scope)
        back = {"state": query.get("state", ""), "code": code, "scope": scope}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(back)}"}, None

    def _client_ok(self, form: dict[str, str]) -> bool:
        return form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        bad: tuple[int, dict[str, str], Any] = (
            400,
            {},
            {"message": "Bad Request", "errors": [{"resource": "Application"}]},
        )
        if not self._client_ok(form):
            return bad
        if form.get("grant_type") == "authorization_code":
            found = self.codes.pop(form.get("code", ""), None)
            if found is None:
                return (
                    400,
                    {},
                    {"message": "Bad Request", "errors": [{"field": "code", "code": "invalid"}]},
                )
            return 200, {}, self._token_answer(self._new_grant(*found), with_athlete=True)
        if form.get("grant_type") == "refresh_token":
            grant = next(
                (g for g in self.grants if g.refresh_token == form.get("refresh_token")), None
            )
            if grant is None:
                return (
                    400,
                    {},
                    {
                        "message": "Bad Request",
                        "errors": [{"field": "refresh_token", "code": "invalid"}],
                    },
                )
            self.grants.remove(grant)  # the old refresh token is spent
            return (
                200,
                {},
                self._token_answer(
                    self._new_grant(grant.athlete_id, grant.scope), with_athlete=False
                ),
            )
        return bad

    def _deauthorize(self, token: str) -> tuple[int, dict[str, str], Any]:
        grant = next((g for g in self.grants if g.access_token == token), None)
        if grant is None:
            return 401, {}, {"message": "Authorization Error", "errors": [{"code": "invalid"}]}
        self.grants = [g for g in self.grants if g.athlete_id != grant.athlete_id]
        self.deauthorized.append(token)
        return 200, {}, {"access_token": token}

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": f"{self.short_limit},{self.long_limit}",
            "X-RateLimit-Usage": f"{self.short_usage},{self.long_usage}",
        }

    def _api(
        self, method: str, path: str, query: dict[str, str], bearer: str
    ) -> tuple[int, dict[str, str], Any]:
        if self.fail_next > 0:
            self.fail_next -= 1
            return 503, {}, {"message": "Service Unavailable", "errors": []}
        if self.throttle_next > 0:
            self.throttle_next -= 1
            usage = {"X-RateLimit-Usage": f"{self.short_limit + 1},{self.long_usage}"}
            return (
                429,
                {**self._rate_headers(), **usage},
                {"message": "Rate Limit Exceeded", "errors": []},
            )
        self.short_usage += 1
        self.long_usage += 1
        headers = self._rate_headers()
        grant = next((g for g in self.grants if g.access_token == bearer), None)
        # Expired by Strava's clock at this request (a test may travel to a token's end).
        if grant is None or grant.expires_at <= time.time():
            return (
                401,
                headers,
                {
                    "message": "Authorization Error",
                    "errors": [{"field": "access_token", "code": "invalid"}],
                },
            )
        if path == "/athlete" and method == "GET":
            return 200, headers, {"id": grant.athlete_id, "resource_state": 3, "firstname": "Stand"}
        if path == "/athlete/activities" and method == "GET":
            return 200, headers, self._list(grant, query)
        if path.startswith("/activities/") and method == "GET":
            activity = self.activities.get(
                int(path.rsplit("/", 1)[1]) if path.rsplit("/", 1)[1].isdigit() else 0
            )
            if activity is None or activity.owner_id != grant.athlete_id:
                return (
                    404,
                    headers,
                    {"message": "Record Not Found", "errors": [{"resource": "Activity"}]},
                )
            return 200, headers, activity.as_json()
        return 404, headers, {"message": "Record Not Found", "errors": []}

    def _list(self, grant: Grant, query: dict[str, str]) -> list[dict[str, Any]]:
        after = int(query["after"]) if query.get("after") else None
        before = int(query["before"]) if query.get("before") else None
        page, per_page = int(query.get("page", 1)), min(int(query.get("per_page", 30)), 200)
        mine = [
            a
            for a in self.activities.values()
            if a.owner_id == grant.athlete_id
            # Strava's times are whole seconds.
            and (after is None or int(a.start_date.timestamp()) > after)
            and (before is None or int(a.start_date.timestamp()) < before)
        ]
        # Strava lists newest first, but oldest first when asked for activities `after` a time.
        mine.sort(key=lambda a: a.start_date, reverse=after is None)
        return [a.as_json() for a in mine[(page - 1) * per_page : page * per_page]]

    def _subscriptions(
        self, method: str, path: str, params: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        if not self._client_ok(params):
            return (
                401,
                {},
                {"message": "Authorization Error", "errors": [{"resource": "Application"}]},
            )
        if method == "GET":
            return (
                200,
                {},
                [{"id": sid, "callback_url": url} for sid, url in self.subscriptions.items()],
            )
        if method == "DELETE":
            sid = int(path.rsplit("/", 1)[1])
            if self.subscriptions.pop(sid, None) is None:
                return 404, {}, {"message": "Record Not Found", "errors": []}
            return 204, {}, None
        if self.subscriptions:
            return 400, {}, {"message": "Bad Request", "errors": [{"code": "already exists"}]}
        callback = params.get("callback_url", "")
        challenge = secrets.token_hex(8)
        try:
            # As Strava does: the callback must answer the handshake before the subscription is made.
            answer = requests.get(
                callback,
                params={
                    "hub.mode": "subscribe",
                    "hub.challenge": challenge,
                    "hub.verify_token": params.get("verify_token", ""),
                },
                timeout=5,
            )
            echoed = answer.status_code == 200 and answer.json().get("hub.challenge") == challenge
        except (requests.RequestException, ValueError):
            echoed = False
        if not echoed:
            return (
                400,
                {},
                {
                    "message": "Bad Request",
                    "errors": [{"field": "callback url", "code": "not verifiable"}],
                },
            )
        sid = next(self._ids)
        self.subscriptions[sid] = callback
        return 201, {}, {"id": sid, "resource_state": 2, "callback_url": callback}


@contextlib.contextmanager
def running_standin(settings: Any) -> Iterator[StravaStandin]:
    """The stand-in, running, with Runpath's settings (pytest-django's `settings`) pointed at it."""
    standin = StravaStandin().start()
    for name, value in standin.settings.items():
        setattr(settings, name, value)
    try:
        yield standin
    finally:
        standin.stop()


def _handler_for(standin: StravaStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = {k: v[-1] for k, v in parse_qs(body).items()}
            bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
            status, headers, payload = standin.handle(method, parts.path, query, form, bearer)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if data:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def do_DELETE(self) -> None:
            self._answer("DELETE")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
