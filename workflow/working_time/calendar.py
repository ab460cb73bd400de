"""Working-day and working-minute arithmetic over a precomputed day table (SPEC.md §5).

Every query turns the instant into (local day ordinal, microsecond of the local day) once, then
answers from plain lists: the working-day flags, the rank of each day among working days and,
per office-hours value, the closing instant of every working day. That keeps a due-instant
computation free of time-zone work except the one `astimezone` of the input.
"""

from __future__ import annotations

import calendar as _stdcalendar
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .hours import DEFAULT_HOURS, OfficeHours
from .sources import DAY_OFF, WORKING_DAY, ShippedData, statutory_working_days

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _UTC_EPOCH.toordinal()


class CalendarYearMissing(LookupError):
    """A date outside the years the calendar data covers: never guess a year's days off."""

    def __init__(self, year: int, first_year: int, last_year: int) -> None:
        self.year = year
        super().__init__(
            f"The working-day calendar has no data for {year} (it covers "
            f"{first_year}–{last_year}). Add {year} to workflow/working_time/data/"
            f"kz_calendar.toml: its [years] line with the government's transfer decree for "
            f"{year} and the decree's transfers as entries; then release, or in the meantime "
            f"record the decree's days as CalendarException rows once the year is listed."
        )


def zone(key: str) -> tzinfo:
    """The zone from the pinned `tzdata` package when installed, else the system's.

    zoneinfo prefers the operating system's files, which may predate Almaty's move from UTC+6
    to UTC+5 on 2024-03-01; the pinned package makes every machine agree on deadlines.
    """
    try:
        path = resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
        with path.open("rb") as fh:
            return ZoneInfo.from_file(fh, key=key)
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        try:
            return ZoneInfo(key)
        except ZoneInfoNotFoundError as exc:
            raise ValueError(f"unknown time zone {key!r}") from exc


@cache
def _utc_offsets(tz: tzinfo, first_year: int, last_year: int) -> tuple[list[int], list[int]]:
    """The zone's UTC offset changes over the years, as (UTC epoch seconds, offset seconds):
    lets a UTC instant (what Django stores and `timezone.now()` returns) become local time by a
    bisect instead of a zoneinfo conversion."""
    # Zones change offset months apart: a daily scan finds every change, then bisects it.
    step = 86400
    t = int((datetime(first_year - 1, 12, 30, tzinfo=UTC) - _UTC_EPOCH).total_seconds())
    stop = int((datetime(last_year + 1, 1, 2, tzinfo=UTC) - _UTC_EPOCH).total_seconds())

    def offset(seconds: int) -> int:
        moment = _UTC_EPOCH + timedelta(seconds=seconds)
        return int(moment.astimezone(tz).utcoffset().total_seconds())

    starts, offsets = [t], [offset(t)]
    while t < stop:
        t += step
        current = offset(t)
        if current != offsets[-1]:
            lo, hi = t - step, t  # the change lies in (lo, hi]: find its first second
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if offset(mid) == current else (mid, hi)
            starts.append(hi)
            offsets.append(current)
    return starts, offsets


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _time_of(us: int) -> time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


@dataclass(frozen=True, slots=True)
class _Hours:
    """One OfficeHours value compiled against one day table."""

    tz: tzinfo
    intervals: tuple[tuple[int, int], ...]  # working spans of a day, microseconds of day
    open_us: int
    close_us: int
    day_us: int  # working microseconds in one day
    closes: list[datetime]  # closing instant of each working day, parallel to work_ords
    offset_starts: list[int]  # see _utc_offsets
    offsets: list[int]


def _intervals(hours: OfficeHours) -> tuple[tuple[int, int], ...]:
    for name in ("start", "end", "break_start", "break_end"):
        value = getattr(hours, name)
        if not (isinstance(value, time) or (value is None and name.startswith("break"))):
            raise ValueError(f"office hours {name} must be a datetime.time, got {value!r}")
    start, end = _us_of(hours.start), _us_of(hours.end)
    if not start < end:
        raise ValueError(f"office hours must start before they end: {hours}")
    if (hours.break_start is None) != (hours.break_end is None):
        raise ValueError(f"a break needs both a start and an end: {hours}")
    if hours.break_start is None or hours.break_end is None:
        return ((start, end),)
    b_start, b_end = _us_of(hours.break_start), _us_of(hours.break_end)
    if not start < b_start < b_end < end:
        raise ValueError(f"the break must lie strictly inside office hours: {hours}")
    return ((start, b_start), (b_end, end))


