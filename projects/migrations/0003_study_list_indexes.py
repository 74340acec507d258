"""Indexes of the studies list: its orderings, and its search on PostgreSQL.

The search (``icontains`` on a project's name, commune and holder organisation) reads ``UPPER(column) LIKE``:
trigram indexes on those expressions let PostgreSQL find the few matching projects without reading them all.
They need the ``pg_trgm`` extension (a trusted extension: the database owner may create it); other databases
get none.
"""

from django.db import migrations, models

SEARCHED_COLUMNS = [
    ("project_name_trgm", "name"),
    ("project_commune_trgm", "commune"),
    ("project_holder_organisation_trgm", "holder_organisation"),
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON projects_schoolproject USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in SEARCHED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_reference_data"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="opportunitystudy",
            index=models.Index(fields=["-updated_at", "id"], name="study_list_newest"),
        ),
        migrations.AddIndex(
            model_name="opportunitystudy",
            index=models.Index(fields=["state", "-updated_at", "id"], name="study_list_state_newest"),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
