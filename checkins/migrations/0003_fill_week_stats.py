import zoneinfo

from django.db import migrations


def fill_week_stats(apps, schema_editor):
    from checkins.weekstats import week_stats, week_totals

    Athlete = apps.get_model("athletes", "Athlete")
    Run = apps.get_model("checkins", "Run")
    WeekStat = apps.get_model("checkins", "WeekStat")
    for athlete in Athlete.objects.filter(runs__isnull=False).distinct().iterator():
        totals = week_totals(Run.objects.filter(athlete=athlete), zoneinfo.ZoneInfo(athlete.time_zone))
        WeekStat.objects.bulk_create(
            week_stats(WeekStat, athlete, totals),
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0001_initial"),
        ("checkins", "0002_setback_weekstat"),
    ]

    operations = [migrations.RunPython(fill_week_stats, migrations.RunPython.noop)]
