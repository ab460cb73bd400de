"""The per-day rollups now sum only scored steps (not §6 step 1.11's validity period) and the
providers' rollup only the provider's own steps (workflow.steps). Emptying them makes the next
summary refresh rebuild every day from the closed-clock facts, which are unchanged."""

from django.db import migrations


def empty_rollups(apps, schema_editor):
    for name in ("StepDay", "ClockDay", "ProviderDay"):
        apps.get_model("workflow", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_official_labels")]

    operations = [migrations.RunPython(empty_rollups, migrations.RunPython.noop)]
