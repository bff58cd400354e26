"""Whose address a request is counted under: X-Forwarded-For is believed only from the proxies
in TRUSTED_PROXIES, so neither the login lockout nor the token throttle can be dodged by
rotating it, and clients behind a real proxy are still told apart."""

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from coaching.env import env_networks
from coaching.middleware import client_address
from tests.athletes.factories import PASSWORD, AthleteFactory

PROJECT = Path(__file__).resolve().parents[2]
TOKEN_URL = "/api/v1/auth/token/"
PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
OTHER_CLIENT = "198.51.100.4"


def networks(*items: str) -> tuple:
    return tuple(ipaddress.ip_network(item) for item in items)


def address(remote_addr: str, forwarded_for: str, *trusted: str) -> str:
    return client_address(
        remote_addr=remote_addr, forwarded_for=forwarded_for, trusted=networks(*trusted)
    )


# The rule


def test_without_trusted_proxies_the_header_is_never_believed():
    assert address(CLIENT, OTHER_CLIENT) == CLIENT


def test_a_header_from_an_untrusted_peer_is_ignored():
    assert address(CLIENT, OTHER_CLIENT, "10.0.0.0/8") == CLIENT


def test_a_trusted_proxy_is_believed_for_the_address_it_appended():
    assert address(PROXY, CLIENT, "10.0.0.5") == CLIENT


def test_what_the_client_wrote_left_of_the_proxys_entry_is_ignored():
    assert address(PROXY, f"1.2.3.4, {OTHER_CLIENT}, {CLIENT}", "10.0.0.5") == CLIENT


def test_a_chain_of_trusted_proxies_in_a_cidr_network_is_walked_back_to_the_client():
    assert address(PROXY, f"1.2.3.4, {CLIENT}, 10.1.2.3, 10.0.0.9", "10.0.0.0/8") == CLIENT


def test_an_address_just_outside_the_trusted_network_is_the_client():
    assert address(PROXY, f"{CLIENT}, 11.0.0.1", "10.0.0.0/8") == "11.0.0.1"


@pytest.mark.parametrize(
    "garbage", ["not-an-address", "", "unknown", f"{CLIENT}:4711", "999.1.1.1", "<script>"]
)
def test_a_header_whose_last_entry_is_not_an_address_is_ignored(garbage):
    assert address(PROXY, f"{OTHER_CLIENT}, {garbage}", "10.0.0.0/8") == PROXY


def test_garbage_the_client_wrote_further_left_does_not_matter():
    assert address(PROXY, f"junk, {CLIENT}", "10.0.0.0/8") == CLIENT


def test_a_request_from_inside_counts_under_the_left_most_proxy():
    assert address(PROXY, "10.0.0.7, 10.0.0.8", "10.0.0.0/8") == "10.0.0.7"


def test_ipv6_networks_and_addresses_are_understood_and_written_one_way():
    assert address("fd00::1", "2001:DB8:0:0::0001", "fd00::/8") == "2001:db8::1"


def test_an_ipv4_proxy_seen_on_a_dual_stack_socket_is_still_trusted():
    assert address("::ffff:10.0.0.5", CLIENT, "10.0.0.0/8") == CLIENT


# Reading TRUSTED_PROXIES


def test_trusted_proxies_reads_addresses_and_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", " 10.0.0.5, 172.16.0.0/12 ,fd00::/8,192.168.1.7/24")
    assert env_networks("TRUSTED_PROXIES") == networks(
        "10.0.0.5/32", "172.16.0.0/12", "fd00::/8", "192.168.1.0/24"
    )


