from django.db import migrations, models
from django.db.models import Min


def fill_first_run_at(apps, schema_editor):
    """Each stored week's first session, grouped by Monday in the runner's own zone, as
    checkins.weekstats does (written out here so it needs only the historical models)."""
    import zoneinfo

    from django.db.models.functions import TruncWeek

    Athlete = apps.get_model("athletes", "Athlete")
    Run = apps.get_model("checkins", "Run")
    WeekStat = apps.get_model("checkins", "WeekStat")
    for athlete in Athlete.objects.filter(runs__isnull=False).distinct().iterator():
        zone = zoneinfo.ZoneInfo(athlete.time_zone)
        firsts = {
            row["week"].date(): row["first"]
            for row in Run.objects.filter(athlete=athlete)
            .annotate(week=TruncWeek("started_at", tzinfo=zone))
            .values("week")
            .annotate(first=Min("started_at"))
        }
        stats = list(WeekStat.objects.filter(athlete=athlete, week_start__in=firsts))
        for stat in stats:
            stat.first_run_at = firsts[stat.week_start]
        WeekStat.objects.bulk_update(stats, ["first_run_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0006_plausible_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="weekstat",
            name="first_run_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_first_run_at, migrations.RunPython.noop),
    ]
