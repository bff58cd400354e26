"""Start-up guards: production refuses to run without the key that signs sessions,
unsubscribe links and password-reset tokens."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. Set it to a long random string (or DEBUG=true for development)."
)


def refuse_without_secret_key() -> None:
    """Called where Runpath serves or works: sessions, tokens and e-mail links need the key."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


# A deploy check, so `check --deploy` fails without a key while makemigrations and the like
# still run in a bare checkout.
@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY_MISSING:
        return [Error(MISSING_SECRET_KEY, id="runpath.E001")]
    return []
