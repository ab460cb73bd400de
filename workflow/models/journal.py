from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.roles import Role


class AppendOnlyError(Exception):
    pass


class TransitionLog(models.Model):
    """Append-only: who moved a case, when, from which state to which."""

    application = models.ForeignKey(
        "landplots.Application", on_delete=models.CASCADE, related_name="transition_log"
    )
    transition = models.CharField(_("transition"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    source = models.CharField(_("from"), max_length=40)
    target = models.CharField(_("to"), max_length=40)
    at = models.DateTimeField(_("at"), db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.source} → {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The transition log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The transition log is append-only.")


class StageEvent(models.Model):
    """Outbox of stage changes for the state-services monitoring system (§7). A task delivers
    undelivered rows through the monitoring adapter after the transaction commits."""

    application = models.ForeignKey(
        "landplots.Application", on_delete=models.CASCADE, related_name="stage_events"
    )
    stage = models.PositiveSmallIntegerField(_("stage"))
    state = models.CharField(_("state"), max_length=40)
    occurred_at = models.DateTimeField(_("occurred"), db_index=True)
    payload = models.JSONField(_("payload"), default=dict)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")
        ordering = ["occurred_at", "pk"]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                name="stage_event_undelivered",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.application_id} {self.state}"


class Notification(models.Model):
    """A notice in a user's inbox (and by e-mail). ``key`` makes sending idempotent: a
    sweep that runs twice cannot notify twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        "landplots.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=120)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key")
        ]

    def __str__(self):
        return self.subject
