"""A conflict of interest binds a person and a school project, not one agenda entry."""

import django.db.models.deletion
from django.db import migrations, models


def fill_projects(apps, schema_editor):
    conflict_model = apps.get_model("juries", "ConflictOfInterest")
    kept = set()
    for conflict in conflict_model.objects.select_related("entry__study").order_by("declared_at", "pk"):
        key = (conflict.entry.study.project_id, conflict.member_id)
        if key in kept:
            # The same person's later conflict on the same project: the first one already binds him.
            conflict.delete()
            continue
        kept.add(key)
        conflict.project_id = key[0]
        conflict.save(update_fields=["project"])


class Migration(migrations.Migration):
    dependencies = [
        ("juries", "0005_quorum_maximum"),
        ("projects", "0005_study_list_state_newest_with_project"),
    ]

    operations = [
        migrations.AddField(
            model_name="conflictofinterest",
            name="project",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="conflicts_of_interest",
                to="projects.schoolproject",
                verbose_name="project",
            ),
        ),
        migrations.RunPython(fill_projects, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="conflictofinterest",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="conflicts_of_interest",
                to="projects.schoolproject",
                verbose_name="project",
            ),
        ),
        migrations.RemoveConstraint(model_name="conflictofinterest", name="one_conflict_per_member"),
        migrations.AddConstraint(
            model_name="conflictofinterest",
            constraint=models.UniqueConstraint(fields=("project", "member"), name="one_conflict_per_project_member"),
        ),
    ]
