from typing import Any

from django.core.management.base import BaseCommand

from athletes import invitation_outbox
from athletes.invitation_outbox import Outcome


class Command(BaseCommand):
    help = (
        "Send the invitation e-mails that are due (new ones a lost task never sent, and retries "
        "of failed ones): the sweep Celery beat runs every 5 minutes. Safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = invitation_outbox.sweep()
        self.stdout.write(
            f"invitations: sent={outcomes[Outcome.SENT]} failed={outcomes[Outcome.FAILED]}"
        )
