"""End to end: the token endpoint's 10 requests a minute hold across 3 gunicorn workers, with
the counters in Redis or in the database table, however the client rotates X-Forwarded-For.

Each run connects from an address of its own in 127.0.0.0/8 (all of it is loopback on Linux)
and claims addresses of its own, so two checkouts running this at once never share a counter
and the Redis database needs no flushing.

Every request counts against the throttle, a malformed one too. Most requests here leave out
the password: only the few that check one pay for the production password hasher.
"""

import http.client
import importlib.util
import ipaddress
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from axes.models import AccessAttempt
from django.conf import global_settings
from django.db import connection

from tests.athletes.factories import PASSWORD, AthleteFactory

PROJECT = Path(__file__).resolve().parents[2]
TOKEN_URL = "/api/v1/auth/token/"
WORKERS = 3
# A Redis database of its own, so the cache's keys stay apart from the broker tests' queues.
REDIS_DB = 9
# Refused with 400 before any password is checked.
NO_PASSWORD = {"email": "nobody@example.org"}
# Time for the worker holding the first request to count it before the next one is sent.
HELD_FIRST = 0.5

pytestmark = pytest.mark.django_db(transaction=True)  # gunicorn must see committed rows


@dataclass
class Answer:
    status: int
    detail: str
    worker: str  # pid of the gunicorn worker that answered, from the access log


class Server:
    def __init__(self, *, port: int, logs: Path) -> None:
        self.port = port
        self.logs = logs
        self.sent: dict[int, tuple[int, str]] = {}  # status and detail, by request number
        self.numbers = itertools.count()

    def ask_for_token(self, *, source: str, forwarded_for: str, body: dict[str, str]) -> None:
        self.hold_token_request(source=source, forwarded_for=forwarded_for, body=body)()

    def hold_token_request(
        self, *, source: str, forwarded_for: str, body: dict[str, str]
    ) -> Callable[[], None]:
        """Send a request for a token but its body; the returned function sends the body and
        records the answer. Meanwhile the sync worker that took it waits for the body (having
        counted it against the throttle), so requests sent in between go to other workers."""
        number = next(self.numbers)
        # A fresh connection each time, so the operating system may hand it to any worker.
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        payload = json.dumps(body).encode()
        conn.putrequest("POST", TOKEN_URL)
        for header, value in {
            "Content-Type": "application/json",
            "Content-Length": str(len(payload)),
            "X-Forwarded-For": forwarded_for,
            "X-Request-Number": str(number),
        }.items():
            conn.putheader(header, value)
        conn.endheaders()

        def finish() -> None:
            try:
                conn.send(payload)
                response = conn.getresponse()
                text = response.read().decode()
                if response.getheader("Content-Type") == "application/json":
                    text = json.loads(text).get("detail", "")
                self.sent[number] = (response.status, text)
            finally:
                conn.close()

        return finish

    def answers(self) -> list[Answer]:
        """Every answer, in the order the requests were sent, with the worker that gave it."""
        access_log = self.logs / "access.log"
        deadline = time.monotonic() + 10
        while True:
            # Each worker writes its line after answering, so lines may come in any order.
            lines = access_log.read_text().splitlines()
            if len(lines) >= len(self.sent) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        workers = {}
        for line in lines:
            number, pid, status = line.split()
            workers[int(number)] = (pid, int(status))
        assert sorted(workers) == sorted(self.sent) == list(range(len(self.sent))), lines
        return [
            Answer(status=status, detail=detail, worker=workers[number][0])
            for number, (status, detail) in sorted(self.sent.items())
        ]

    def diagnosis(self) -> str:
        """The end of gunicorn's and Django's logs, for a failing assertion to show."""
        return "\n".join(
            f"--- {name}:\n{(self.logs / name).read_text()[-3000:]}"
            for name in ("gunicorn.log", "django.log")
        )


@pytest.fixture
def runner(settings):
    # gunicorn checks passwords with the production hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    return AthleteFactory(user__email="nia@example.org").user


def loopback_address() -> str:
    return f"127.{secrets.randbelow(254) + 1}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def claimed_addresses(count: int) -> list[str]:
    """Addresses a client might claim, from the documentation range 2001:db8::/32, written
    the way the middleware and axes write them."""
    network = ipaddress.ip_network(f"2001:db8:{secrets.randbelow(0x10000):x}::/48")
    return [str(network[n + 1]) for n in range(count)]


def committed_database_url() -> str:
    """The test database, where gunicorn's workers find what the test committed."""
    db = connection.settings_dict
    user = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_database(redis_url: str) -> str:
    return urlunsplit(urlsplit(redis_url)._replace(path=f"/{REDIS_DB}"))


