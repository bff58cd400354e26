"""Typed readers for environment variables that refuse values they cannot understand."""

import ipaddress
import os
from typing import Any
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, *, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or CIDR networks (`10.0.0.5, 172.16.0.0/12, fd00::/8`)."""
    networks = []
    for item in env_list(name, default=[]):
        try:
            # strict=False: "10.0.0.5/24" is read as the network 10.0.0.0/24 rather than refused.
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, not {item!r}."
            ) from None
    return tuple(networks)


def email_settings(url: str) -> dict[str, Any]:
    """Django's EMAIL_* settings for an `EMAIL_URL` (smtp://, consolemail://, filemail://).

    django-environ drops the leading slash of a file path, so `filemail:///var/mail/runpath`
    would write under the directory the process happened to start in. Here three slashes mean
    an absolute path and `filemail://outbox` a path relative to the working directory.
    """
    config: dict[str, Any] = environ.Env.email_url_config(url)
    parts = urlsplit(url)
    if parts.scheme == "filemail":
        config["EMAIL_FILE_PATH"] = unquote(parts.netloc + parts.path)
    return config
