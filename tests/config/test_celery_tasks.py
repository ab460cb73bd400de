import pytest
from django_celery_beat.models import PeriodicTask

from config.celery import app


@pytest.mark.django_db
def test_every_scheduled_task_is_known_to_the_worker():
    """Beat sends what the schedule names; a worker discards a task it has not registered."""
    # Given the schedule that migrate writes
    scheduled = set(PeriodicTask.objects.values_list("task", flat=True))

    # When the worker loads its task modules
    app.loader.import_default_modules()

    # Then it knows every one of them
    assert scheduled, "migrate registers the periodic tasks"
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
