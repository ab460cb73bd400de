"""The Kazakhstan working-time calendar: working days, office hours and the statutory counting
of SPEC.md §5. Every function takes aware datetimes and returns aware datetimes in the office
hours' time zone; a naive datetime raises ValueError, a date outside the shipped years raises
CalendarYearMissing.

The day table is built once per process from the shipped decree file, `holidays` and the
CalendarException rows. `invalidate()` drops it after an administrator's change; other
processes pick the change up within RECHECK_SECONDS.
"""

from __future__ import annotations

import threading
import time as _time
from datetime import date, datetime

from .calendar import CalendarYearMissing, WorkingCalendar
from .hours import DEFAULT_HOURS, OfficeHours
from .sources import load_exception_rows, load_shipped

__all__ = [
    "DEFAULT_HOURS",
    "UNITS",
    "CalendarYearMissing",
    "OfficeHours",
    "WorkingCalendar",
    "add_working_days",
    "add_working_minutes",
    "current_calendar",
    "due_instant",
    "invalidate",
    "is_working_day",
    "next_working_start",
    "received_at",
    "working_days_between",
    "working_days_remaining",
    "year_summary",
]

MINUTES = "minutes"
DAYS = "days"
SAME_DAY = "same_day"
UNITS = (MINUTES, DAYS, SAME_DAY)

# A row saved in another process (the admin runs in web, deadlines in workers) reaches this
# one within this delay: one small query every five minutes, cheap next to a wrong deadline.
RECHECK_SECONDS = 300.0

_lock = threading.Lock()
_calendar: WorkingCalendar | None = None
_rows: tuple = ()
_checked_at = 0.0


def invalidate() -> None:
    """Forget the day table; the next call rebuilds it (call after a CalendarException change)."""
    global _calendar
    with _lock:
        _calendar = None


def current_calendar() -> WorkingCalendar:
    global _calendar, _rows, _checked_at
    cal = _calendar
    if cal is not None and _time.monotonic() - _checked_at < RECHECK_SECONDS:
        return cal
    with _lock:
        if _calendar is not None and _time.monotonic() - _checked_at < RECHECK_SECONDS:
            return _calendar
        rows = load_exception_rows()
        if _calendar is None or rows != _rows:
            _calendar = WorkingCalendar.build(load_shipped(), rows)
            _rows = rows
        _checked_at = _time.monotonic()
        return _calendar


def is_working_day(d: date) -> bool:
    """§5: Monday–Friday minus the public days off, plus the transfer decrees."""
    return current_calendar().is_working_day(d)


def next_working_start(at: datetime, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
    """`at` itself (in the hours' zone) when inside working time, else the next opening."""
    return current_calendar().next_working_start(at, hours)


def received_at(at: datetime, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
    """§5: an application made after hours, in the break, on a weekend or a holiday counts as
    received at the start of the next working time."""
    return current_calendar().next_working_start(at, hours)


def add_working_days(event: datetime, days: int, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
    """§5: the close of office hours on the `days`-th working day after the day of the event;
    `days=0` is "the same day". An event outside working time counts on the next working day
    (as received_at does), so an event on Saturday with days=1 is due on Tuesday's close."""
    return current_calendar().add_working_days(event, days, hours)


def add_working_minutes(
    event: datetime, minutes: int, hours: OfficeHours = DEFAULT_HOURS
) -> datetime:
    """§5: `minutes` of working time from the event, skipping breaks, nights and days off."""
    return current_calendar().add_working_minutes(event, minutes, hours)


def working_days_between(start: datetime, end: datetime, hours: OfficeHours = DEFAULT_HOURS) -> int:
    """Working days elapsed, counted as add_working_days counts them: for every event and N,
    working_days_between(event, add_working_days(event, N)) == N. Zero when end <= start."""
    return current_calendar().working_days_between(start, end, hours)


def working_days_remaining(now: datetime, due: datetime, hours: OfficeHours = DEFAULT_HOURS) -> int:
    """For dashboards: 0 = due by today's close, 1 = by the next working day's close; negative
    once working days have closed after the deadline (see WorkingCalendar)."""
    return current_calendar().working_days_remaining(now, due, hours)


def due_instant(
    event: datetime, amount: int, unit: str, hours: OfficeHours = DEFAULT_HOURS
) -> datetime:
    """The due instant of a time limit of the step table: `unit` is "minutes", "days" or
    "same_day" (then `amount` must be 0)."""
    cal = _calendar
    if cal is None or _time.monotonic() - _checked_at >= RECHECK_SECONDS:
        cal = current_calendar()
    if unit == DAYS:
        return cal.add_working_days(event, amount, hours)
    if unit == MINUTES:
        return cal.add_working_minutes(event, amount, hours)
    if unit == SAME_DAY:
        if amount != 0:
            raise ValueError(f"a same-day limit takes amount 0, got {amount}")
        return cal.add_working_days(event, 0, hours)
    raise ValueError(f"unknown time-limit unit {unit!r}; expected one of {UNITS}")


def year_summary(year: int) -> dict:
    """Working days per month, the total, the weekday days off and the worked weekend days."""
    return current_calendar().year_summary(year)
