"""Summary tables of the supervisors' dashboards (issue 7).

They are read models only: a periodic task (``workflow.dashboard.tasks``) fills them from the
closed clocks and the final transitions with INSERT ... SELECT statements, so the dashboard
aggregates a narrow, date-indexed table instead of joining the case tables on every view.
Nothing in the workflow writes here and nothing here is a source of truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingDay(models.Model):
    """One calendar day with its working-day rank (SPEC.md §5), so that working days taken can
    be counted in SQL: ``ordinal`` is the number of working days before the date, ``closed``
    the number up to and including it (``ordinal + 1`` on a working day)."""

    date = models.DateField(_("date"), primary_key=True)
    is_working = models.BooleanField(_("working day"))
    ordinal = models.IntegerField(_("working days before"))
    closed = models.IntegerField(_("working days up to and including"))

    class Meta:
        verbose_name = _("working-day ordinal")
        verbose_name_plural = _("working-day ordinals")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} #{self.ordinal}"


class ClockFact(models.Model):
    """One closed statutory clock, denormalised for the dashboards."""

    deadline = models.OneToOneField(
        "workflow.Deadline",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    step = models.CharField(_("step"), max_length=12)
    owner_role = models.CharField(_("owner"), max_length=20)
    provider = models.ForeignKey(
        "landplots.Provider",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # The top of the provider's hierarchy at the time the clock closed: one column to filter
    # a regional supervisor's scope without walking the hierarchy on every view.
    region_id = models.BigIntegerField(_("region"))
    body_id = models.BigIntegerField(_("approving body"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"))
    done_at = models.DateTimeField(_("done"))
    closed_on = models.DateField(_("closed on (Asia/Almaty)"))
    working_days_taken = models.IntegerField(_("working days taken"), null=True)
    on_time = models.BooleanField(_("on time"))

    class Meta:
        verbose_name = _("closed clock")
        verbose_name_plural = _("closed clocks")
        indexes = [
            models.Index(fields=["closed_on", "step"], name="clockfact_closed_step"),
            models.Index(fields=["region_id", "closed_on"], name="clockfact_region_closed"),
            models.Index(fields=["provider", "closed_on"], name="clockfact_provider_closed"),
            models.Index(
                fields=["body_id", "closed_on"],
                name="clockfact_body_closed",
                condition=models.Q(body_id__isnull=False),
            ),
            # The refresh task resumes from the newest closed clock it has copied.
            models.Index(fields=["done_at"], name="clockfact_done"),
        ]

    def __str__(self):
        return f"{self.deadline_id} {self.step}"


class CaseOutcome(models.Model):
    """One case that reached a final state: granted, refused (with its §9 ground) or act
    expired (§6 step 1.11)."""

    application = models.OneToOneField(
        "landplots.Application",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    provider = models.ForeignKey(
        "landplots.Provider",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    region_id = models.BigIntegerField(_("region"))
    state = models.CharField(_("outcome"), max_length=40)
    ground = models.PositiveSmallIntegerField(_("§9 ground"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"))
    closed_on = models.DateField(_("closed on (Asia/Almaty)"))

    class Meta:
        verbose_name = _("case outcome")
        verbose_name_plural = _("case outcomes")
        indexes = [
            models.Index(fields=["closed_on", "state"], name="caseoutcome_closed_state"),
            models.Index(fields=["region_id", "closed_on"], name="caseoutcome_region_closed"),
            models.Index(fields=["closed_at"], name="caseoutcome_closed_at"),
        ]

    def __str__(self):
        return f"{self.application_id} {self.state}"
