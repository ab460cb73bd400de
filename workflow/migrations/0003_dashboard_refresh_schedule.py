from django.db import migrations


def register(apps, schema_editor):
    from workflow.dashboard.tasks import schedule_register

    schedule_register(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "IntervalSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0002_workingday_caseoutcome_clockfact"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, migrations.RunPython.noop)]
