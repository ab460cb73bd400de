"""Summary tables of the supervisors' dashboards (issue 7).

They are read models only: a periodic task (``workflow.dashboard.tasks``) fills them from the
closed clocks and the final transitions with INSERT ... SELECT statements, so the dashboard
aggregates a narrow, date-indexed table instead of joining the case tables on every view.
Nothing in the workflow writes here and nothing here is a source of truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Working days taken 0 .. HIST_DAYS - 1 are counted exactly, one column each; longer clocks
# are counted in ``d_more`` and their exact values read from ClockFact (a partial index keeps
# that read to the few long clocks).
HIST_DAYS = 31
HIST_COLUMNS = tuple(f"d{i}" for i in range(HIST_DAYS))


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
            # The few clocks longer than the rollups' histogram, read for exact percentiles.
            models.Index(
                fields=["closed_on", "step"],
                name="clockfact_long_closed",
                condition=models.Q(working_days_taken__gte=HIST_DAYS),
            ),
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


# --- per-day rollups ------------------------------------------------------------------------
#
# The period figures read these instead of ClockFact: one row per local day and group, so a
# 30-day view reads O(days x groups) rows however many clocks closed. The refresh rewrites the
# days it touched from ClockFact in the same transaction that copied the new facts.


def _histogram_fields() -> dict:
    fields = {
        name: models.PositiveIntegerField(f"{i} WD", default=0)
        for i, name in enumerate(HIST_COLUMNS)
    }
    fields["d_more"] = models.PositiveIntegerField(
        _("clocks taking more WD than the histogram holds"), default=0
    )
    return fields


class _DayCounts(models.Model):
    closed_on = models.DateField(_("closed on (Asia/Almaty)"))
    region_id = models.BigIntegerField(_("region"))
    n = models.PositiveIntegerField(_("closed clocks"))
    on_time = models.PositiveIntegerField(_("on time"))

    class Meta:
        abstract = True


_DayHistogram = type(
    "_DayHistogram",
    (_DayCounts,),
    {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
        **_histogram_fields(),
    },
)


class StepDay(_DayHistogram):
    """Closed clocks per local day, step, region and approving body (no provider): the
    country's and a region's step, stage, body and trend figures."""

    step = models.CharField(_("step"), max_length=12)
    body_id = models.BigIntegerField(_("approving body"), null=True, blank=True)

    class Meta:
        verbose_name = _("closed clocks per day and step")
        verbose_name_plural = _("closed clocks per day and step")
        indexes = [
            models.Index(fields=["closed_on", "step"], name="stepday_closed_step"),
            models.Index(fields=["region_id", "closed_on"], name="stepday_region_closed"),
            models.Index(
                fields=["body_id", "closed_on"],
                name="stepday_body_closed",
                condition=models.Q(body_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.closed_on} {self.step} {self.region_id}"


class ClockDay(_DayHistogram):
    """Closed clocks per local day, step, provider and approving body: every figure once a
    provider is chosen, and the providers' rates filtered by step or body."""

    step = models.CharField(_("step"), max_length=12)
    provider = models.ForeignKey(
        "landplots.Provider",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    body_id = models.BigIntegerField(_("approving body"), null=True, blank=True)

    class Meta:
        verbose_name = _("closed clocks per day, step and provider")
        verbose_name_plural = _("closed clocks per day, step and provider")
        indexes = [
            models.Index(fields=["provider", "closed_on"], name="clockday_provider_closed"),
            models.Index(fields=["step", "closed_on"], name="clockday_step_closed"),
            models.Index(
                fields=["body_id", "closed_on"],
                name="clockday_body_closed",
                condition=models.Q(body_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.closed_on} {self.step} {self.provider_id}"


class ProviderDay(_DayCounts):
    """Closed clocks per local day and provider: the providers' table of a country or region."""

    provider = models.ForeignKey(
        "landplots.Provider",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("closed clocks per day and provider")
        verbose_name_plural = _("closed clocks per day and provider")
        indexes = [
            models.Index(fields=["closed_on", "provider"], name="providerday_closed_provider"),
            models.Index(fields=["region_id", "closed_on"], name="providerday_region_closed"),
        ]

    def __str__(self):
        return f"{self.closed_on} {self.provider_id}"
