from django.db import migrations, models

# The open-clock counts read a covering index only while the pages of open clocks are marked
# all-visible, which only VACUUM does. With the default scale factors a table of millions of
# clocks is vacuumed after hundreds of thousands of changes, that is every few weeks; a fixed
# threshold vacuums it after every few thousand (a cheap run: it skips all-visible pages).
AUTOVACUUM = (
    "ALTER TABLE workflow_deadline SET (autovacuum_vacuum_scale_factor = 0, "
    "autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, "
    "autovacuum_vacuum_insert_threshold = 5000)"
)
AUTOVACUUM_RESET = (
    "ALTER TABLE workflow_deadline RESET (autovacuum_vacuum_scale_factor, "
    "autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor, "
    "autovacuum_vacuum_insert_threshold)"
)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("landplots", "0003_application_provider_recent"),
        ("workflow", "0004_dashboard_day_rollups"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["application"],
                include=("due_at", "complaint", "id"),
                name="deadline_open_by_case",
            ),
        ),
        migrations.RunPython(_on_postgresql(AUTOVACUUM), _on_postgresql(AUTOVACUUM_RESET)),
    ]
