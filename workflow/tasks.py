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


@shared_task(acks_late=True)
def deadlines_sweep() -> dict:
    """Every minute (beat): reminders, breaches and §6 step 1.11 expiries. Safe to run twice
    or in two workers at once; see workflow.services.sweep."""
    from workflow.services.sweep import sweep_run

    return sweep_run().as_dict()


@shared_task(acks_late=True)
def notification_email(notification_id: int) -> bool:
    """E-mail a notice once; a second delivery of this task finds it sent and does nothing."""
    from django.core.mail import send_mail

    from workflow.models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        send_mail(
            notification.subject,
            notification.body,
            None,
            [notification.recipient.email],
            fail_silently=False,
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
