from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def keep_the_bodies_of_unsent_emails(apps, schema_editor):
    """Emails written before the outbox kept their data: their bodies become the data of a pass-through template."""
    Delivery = apps.get_model("notifications", "Delivery")
    unsent = Delivery.objects.filter(sent_at__isnull=True).select_related("recipient")
    for delivery in unsent.iterator():
        delivery.context = {"body_text": delivery.body_text, "body_html": delivery.body_html}
        delivery.language = delivery.recipient.language
        delivery.save(update_fields=["context", "language"])


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_report_event_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="template",
            field=models.CharField(default="notifications/email/stored", max_length=200, verbose_name="template"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="delivery",
            name="context",
            field=models.JSONField(blank=True, default=dict, verbose_name="data"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="language",
            field=models.CharField(
                choices=[("fr", "French"), ("en", "English")], default="fr", max_length=10, verbose_name="language"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="delivery",
            name="server_unreachable",
            field=models.BooleanField(default=False, verbose_name="mail server unreachable"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="queued at"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="give_up_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="given up after"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="resent_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="sent again by",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="resent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent again at"),
        ),
        migrations.RunPython(keep_the_bodies_of_unsent_emails, migrations.RunPython.noop),
        migrations.RemoveField(model_name="delivery", name="body_text"),
        migrations.RemoveField(model_name="delivery", name="body_html"),
    ]
