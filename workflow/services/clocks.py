"""Opening and closing the statutory clocks (SPEC.md §3, §5) inside a transition."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from landplots.models import Application, State
from workflow import working_time
from workflow.models import Deadline
from workflow.steps import (
    BY_STATE,
    DEFAULT_REMINDER_WORKING_DAYS,
    STAGE_ONE,
    STAGE_TWO,
    Step,
    Unit,
)


def step_due(*, step: Step, started_at: datetime, application: Application) -> datetime:
    hours = application.provider.office_hours
    if step.unit == Unit.STAGE:
        stage = (
            Deadline.objects.filter(application=application, step=STAGE_ONE.code)
            .order_by("-started_at")
            .values_list("due_at", flat=True)
            .first()
        )
        return stage or working_time.add_working_days(started_at, STAGE_ONE.amount, hours)
    return working_time.due_instant(started_at, step.amount, step.unit.value, hours)


def reminder_at(*, step: Step, due_at: datetime, application: Application) -> datetime | None:
    """A reminder goes out a set number of working days before the due instant (setting
    REMINDER_WORKING_DAYS, default one): at the close of that earlier working day. Clocks no
    longer than that (minutes, the same day, one day) get no reminder: it would come at once."""
    days = getattr(settings, "REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS)
    if days <= 0 or step.unit != Unit.DAYS or step.amount <= days:
        return None
    hours = application.provider.office_hours
    local = due_at.astimezone(ZoneInfo(hours.tz))
    day = local.date()
    remaining = days
    while remaining:
        day -= timedelta(days=1)
        if working_time.is_working_day(day):
            remaining -= 1
    return datetime.combine(day, hours.end, tzinfo=ZoneInfo(hours.tz))


def clock_open(
    *,
    application: Application,
    step: Step,
    started_at: datetime,
    approval_request=None,
    complaint=None,
) -> Deadline:
    due_at = step_due(step=step, started_at=started_at, application=application)
    return Deadline.objects.create(
        application=application,
        step=step.code,
        owner_role=step.owner,
        approval_request=approval_request,
        complaint=complaint,
        started_at=started_at,
        due_at=due_at,
        remind_at=reminder_at(step=step, due_at=due_at, application=application),
    )


def clocks_close(*, application: Application, steps: list[str], at: datetime) -> int:
    return Deadline.objects.filter(
        application=application, step__in=steps, done_at__isnull=True
    ).update(done_at=at)


def clocks_on_transition(
    *, application: Application, source: str, target: str, at: datetime
) -> None:
    """Close the clocks of the state left, open those of the state entered, and keep the
    stage totals: stage 1 runs from receipt until the result reaches the applicant; stage 2
    from agreement and payment until the decision is registered. The provider's clocks do not
    run while the case waits on the applicant (§5, steps 1.10–1.11)."""
    left = [step.code for step in BY_STATE.get(source, ())]
    if target in (State.AWAITING_APPLICANT, State.REFUSED):
        left.append(STAGE_ONE.code)
    if target == State.GRANTED:
        left.append(STAGE_TWO.code)
    if left:
        clocks_close(application=application, steps=left, at=at)
    if target == State.CADASTRAL_PLAN_PREPARATION:
        clock_open(application=application, step=STAGE_TWO, started_at=at)
    for step in BY_STATE.get(target, ()):
        clock_open(application=application, step=step, started_at=at)