def test_trusted_proxies_is_empty_when_unset(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert env_networks("TRUSTED_PROXIES") == ()


@pytest.mark.parametrize("raw", ["nginx", "10.0.0.0/33", "*"])
def test_trusted_proxies_refuses_what_is_not_an_address(monkeypatch, raw):
    monkeypatch.setenv("TRUSTED_PROXIES", f"10.0.0.5,{raw}")
    with pytest.raises(ImproperlyConfigured, match=f"TRUSTED_PROXIES must list .* not '{raw}'"):
        env_networks("TRUSTED_PROXIES")


def settings_in_production(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "coaching.settings",
        "DEBUG": "false",
        "SECRET_KEY": "settings-test-only",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_trusted_proxies_stops_start_up_naming_the_variable():
    result = settings_in_production("import coaching.settings", TRUSTED_PROXIES="the-proxy")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list IP addresses or networks" in result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "django.core.cache.backends.redis.RedisCache"),
        ({}, "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_the_cache_every_worker_shares_is_redis_or_else_the_database(env, backend):
    result = settings_in_production(
        "import coaching.settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], s.REST_FRAMEWORK['NUM_PROXIES'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    location = env.get("REDIS_URL", "runpath_cache")
    assert result.stdout.split() == [backend, location, "0"]


# The token throttle, in one process (tests/security/test_throttle_under_gunicorn.py runs the
# same rule across gunicorn workers)


def ask_for_token(*, remote_addr: str, forwarded_for: str, email: str, password: str):
    return Client(REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for).post(
        TOKEN_URL, {"email": email, "password": password}, content_type="application/json"
    )


def is_throttled(response) -> bool:
    return response.status_code == 429 and "throttled" in response.json()["detail"]


@pytest.fixture
def runner(db):
    return AthleteFactory(user__email="nia@example.org").user


def test_rotating_the_header_does_not_escape_the_token_throttle(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    answers = [
        ask_for_token(
            remote_addr=CLIENT,
            forwarded_for=f"198.51.100.{n}",
            email="nia@example.org",
            password=PASSWORD,
        )
        for n in range(12)
    ]
    assert [answer.status_code for answer in answers[:10]] == [200] * 10
    assert all(is_throttled(answer) for answer in answers[10:])


def test_behind_a_trusted_proxy_each_client_has_its_own_token_allowance(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    for n in range(12):
        answer = ask_for_token(
            remote_addr=PROXY,
            forwarded_for=f"198.51.100.{n}",
            email="nia@example.org",
            password=PASSWORD,
        )
        assert answer.status_code == 200
    same_client = [
        ask_for_token(
            remote_addr=PROXY, forwarded_for=CLIENT, email="nia@example.org", password=PASSWORD
        )
        for _ in range(11)
    ]
    assert [answer.status_code for answer in same_client[:10]] == [200] * 10
    assert is_throttled(same_client[10])


# The login lockout (axes)


def fail_to_log_in(*, remote_addr: str, forwarded_for: str = "", email: str = "nia@example.org"):
    return Client(REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/accounts/login/", {"username": email, "password": "wrong-password"}
    )


def test_axes_records_the_client_behind_a_trusted_proxy(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    fail_to_log_in(remote_addr=PROXY, forwarded_for=f"1.2.3.4, {CLIENT}")
    assert AccessAttempt.objects.get().ip_address == CLIENT


def test_axes_records_the_peer_when_an_untrusted_client_sends_the_header(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    fail_to_log_in(remote_addr=CLIENT, forwarded_for=OTHER_CLIENT)
    assert AccessAttempt.objects.get().ip_address == CLIENT


def test_axes_records_the_token_endpoints_client_too(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    ask_for_token(
        remote_addr=PROXY, forwarded_for=CLIENT, email="nia@example.org", password="wrong"
    )
    assert AccessAttempt.objects.get().ip_address == CLIENT


def test_rotating_the_header_does_not_escape_the_login_lockout(runner, settings):
    for n in range(5):
        fail_to_log_in(remote_addr=CLIENT, forwarded_for=f"198.51.100.{n}")
    locked = Client(REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="198.51.100.99").post(
        "/accounts/login/", {"username": "nia@example.org", "password": PASSWORD}
    )
    assert locked.status_code == 429


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another(runner, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    for _ in range(5):
        fail_to_log_in(remote_addr=PROXY, forwarded_for=CLIENT)

    def log_in_from(client: str):
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client).post(
            "/accounts/login/", {"username": "nia@example.org", "password": PASSWORD}
        )

    assert log_in_from(CLIENT).status_code == 429
    assert log_in_from(OTHER_CLIENT).status_code == 302


# The scheme: only a trusted proxy says a request came over HTTPS


@pytest.fixture
def https_required(settings):
    """Production's HTTPS settings (the tests run with DEBUG on, where they are off)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = networks(PROXY)


@pytest.mark.django_db
def test_a_client_claiming_https_itself_is_still_sent_to_https(https_required):
    response = Client().get("/healthz", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/healthz"


@pytest.mark.django_db
def test_a_trusted_proxy_that_received_https_is_believed(https_required):
    response = Client().get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    plain = Client().get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301
