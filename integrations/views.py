"""The runner's Strava connection: connect (OAuth2 code flow), disconnect, and Strava's webhook.

Everything answers 404 while Strava is not configured (`settings.STRAVA_ENABLED`)."""

import json
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import athlete_of
from athletes.http import AuthenticatedHttpRequest
from integrations import tasks
from integrations.models import StravaConnection
from integrations.strava import auth, client, sync, webhook

SESSION_STATE = "strava_oauth_state"


def strava_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.STRAVA_ENABLED:
            raise Http404("Strava is not set up on this Runpath.")
        return view(request, *args, **kwargs)

    return wrapped


def _settings_card() -> HttpResponse:
    return redirect(reverse("athletes:settings") + "#strava")


# A link, not a form: the settings page's Content-Security-Policy (form-action 'self') would stop
# a form's redirect to Strava. Nothing changes here; the `state` is what ties Strava's answer to
# this session, so a forged visit can only show a runner their own consent page.
@strava_enabled
@login_required
@require_GET
def strava_connect(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Off to Strava's consent page, with a `state` only this session knows."""
    athlete_of(request)
    state = secrets.token_urlsafe(32)
    request.session[SESSION_STATE] = state
    callback = settings.SITE_URL + reverse("integrations:strava-callback")
    return redirect(client.authorization_url(redirect_uri=callback, state=state))


@strava_enabled
@login_required
@require_GET
def strava_callback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Strava sends the runner back here with a code and the scopes they allowed."""
    athlete = athlete_of(request)
    expected = request.session.pop(SESSION_STATE, "")
    state = request.GET.get("state", "")
    if not expected or not secrets.compare_digest(state.encode(), expected.encode()):
        messages.error(request, auth.STATE_MISMATCH)
        return _settings_card()
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(request, auth.DENIED)
        return _settings_card()
    try:
        connection = auth.connect(
            athlete=athlete, code=request.GET["code"], granted_scope=request.GET.get("scope", "")
        )
    except auth.ConnectRefused as refused:
        messages.error(request, str(refused))
        return _settings_card()
    job = sync.start_backfill(connection)
    tasks.start_backfill(connection)
    messages.success(request, "Strava is connected: your recent runs are on their way.")
    return redirect("checkins:run-import-job", pk=job.pk)


@strava_enabled
@login_required
@require_POST
def strava_disconnect(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    connection = StravaConnection.objects.filter(athlete=athlete).first()
    if connection is None:
        raise Http404("Strava is not connected.")
    if auth.disconnect(connection):
        messages.success(request, auth.DISCONNECTED)
    else:
        messages.warning(request, auth.DISCONNECTED_UNTOLD)
    return _settings_card()


@csrf_exempt  # Strava cannot send a CSRF token; the events only name activities to fetch.
@strava_enabled
@require_http_methods(["GET", "POST"])
def strava_webhook(request: HttpRequest) -> HttpResponse:
    """GET: the subscription handshake. POST: an event, stored and queued in milliseconds."""
    if request.method == "GET":
        answer = webhook.challenge_answer(
            mode=request.GET.get("hub.mode", ""),
            verify_token=request.GET.get("hub.verify_token", ""),
            challenge=request.GET.get("hub.challenge", ""),
        )
        if answer is None:
            return HttpResponse("Unknown verify token.", status=403, content_type="text/plain")
        return JsonResponse({"hub.challenge": answer})
    try:
        event = webhook.Event.from_json(json.loads(request.body))
    except (ValueError, webhook.BadEvent) as error:
        return HttpResponse(f"Not a Strava event: {error}", status=400, content_type="text/plain")
    try:
        webhook.receive(event)
    except webhook.NotQueued:
        return HttpResponse("Try again later.", status=503, content_type="text/plain")
    return HttpResponse(status=200)
