"""An ``updated_at`` for the API's ``updated_since``.

Rows that exist take the time of the migration: when they last changed is not known, and a tool that synchronises
with ``updated_since`` must rather read them once more than miss a change.
"""

import django.db.models.functions
import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    apps.get_model("juries", "jurysession").objects.update(updated_at=django.utils.timezone.now())


class Migration(migrations.Migration):
    dependencies = [("juries", "0006_conflict_binds_the_project")]

    operations = [
        migrations.AddField(
            model_name="jurysession",
            name="updated_at",
            field=models.DateTimeField(null=True, verbose_name="updated at"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="jurysession",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.Now(), db_index=True, verbose_name="updated at"
            ),
        ),
    ]
