import zoneinfo

from django.db import migrations


def fill_week_stats(apps, schema_editor):
    # The rows are built here with the fields WeekStat had then: the live week_stats() fills
    # fields added later (first_run_at), which this historical model does not know.
    from checkins.weekstats import week_totals

    Athlete = apps.get_model("athletes", "Athlete")
    Run = apps.get_model("checkins", "Run")
    WeekStat = apps.get_model("checkins", "WeekStat")
    for athlete in Athlete.objects.filter(runs__isnull=False).distinct().iterator():
        totals = week_totals(Run.objects.filter(athlete=athlete), zoneinfo.ZoneInfo(athlete.time_zone))
        WeekStat.objects.bulk_create(
            [
                WeekStat(
                    athlete=athlete,
                    week_start=week,
                    distance_m=row["total_m"],
                    runs=row["run_count"],
                    longest_run_m=row["longest_m"],
                    load=row["total_load"] or 0.0,
                    estimated_sessions=row["estimated"],
                    last_run_at=row["last_start"],
                )
                for week, row in totals.items()
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0001_initial"),
        ("checkins", "0002_setback_weekstat"),
    ]

    operations = [migrations.RunPython(fill_week_stats, migrations.RunPython.noop)]
