# The invitation becomes its own e-mail outbox entry, and a runner is asked a few questions
# once after signing up (Athlete.onboarded_at).

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    """Runners who signed up before the questions existed are not asked them now, and the
    invitations sent before the outbox were e-mailed when they were created."""
    apps.get_model("athletes", "Athlete").objects.filter(onboarded_at=None).update(
        onboarded_at=F("created_at")
    )
    apps.get_model("athletes", "Invitation").objects.filter(last_sent_at=None).update(
        last_sent_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0002_coach_plural"),
    ]

    operations = [
        migrations.AddField(
            model_name="athlete",
            name="onboarded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="last_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_due_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the e-mail is next tried; empty when none waits.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_error",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_started_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the latest attempt to send the e-mail began.",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(
                condition=models.Q(("send_due_at__isnull", False)),
                fields=["send_due_at"],
                name="invitation_send_due",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