@contextmanager
def gunicorn(tmp_path: Path, **env: str) -> Iterator[Server]:
    """gunicorn with WORKERS sync workers and production settings, on a port of its choosing."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.fail("gunicorn is not installed in this environment; `make install` installs it")
    (tmp_path / "access.log").touch()
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "coaching.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_MANIFEST": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": committed_database_url(),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "coaching.wsgi:application"),
        *("--bind", "127.0.0.1:0", "--workers", str(WORKERS)),
        *("--error-logfile", str(tmp_path / "gunicorn.log"), "--log-level", "info"),
        *("--access-logfile", str(tmp_path / "access.log")),
        *("--access-logformat", "%({x-request-number}i)s %(p)s %(s)s"),
        # Its control socket would be one file shared with every other gunicorn on the machine.
        "--no-control-socket",
    ]
    # Django's own log (a traceback behind a 500) goes to the workers' standard error.
    with (tmp_path / "django.log").open("w") as output:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            port = wait_until_serving(process, tmp_path / "gunicorn.log")
            yield Server(port=port, logs=tmp_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_serving(process: subprocess.Popen, error_log: Path) -> int:
    deadline = time.monotonic() + 60
    log = ""
    while time.monotonic() < deadline:
        log = error_log.read_text() if error_log.exists() else ""
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped with {process.returncode}:\n{log}")
        listening = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log)
        if listening and log.count("Booting worker") >= WORKERS:
            return int(listening.group(1))
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not start {WORKERS} workers within a minute:\n{log}")


def rotate_the_header(server: Server, *, email: str, requests: int = 15) -> str:
    """One client, `requests` POSTs in a row, each claiming another address: the right
    password, then two wrong ones, then no password. Returns the address it connected from."""
    source = loopback_address()
    bodies = [
        {"email": email, "password": PASSWORD},
        {"email": email, "password": "wrong-password"},
        {"email": email, "password": "wrong-again"},
    ]
    bodies += [NO_PASSWORD] * (requests - len(bodies))
    claims = claimed_addresses(requests)
    # The first request holds one worker until the end, so the others answer the rest: more
    # than one worker answers, whichever the operating system hands each connection to.
    finish_first = server.hold_token_request(source=source, forwarded_for=claims[0], body=bodies[0])
    time.sleep(HELD_FIRST)
    for claimed, body in zip(claims[1:], bodies[1:], strict=True):
        server.ask_for_token(source=source, forwarded_for=claimed, body=body)
    finish_first()
    return source


def assert_ten_then_throttled(server: Server) -> None:
    answers = server.answers()
    statuses = [answer.status for answer in answers]
    expected = [200] + [400] * 9 + [429] * (len(answers) - 10)
    assert statuses == expected, f"{statuses}\n{server.diagnosis()}"
    assert all("throttled" in answer.detail for answer in answers[10:])
    # More than one worker answered, and still only 10 requests got through: the count is
    # shared, not kept per worker.
    assert len({answer.worker for answer in answers}) >= 2, Counter(a.worker for a in answers)


def test_rotating_x_forwarded_for_still_allows_10_a_minute_with_redis(tmp_path, runner, redis_url):
    # A proxy is configured, but it is not this client, so its header is not believed.
    with gunicorn(
        tmp_path, REDIS_URL=redis_database(redis_url), TRUSTED_PROXIES="10.0.0.0/8"
    ) as server:
        source = rotate_the_header(server, email=runner.email)
        assert_ten_then_throttled(server)
    # axes counted the two failures under the address the connections came from.
    assert AccessAttempt.objects.get().ip_address == source
    assert AccessAttempt.objects.get().failures_since_start == 2


def test_rotating_x_forwarded_for_still_allows_10_a_minute_with_the_db_cache(tmp_path, runner):
    with gunicorn(tmp_path) as server:  # no REDIS_URL: the runpath_cache table
        source = rotate_the_header(server, email=runner.email)
        assert_ten_then_throttled(server)
    assert AccessAttempt.objects.get().ip_address == source


def test_behind_a_trusted_proxy_each_client_gets_its_own_10_a_minute(tmp_path, runner, redis_url):
    proxy = loopback_address()
    clients = claimed_addresses(13)
    with gunicorn(tmp_path, REDIS_URL=redis_database(redis_url), TRUSTED_PROXIES=proxy) as server:
        # Twelve clients, one request each, none held back; the first three try a password.
        wrong_password = {"email": runner.email, "password": "wrong"}
        for n, client in enumerate(clients[:12]):
            body = wrong_password if n < 3 else NO_PASSWORD
            server.ask_for_token(source=proxy, forwarded_for=client, body=body)
        # The thirteenth client, eleven times: the eleventh is held back. What it wrote into
        # the header itself, left of the proxy's entry, changes nothing.
        for n in range(11):
            claimed = f"1.2.3.{n}, {clients[12]}"
            server.ask_for_token(source=proxy, forwarded_for=claimed, body=NO_PASSWORD)
        answers = server.answers()
        statuses = [answer.status for answer in answers]
        assert statuses == [400] * 22 + [429], f"{statuses}\n{server.diagnosis()}"
    assert "throttled" in answers[-1].detail
    # axes counted each failure under the client the proxy named, never under the proxy.
    attempts = AccessAttempt.objects.values_list("ip_address", flat=True)
    assert sorted(attempts) == sorted(clients[:3])
