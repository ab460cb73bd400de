"""Notices to a user's inbox, and by e-mail after commit. Idempotent by key: a sweep that runs
twice, or in two workers at once, sends each notice once."""

from functools import partial

from django.db import IntegrityError, transaction

from workflow.models import Notification


def notify(*, recipient, key: str, subject: str, body: str, application=None) -> bool:
    """Create the notice unless one with this key exists; True when it was created."""
    if recipient is None:
        return False
    try:
        # A savepoint, so a duplicate does not break the caller's transaction.
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                application=application,
                key=key[:120],
                subject=str(subject)[:255],
                body=str(body),
            )
    except IntegrityError:
        return False
    from workflow.tasks import notification_email

    transaction.on_commit(partial(notification_email.delay, notification.pk))
    return True


def notify_role(*, role: str, provider=None, body_id=None, **kwargs) -> int:
    """Notify every active official of a role in a scope (the owners of a breached step)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, official__role=role)
    if provider is not None:
        users = users.filter(official__provider=provider)
    if body_id is not None:
        users = users.filter(official__body_id=body_id)
    return sum(notify(recipient=user, **kwargs) for user in users)
