"""The periodic refresh of the dashboard summary tables."""

from celery import shared_task

from workflow.dashboard.refresh import stats_refresh

TASK_NAME = "workflow.dashboard.tasks.dashboard_stats_refresh"
SCHEDULE_NAME = "dashboard: refresh the summary tables"
# Period figures may lag this much behind the workflow; "now" figures never lag.
REFRESH_EVERY_MINUTES = 5


@shared_task(acks_late=True, name=TASK_NAME)
def dashboard_stats_refresh() -> dict:
    """Copy newly closed clocks and final transitions into the summary tables. Safe to run
    twice: every statement skips rows already copied."""
    return stats_refresh()


def schedule_register(periodic_task_model=None, interval_model=None) -> None:
    """Register the beat entry once (idempotent; the models may be a migration's)."""
    if periodic_task_model is None or interval_model is None:
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        periodic_task_model, interval_model = PeriodicTask, IntervalSchedule
    every, _ = interval_model.objects.get_or_create(every=REFRESH_EVERY_MINUTES, period="minutes")
    periodic_task_model.objects.update_or_create(
        name=SCHEDULE_NAME, defaults={"task": TASK_NAME, "interval": every, "enabled": True}
    )
