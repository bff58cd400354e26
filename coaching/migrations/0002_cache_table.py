"""The table behind the database cache (settings.CACHES without REDIS_URL).

Created whatever the cache is today, so a deployment can drop Redis later without a step
nobody remembers. The name is fixed here; settings.CACHES names the same table.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "runpath_cache"


def create_cache_table(apps, schema_editor):
    # With a table name, createcachetable ignores settings.CACHES; it skips a table that exists.
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
