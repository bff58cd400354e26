"""Secrets kept at rest encrypted (Fernet: AES-128-CBC with an HMAC), such as a runner's Strava
tokens. The key is `settings.STRAVA_TOKEN_KEY`, or one derived from `SECRET_KEY` when unset."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt"]


@functools.cache
def _fernet(configured_key: str, secret_key: str) -> Fernet:
    if configured_key:
        try:
            return Fernet(configured_key)
        except ValueError:
            raise ImproperlyConfigured(
                "STRAVA_TOKEN_KEY must be a Fernet key: 32 bytes in url-safe base64 "
                "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
            ) from None
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"runpath strava tokens"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(settings.STRAVA_TOKEN_KEY, settings.SECRET_KEY)


def encrypt(secret: str) -> str:
    return _current().encrypt(secret.encode()).decode("ascii") if secret else ""


def decrypt(stored: str) -> str:
    """The secret; `InvalidToken` when it was encrypted under another key."""
    return _current().decrypt(stored.encode("ascii")).decode() if stored else ""
