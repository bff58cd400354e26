"""What every answer carries, and what a request gets while the database is down.

Security headers: a Content-Security-Policy that lets the browser run only our own script and
style files (no inline script, no `unsafe-inline`, no `eval`), and a Permissions-Policy that
turns off the device features Runpath never asks for.

Database down: the API answers JSON 503 and pages a branded 503 page, instead of a bare 500.
A view that loses the database is caught by `DatabaseUnavailableMiddleware` (even with DEBUG
on); a failure earlier, in another middleware loading the session or the user, reaches
`server_error`, the project's handler500. Neither touches the database or `request.user`,
and nor do the 400/403/404 handlers here: every error page renders without a request.

Client address: behind a reverse proxy REMOTE_ADDR is the proxy's, and the client's is in
X-Forwarded-For, a header anyone can also send. `ClientAddressMiddleware` puts the client's
address in REMOTE_ADDR, believing the header only from the proxies in TRUSTED_PROXIES, so the
login lockout (axes) and the API throttles count per client and cannot be dodged by rotating it.
"""

import ipaddress
import logging
import sys
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Chart and icon SVGs are files or inline markup; Swagger UI's icons are data: URIs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The API docs page (drf-spectacular's SpectacularSwaggerView) starts Swagger UI with an inline
# <script> and sets its page style in an inline <style>. It shows only the public schema, so
# it alone may run inline code; every other page keeps the strict policy above.
RELAXED_FOR_VIEWS = {"api-docs"}
RELAXED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
)

# The errors that mean "the database cannot be reached", as opposed to a bad query.
UNREACHABLE = (OperationalError, InterfaceError)


def client_address(
    *,
    remote_addr: str,
    forwarded_for: str,
    trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> str:
    """The client's address: REMOTE_ADDR, or when that is a trusted proxy, the right-most
    X-Forwarded-For entry that is not a trusted proxy itself.

    Each proxy appends the address it received the request from, so reading from the right
    stops at the first hop we did not run; whatever the client wrote further left is ignored.
    A header with an entry we must read that is not an address is ignored entirely.
    """
    if not trusted or not forwarded_for or not _is_trusted(remote_addr, trusted):
        return remote_addr
    hop = remote_addr
    for entry in reversed(forwarded_for.split(",")):
        address = _ip(entry)
        if address is None:
            return remote_addr
        hop = str(address)
        if not _is_trusted(hop, trusted):
            return hop
    # Every hop is one of our proxies: the request started inside, at the left-most of them.
    return hop


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; count them as the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(
    text: str, trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    address = _ip(text)
    return address is not None and any(address in network for network in trusted)


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        if not _is_trusted(peer, settings.TRUSTED_PROXIES):
            # Nor is the scheme a client claims believed (SECURE_PROXY_SSL_HEADER): only a
            # trusted proxy says whether it received the request over HTTPS.
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        request.META["REMOTE_ADDR"] = client_address(
            remote_addr=peer,
            forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
            trusted=settings.TRUSTED_PROXIES,
        )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        relaxed = match is not None and match.url_name in RELAXED_FOR_VIEWS
        response.headers.setdefault(
            "Content-Security-Policy",
            RELAXED_CONTENT_SECURITY_POLICY if relaxed else CONTENT_SECURITY_POLICY,
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is longer than `settings.MAX_REQUEST_BODY_SIZE` before any
    of it is read: Django caps form fields and JSON, but would spool any number of uploaded
    files to disk. The answer (413) says the limit: JSON under /api/, a page elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Django reads no more than CONTENT_LENGTH, and nothing without one (a chunked body).
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return request_too_large(request, length)
        return self.get_response(request)


def request_too_large(request: HttpRequest, length: int) -> HttpResponse:
    megabytes = 1024 * 1024
    detail = (
        f"What you sent is {length / megabytes:.1f} MB; Runpath takes at most "
        f"{settings.MAX_REQUEST_BODY_SIZE // megabytes} MB at a time. Nothing was saved: send "
        "fewer or smaller files at once."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=413)
    page = loader.get_template("413.html").render({"detail": detail})
    return HttpResponse(page, status=413)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNREACHABLE):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return database_unavailable(request)
        return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django's own renders with context processors, which read `request.user`;
    a bad Host header is refused before AuthenticationMiddleware has set it."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseForbidden(loader.get_template("403.html").render())


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404, without context processors: a crawler's 404 costs no session lookup. Under
    /api/ (a path no route matches, e.g. a malformed id) the answer is JSON, as the API's own."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return HttpResponseNotFound(loader.get_template("404.html").render())


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with a retry hint: JSON for the API, the branded page for everything else."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "Runpath cannot reach its database just now. Try again in a minute."},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "60"
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the branded 500 page, or the 503 answers when the database is the cause.

    Django calls it while the exception is being handled, so `sys.exc_info()` names it.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNREACHABLE):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
