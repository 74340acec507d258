import django.db.models.deletion
from django.db import migrations, models


def link_listed_attachments(apps, schema_editor):
    """Link each version written before the links existed to the attachments its content lists."""
    StudyVersion = apps.get_model("projects", "StudyVersion")
    Attachment = apps.get_model("projects", "Attachment")
    VersionAttachment = apps.get_model("projects", "VersionAttachment")
    for version in StudyVersion.objects.only("pk", "study_id", "content").iterator():
        listed = [item["id"] for item in version.content.get("attachments", [])]
        existing = Attachment.objects.filter(study_id=version.study_id, pk__in=listed).values_list("pk", flat=True)
        VersionAttachment.objects.bulk_create(
            VersionAttachment(version_id=version.pk, attachment_id=pk) for pk in existing
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_plan_years_help"),
    ]

    operations = [
        migrations.CreateModel(
            name="VersionAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "attachment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="version_links",
                        to="projects.attachment",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachment_links",
                        to="projects.studyversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment of a version",
                "verbose_name_plural": "attachments of versions",
                "constraints": [
                    models.UniqueConstraint(fields=("version", "attachment"), name="one_link_per_version_attachment")
                ],
            },
        ),
        migrations.RunPython(link_listed_attachments, migrations.RunPython.noop),
    ]