class WorkingCalendar:
    """The day table of a range of years and the operations of §5 over it."""

    def __init__(self, flags: dict[date, bool], first_year: int, last_year: int) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self._base = date(first_year, 1, 1).toordinal()
        stop = date(last_year + 1, 1, 1).toordinal()
        self._flags = bytes(flags[date.fromordinal(o)] for o in range(self._base, stop))
        self._days = len(self._flags)
        self.work_ords = [self._base + k for k, f in enumerate(self._flags) if f]
        # rank[k]: index in work_ords of the first working day on or after day k.
        rank, seen = [], 0
        for f in self._flags:
            rank.append(seen)
            seen += f
        self._rank = rank
        self._hours: dict[OfficeHours, _Hours] = {}
        self._last: tuple[OfficeHours, _Hours] | None = None

    @classmethod
    def build(
        cls, shipped: ShippedData, exception_rows: Iterable[tuple[date, str]] = ()
    ) -> WorkingCalendar:
        first, last = shipped.first_year, shipped.last_year
        flags = statutory_working_days(first, last)
        for entry in shipped.entries:
            flags[entry.date] = entry.kind == WORKING_DAY
        # The administrator's rows are the newest decree: they win over the shipped file.
        for day, kind in exception_rows:
            if day in flags and kind in (DAY_OFF, WORKING_DAY):
                flags[day] = kind == WORKING_DAY
        return cls(flags, first, last)

    # --- internals ------------------------------------------------------------------------

    def _compiled(self, hours: OfficeHours) -> _Hours:
        last = self._last
        if last is not None and last[0] is hours:
            return last[1]
        compiled = self._hours.get(hours)
        if compiled is None:
            intervals = _intervals(hours)
            tz = zone(hours.tz)
            closes = [
                datetime.combine(date.fromordinal(o), hours.end, tzinfo=tz) for o in self.work_ords
            ]
            offset_starts, offsets = _utc_offsets(tz, self.first_year, self.last_year)
            compiled = _Hours(
                tz=tz,
                offset_starts=offset_starts,
                offsets=offsets,
                intervals=intervals,
                open_us=intervals[0][0],
                close_us=intervals[-1][1],
                day_us=sum(e - s for s, e in intervals),
                closes=closes,
            )
            self._hours[hours] = compiled
        self._last = (hours, compiled)
        return compiled

    def _missing(self, year: int) -> CalendarYearMissing:
        return CalendarYearMissing(year, self.first_year, self.last_year)

    def _local(self, at: datetime, h: _Hours) -> tuple[datetime, int, int]:
        if at.tzinfo is None:
            raise ValueError(f"naive datetime {at.isoformat()}: pass an aware datetime")
        local = at.astimezone(h.tz)
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND
        return local, local.toordinal() - self._base, us + local.microsecond

    def _check_day(self, k: int) -> None:
        if k < 0 or k >= len(self._flags):
            raise self._missing(date.fromordinal(self._base + k).year)

    def _day_index(self, k: int, us: int, h: _Hours) -> int:
        """Index in work_ords of the working day an instant counts on (§5: outside working
        time it counts on the next working day)."""
        self._check_day(k)
        if self._flags[k] and us < h.close_us:
            return self._rank[k]
        return self._rank[k] + self._flags[k]

    def _closed_count(self, k: int, us: int, h: _Hours) -> int:
        """How many working days have closed by this instant."""
        self._check_day(k)
        return self._rank[k] + (1 if self._flags[k] and us >= h.close_us else 0)

    def _at(self, index: int, us: int, h: _Hours) -> datetime:
        if index >= len(self.work_ords):
            raise self._missing(self.last_year + 1)
        return datetime.combine(date.fromordinal(self.work_ords[index]), _time_of(us), h.tz)

    def _close(self, index: int, h: _Hours) -> datetime:
        if index >= len(h.closes):
            raise self._missing(self.last_year + 1)
        return h.closes[index]

    # --- operations -----------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        k = d.toordinal() - self._base
        self._check_day(k)
        return bool(self._flags[k])

    def next_working_start(self, at: datetime, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
        h = self._compiled(hours)
        local, k, us = self._local(at, h)
        self._check_day(k)
        if self._flags[k]:
            for start, end in h.intervals:
                if us < start:
                    return self._at(self._rank[k], start, h)
                if us < end:
                    return local
        return self._at(self._rank[k] + self._flags[k], h.open_us, h)

    def add_working_days(
        self, event: datetime, days: int, hours: OfficeHours = DEFAULT_HOURS
    ) -> datetime:
        # The hot path of every deadline: _local, _day_index and _close written out inline,
        # since each extra call costs a tenth of the whole computation.
        if days < 0:
            raise ValueError(f"days must be zero or more, got {days}")
        last = self._last
        h = last[1] if last is not None and last[0] is hours else self._compiled(hours)
        if event.tzinfo is UTC:
            elapsed = event - _UTC_EPOCH
            seconds = elapsed.days * 86400 + elapsed.seconds
            seconds += h.offsets[bisect_right(h.offset_starts, seconds) - 1]
            day, second_of_day = divmod(seconds, 86400)
            k = day + _EPOCH_ORDINAL - self._base
            us = second_of_day * _US_PER_SECOND + elapsed.microseconds
        else:
            if event.tzinfo is None:
                raise ValueError(f"naive datetime {event.isoformat()}: pass an aware datetime")
            local = event if event.tzinfo is h.tz else event.astimezone(h.tz)
            k = local.toordinal() - self._base
            us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND
            us += local.microsecond
        if k < 0 or k >= self._days:
            raise self._missing(date.fromordinal(self._base + k).year)
        index = self._rank[k] + days
        if self._flags[k] and us >= h.close_us:
            index += 1
        try:
            return h.closes[index]
        except IndexError:
            raise self._missing(self.last_year + 1) from None

    def add_working_minutes(
        self, event: datetime, minutes: int, hours: OfficeHours = DEFAULT_HOURS
    ) -> datetime:
        if minutes < 0:
            raise ValueError(f"minutes must be zero or more, got {minutes}")
        h = self._compiled(hours)
        _, k, us = self._local(event, h)
        index = self._day_index(k, us, h)
        if index != self._rank[k] or not self._flags[k]:
            us = h.open_us  # counting starts at the next working day's opening
        remaining = minutes * _US_PER_MINUTE
        for start, end in h.intervals:
            if us >= end:
                continue
            us = max(us, start)
            if remaining <= end - us:
                # Landing exactly on a span's end stays there (13:00, not 14:30).
                return self._at(index, us + remaining, h)
            remaining -= end - us
        full_days, rest = divmod(remaining, h.day_us)
        if rest == 0:
            return self._close(index + full_days, h)
        index += full_days + 1
        for start, end in h.intervals:
            if rest <= end - start:
                return self._at(index, start + rest, h)
            rest -= end - start
        raise AssertionError("unreachable: rest is smaller than a working day")

    def working_days_between(
        self, start: datetime, end: datetime, hours: OfficeHours = DEFAULT_HOURS
    ) -> int:
        """Working days elapsed since `start` by `end`: the working days after the day `start`
        counts on whose office hours have ended. Zero when `end` is not after `start`."""
        if end <= start:
            return 0
        h = self._compiled(hours)
        _, k0, us0 = self._local(start, h)
        _, k1, us1 = self._local(end, h)
        return max(0, self._closed_count(k1, us1, h) - self._day_index(k0, us0, h) - 1)

    def working_days_remaining(
        self, now: datetime, due: datetime, hours: OfficeHours = DEFAULT_HOURS
    ) -> int:
        """Working days left until `due`: 0 = due by the close of the current working day,
        1 = by the close of the next, and so on. Once `due` has passed it is minus the number
        of working days that have closed since; 0 while less than one has (check `now > due`
        for the overdue flag)."""
        if now <= due:
            return self.working_days_between(now, due, hours)
        h = self._compiled(hours)
        _, k0, us0 = self._local(due, h)
        _, k1, us1 = self._local(now, h)
        return self._closed_count(k0, us0, h) - self._closed_count(k1, us1, h)

    def year_summary(self, year: int) -> dict:
        if not self.first_year <= year <= self.last_year:
            raise self._missing(year)
        months = dict.fromkeys(range(1, 13), 0)
        days_off: list[str] = []
        working_weekends: list[str] = []
        for month in range(1, 13):
            for day_no in range(1, _stdcalendar.monthrange(year, month)[1] + 1):
                day = date(year, month, day_no)
                working = self.is_working_day(day)
                months[month] += working
                if day.weekday() < 5 and not working:
                    days_off.append(day.isoformat())
                elif day.weekday() >= 5 and working:
                    working_weekends.append(day.isoformat())
        return {
            "year": year,
            "months": {str(m): n for m, n in months.items()},
            "total": sum(months.values()),
            "days_off": days_off,
            "working_weekends": working_weekends,
        }
