import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coaching import celery as celery_app_module
from coaching.env import email_settings, env_bool, env_list, env_str

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    assert env_bool("FEATURE", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    assert env_bool("FEATURE", default=True) is False


def test_env_bool_falls_back_to_its_default_when_unset(monkeypatch):
    monkeypatch.delenv("FEATURE", raising=False)
    assert env_bool("FEATURE", default=True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "ture"])
def test_env_bool_refuses_a_value_it_does_not_understand(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    with pytest.raises(ImproperlyConfigured, match=f"FEATURE must be true or false, not '{raw}'"):
        env_bool("FEATURE", default=False)


def test_env_list_splits_on_commas_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.com, ,b.example.com ")
    assert env_list("HOSTS", default=[]) == ["a.example.com", "b.example.com"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", default=["x"]) == ["x"]


def test_env_str_default(monkeypatch):
    monkeypatch.delenv("NAME_OF_THING", raising=False)
    assert env_str("NAME_OF_THING", default="fallback") == "fallback"


MANAGE = "import django; django.setup(); from django.core.management import call_command; call_command({args})"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in the project with nothing in the environment but PATH and `env`."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "coaching.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_env() -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "runpath.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://runpath.example.com",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "EMAIL_URL": "consolemail://",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }


@pytest.mark.parametrize("module", ["coaching.wsgi", "coaching.asgi"])
def test_production_refuses_to_serve_without_a_secret_key(module):
    result = run_python(f"import {module}")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_send_reminders_or_pass_the_deploy_check_without_a_key():
    sweep = run_python(MANAGE.format(args='"send_reminders", "--dry-run"'))
    assert sweep.returncode != 0
    assert "SECRET_KEY is not set" in sweep.stderr
    deploy = run_python(MANAGE.format(args='"check", "--deploy"'))
    assert deploy.returncode != 0
    assert "runpath.E001" in deploy.stderr


def test_the_celery_worker_and_beat_refuse_to_start_without_a_key(settings):
    settings.SECRET_KEY_MISSING = True
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        celery_app_module.refuse_to_work_without_a_secret_key()


def test_a_bare_checkout_still_runs_makemigrations_check():
    result = run_python(MANAGE.format(args='"makemigrations", "--check", "--dry-run"'))
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_development_starts_without_a_secret_key():
    result = run_python(
        "import coaching.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a valid database URL"),
        ("DATABASE_URL", "runpath on localhost", "DATABASE_URL is not a valid database URL"),
        ("DATABASE_URL", "postgres://h:port/db", "DATABASE_URL is not a valid database URL"),
        ("EMAIL_URL", "pigeon://loft", "EMAIL_URL is not a valid e-mail URL"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(name, value, message):
    result = run_python("import coaching.settings", **{**production_env(), name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_email_url_configures_smtp():
    result = run_python(
        "import coaching.settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)",
        **{**production_env(), "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.com:587"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.com",
        "587",
        "mailer",
        "True",
    ]


def test_production_passes_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={"PATH": os.environ["PATH"], **production_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


COOKIE_FLAGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
)


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, "True True"),  # HTTPS by redirect
        ({"SECURE_SSL_REDIRECT": "false", "TRUSTED_PROXIES": "10.0.0.5"}, "True True"),
        ({"SECURE_SSL_REDIRECT": "false"}, "False False"),  # plain HTTP only: log-in must work
        ({"SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "true"}, "True True"),
    ],
)
def test_cookies_are_secure_wherever_https_is_used(env, secure):
    result = run_python(COOKIE_FLAGS, **production_env(), **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == secure


def test_filemail_with_three_slashes_writes_to_the_absolute_path(tmp_path):
    outbox = tmp_path / "mail"
    result = run_python(
        "import coaching.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)",
        **{**production_env(), "EMAIL_URL": f"filemail://{outbox}"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(outbox),
    ]


def test_filemail_with_two_slashes_is_relative_to_the_working_directory():
    assert email_settings("filemail://outbox/runpath")["EMAIL_FILE_PATH"] == "outbox/runpath"


def test_make_run_serves_on_the_port_given_and_site_url_follows_it():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8001"],
        cwd=PROJECT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "runserver 127.0.0.1:8001" in result.stdout
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8001}" in result.stdout
