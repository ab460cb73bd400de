from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The periodic tasks the workflow needs, by name (the beat's DatabaseScheduler reads them from
# the database). Every minute: the deadline sweep, and the outbox delivery as the safety net
# for stage events whose after-commit delivery was lost.
BEAT_TASKS = {
    "workflow: deadline sweep": "workflow.tasks.deadlines_sweep",
    "workflow: deliver monitoring events": "workflow.tasks.stage_events_deliver",
}


def register_beat_schedule(**kwargs) -> None:
    """Create (or repair) the beat rows; running it again changes nothing. An administrator
    who disabled a task keeps it disabled."""
    from django.db import connections
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    using = kwargs.get("using") or "default"
    # A partial migrate (one app, or back to an old state) may run before the beat's tables
    # exist; the next full migrate registers the tasks.
    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return
    intervals = IntervalSchedule.objects.using(using)
    every_minute = intervals.filter(every=1, period=IntervalSchedule.MINUTES).first()
    if every_minute is None:
        every_minute = intervals.create(every=1, period=IntervalSchedule.MINUTES)
    for name, task in BEAT_TASKS.items():
        periodic, created = PeriodicTask.objects.using(using).get_or_create(
            name=name, defaults={"task": task, "interval": every_minute}
        )
        if not created and (periodic.task != task or periodic.interval_id != every_minute.pk):
            periodic.task = task
            periodic.interval = every_minute
            periodic.crontab = None
            periodic.save()


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Workflow and deadlines")

    def ready(self):
        from workflow.permissions import sync_role_groups

        # Set-up, not domain flow: every database (the test one too) gets the role groups and
        # the beat schedule.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="sync_role_groups")
        post_migrate.connect(
            register_beat_schedule, sender=self, dispatch_uid="register_beat_schedule"
        )
