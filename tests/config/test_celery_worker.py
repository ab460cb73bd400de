"""A real worker against the configured broker (Redis in CI, the filesystem transport on a
developer machine) picks up a task queued after commit."""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from workflow.tasks import stage_events_deliver


@pytest.fixture
def empty_queue(celery_app):
    """Earlier tests of the run queue tasks that no worker took; left in the queue, the worker
    would run them against the database while this test writes to it."""
    celery_app.control.purge()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_task_queued_on_commit_runs_in_a_real_worker(
    celery_app, empty_queue, celery_worker, tmp_path, settings
):
    from landplots.models import Application
    from tests.factories import ApplicationFactory
    from workflow.models import StageEvent

    settings.VAR_DIR = tmp_path
    # Given a stage event written in a transaction that queues its delivery on commit
    application: Application = ApplicationFactory()
    with transaction.atomic():
        event = StageEvent.objects.create(
            application=application, stage=1, state="submitted", occurred_at=timezone.now()
        )
        transaction.on_commit(stage_events_deliver.delay)

    # When the worker takes the task from the broker
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event.refresh_from_db()
        if event.delivered_at is not None:
            break
        time.sleep(0.2)

    # Then its effect is in the database and in the monitoring sink
    assert event.delivered_at is not None
    assert (tmp_path / "monitoring" / "stage-events.jsonl").read_text().count(
        '"state": "submitted"'
    ) == 1
