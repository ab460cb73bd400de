"""How a running clock looks to an official: on time, due within one working day, overdue."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workflow import clock, working_time
from workflow.steps import BY_CODE
from workflow.working_time import DEFAULT_HOURS, CalendarYearMissing, OfficeHours

ON_TIME = "on-time"
DUE_SOON = "due-soon"
OVERDUE = "overdue"


@dataclass(frozen=True)
class ClockStatus:
    level: str
    days_left: int | None
    due_at: datetime
    text: str


def clock_status(
    due_at: datetime, hours: OfficeHours = DEFAULT_HOURS, now: datetime | None = None
) -> ClockStatus:
    now = now or clock.now()
    due_local = timezone.localtime(due_at).strftime("%d.%m.%Y %H:%M")
    try:
        days = working_time.working_days_remaining(now, due_at, hours)
    except CalendarYearMissing:
        # A date beyond the shipped calendar: show the instant and leave the count out
        # rather than guess the year's days off.
        days = None
    if now > due_at:
        return ClockStatus(OVERDUE, days, due_at, _("overdue since %(due)s") % {"due": due_local})
    left = (
        ngettext("%(n)d working day left", "%(n)d working days left", days) % {"n": days}
        if days is not None
        else ""
    )
    text = _("%(left)s, due %(due)s") % {"left": left, "due": due_local} if left else due_local
    # "Within one working day": due by the close of today or of the next working day.
    level = DUE_SOON if days is not None and days <= 1 else ON_TIME
    return ClockStatus(level, days, due_at, text)


# A step of the regulation's own numbering (§6 step 1.1, 1.5a ...), shown with its number;
# other codes (the stage totals, the refusal's signature, complaints) are internal.
_NUMBERED = re.compile(r"\d+\.\d+[ab]?")


def step_title(code: str | None) -> str:
    """The translated title of a clock's step, with its §6 number where it has one."""
    if not code:
        return ""
    step = BY_CODE.get(code)
    if step is None:
        return code
    return f"{code} {step.title}" if _NUMBERED.fullmatch(code) else str(step.title)
