from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.roles import Role


class Deadline(models.Model):
    """One running (or finished) statutory clock: a step of SPEC.md §3, a stage total, an
    approval request, the applicant's clocks or a complaint's."""

    application = models.ForeignKey(
        "landplots.Application", on_delete=models.CASCADE, related_name="deadlines"
    )
    step = models.CharField(_("step"), max_length=12)
    owner_role = models.CharField(_("owner"), max_length=20, choices=Role.choices)
    approval_request = models.ForeignKey(
        "approvals.ApprovalRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    complaint = models.ForeignKey(
        "landplots.Complaint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"))
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at"]
        permissions = [("view_dashboard", _("See the supervisors' deadline dashboards"))]
        indexes = [
            # The sweep reads only open clocks that are due or need a reminder; partial
            # indexes keep that read proportional to the number due, not to all clocks.
            models.Index(
                fields=["due_at"],
                name="deadline_open_unbreached_due",
                condition=models.Q(done_at__isnull=True, breached_at__isnull=True),
            ),
            models.Index(
                fields=["remind_at"],
                name="deadline_open_unreminded",
                condition=models.Q(done_at__isnull=True, reminded_at__isnull=True),
            ),
            # The dashboard's open-clock buckets: every open clock due by a horizon.
            models.Index(
                fields=["due_at"],
                name="deadline_open_due",
                condition=models.Q(done_at__isnull=True),
            ),
            # The dashboard's count of open clocks per case in progress: small (open clocks
            # only) and covering, so the count joins the open cases without touching the
            # heap of every clock ever opened.
            models.Index(
                fields=["application"],
                include=["due_at", "complaint", "id"],
                name="deadline_open_by_case",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(fields=["application", "done_at"], name="deadline_case_open"),
            models.Index(fields=["step", "done_at"], name="deadline_step_done"),
        ]
        constraints = [
            # One open clock per step of a case (per request or complaint where it has one).
            models.UniqueConstraint(
                fields=["application", "step"],
                condition=models.Q(
                    done_at__isnull=True, approval_request__isnull=True, complaint__isnull=True
                ),
                name="one_open_clock_per_case_step",
            ),
            models.UniqueConstraint(
                fields=["approval_request", "step"],
                condition=models.Q(done_at__isnull=True, approval_request__isnull=False),
                name="one_open_clock_per_request",
            ),
            models.UniqueConstraint(
                fields=["complaint", "step"],
                condition=models.Q(done_at__isnull=True, complaint__isnull=False),
                name="one_open_clock_per_complaint",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.step} → {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def on_time(self) -> bool | None:
        if self.done_at is None:
            return None
        return self.done_at <= self.due_at
