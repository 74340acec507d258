"""The jury's figures are published once, when scoring closes (``juries.services.results``).

Sessions still planned or scoring lose the figures the former rule kept current for them: nobody could read
them, and they will be published when scoring closes. Sessions in deliberation have theirs published again,
by the service's own code on the historical models (the same figures); so have closed sessions with a study
that has none. A closed session keeps the figures its decisions rested on.
"""

from django.db import migrations

from juries.services.results import publish_results


def publish_once(apps, schema_editor):
    result = apps.get_model("juries", "EntryResult")
    result.objects.filter(entry__session__state__in=("planned", "scoring")).delete()
    sessions = apps.get_model("juries", "JurySession").objects.order_by("pk")
    for session in sessions.filter(state="deliberation"):
        publish_results(session)
    for session in sessions.filter(state="closed", agenda__result__isnull=True).distinct():
        publish_results(session)


class Migration(migrations.Migration):
    dependencies = [("juries", "0007_session_updated_at")]

    operations = [migrations.RunPython(publish_once, migrations.RunPython.noop)]
