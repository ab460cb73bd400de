"""Celery tasks of the workflow: thin, idempotent, by id."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from workflow.adapters.monitoring import get_sink
from workflow.models import StageEvent

# Rows delivered per run: small enough to keep each transaction short.
OUTBOX_BATCH = 200


@shared_task(acks_late=True)
def stage_events_deliver() -> int:
    """Send undelivered §7 stage events to the monitoring system, oldest first."""
    sink = get_sink()
    delivered = 0
    with transaction.atomic():
        events = list(
            StageEvent.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True)
            .order_by("occurred_at", "pk")[:OUTBOX_BATCH]
        )
        for event in events:
            sink.send(
                {
                    "id": event.pk,
                    "case": event.application_id,
                    "stage": event.stage,
                    "state": event.state,
                    "occurred_at": event.occurred_at.isoformat(),
                    **event.payload,
                }
            )
            event.delivered_at = timezone.now()
            event.attempts += 1
            event.save(update_fields=["delivered_at", "attempts"])
            delivered += 1
    return delivered
