from django.db import migrations


def open_schools(apps, schema_editor):
    """Give every study opened before schools existed its school, as the opening now does."""
    OpportunityStudy = apps.get_model("projects", "OpportunityStudy")
    School = apps.get_model("schools", "School")
    School.objects.bulk_create(
        School(
            project_id=study.project_id,
            study_id=study.pk,
            opened_on=study.opened_on,
            places_per_promotion=study.pupils_per_intake,
        )
        for study in OpportunityStudy.objects.filter(state="opened", opened_on__isnull=False)
    )


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_schools_and_yearly_reports")]

    operations = [migrations.RunPython(open_schools, migrations.RunPython.noop)]
