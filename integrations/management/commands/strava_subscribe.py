"""`manage.py strava_subscribe`: create (default), show (--show) or delete (--delete) Strava's
push subscription, which sends this Runpath's webhook the runners' new, changed and deleted
activities. An application has at most one; Strava checks the callback's handshake before it
makes one, so the site must be reachable at the callback URL first."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from stravalib import exc

from integrations.strava.client import StravaBusy, StravaUnavailable, call, new_client


class Command(BaseCommand):
    help = "Create, show or delete Strava's push subscription for this Runpath's webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--show", action="store_true", help="Show the subscription.")
        action.add_argument("--delete", action="store_true", help="Delete the subscription.")
        parser.add_argument(
            "--callback-url",
            help="Where Strava sends events (default: SITE_URL + the webhook's path).",
        )

    def handle(
        self, *args: Any, show: bool, delete: bool, callback_url: str | None, **options: Any
    ) -> None:
        if not settings.STRAVA_ENABLED:
            raise CommandError(
                "Set STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET and STRAVA_VERIFY_TOKEN first."
            )
        client, budget = new_client()
        credentials: dict[str, Any] = {
            "client_id": int(settings.STRAVA_CLIENT_ID),
            "client_secret": settings.STRAVA_CLIENT_SECRET,
        }
        try:
            existing = call(budget, lambda: list(client.list_subscriptions(**credentials)))
            if show:
                for subscription in existing:
                    self.stdout.write(f"{subscription.id} {subscription.callback_url}")
                if not existing:
                    self.stdout.write("No subscription.")
            elif delete:
                for subscription in existing:
                    call(budget, client.delete_subscription, subscription.id, **credentials)
                    self.stdout.write(f"Deleted subscription {subscription.id}.")
                if not existing:
                    self.stdout.write("No subscription to delete.")
            elif existing:
                raise CommandError(
                    f"Strava already sends events to {existing[0].callback_url} "
                    f"(subscription {existing[0].id}); delete it first with --delete."
                )
            else:
                url = callback_url or settings.SITE_URL + reverse("integrations:strava-webhook")
                subscription = call(
                    budget,
                    client.create_subscription,
                    callback_url=url,
                    verify_token=settings.STRAVA_VERIFY_TOKEN,
                    **credentials,
                )
                self.stdout.write(f"Subscribed {subscription.id}: Strava sends events to {url}.")
        except exc.Fault as error:
            raise CommandError(f"Strava refused: {error}") from error
        except (StravaUnavailable, StravaBusy) as error:
            raise CommandError(f"Strava could not be reached: {error}") from error
