"""Where the working-day calendar comes from: the statutory days off (`holidays`), the shipped
decree file, and the administrator's CalendarException rows (SPEC.md §5)."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent / "data" / "kz_calendar.toml"

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
KINDS = (DAY_OFF, WORKING_DAY)


class CalendarDataError(ValueError):
    """The shipped decree file is malformed; raised at load so a bad edit cannot ship."""


@dataclass(frozen=True)
class Entry:
    date: date
    kind: str
    reason: str
    source: str


@dataclass(frozen=True)
class ShippedData:
    years: dict[int, dict[str, str]]
    entries: tuple[Entry, ...]

    @property
    def first_year(self) -> int:
        return min(self.years)

    @property
    def last_year(self) -> int:
        return max(self.years)


def parse_shipped(text: str) -> ShippedData:
    raw = tomllib.loads(text)
    try:
        years = {int(year): dict(info) for year, info in raw["years"].items()}
    except (KeyError, ValueError, TypeError) as exc:
        raise CalendarDataError(f"[years] table missing or malformed: {exc}") from exc
    if not years:
        raise CalendarDataError("[years] lists no year")
    # A gap would make a deadline jump silently over an unsupported year.
    expected = set(range(min(years), max(years) + 1))
    if set(years) != expected:
        raise CalendarDataError(
            f"[years] must be contiguous; missing {sorted(expected - years.keys())}"
        )
    entries: list[Entry] = []
    seen: set[date] = set()
    for item in raw.get("entry", []):
        day = item.get("date")
        if not isinstance(day, date):
            raise CalendarDataError(f"entry without a valid date: {item!r}")
        if day.year not in years:
            raise CalendarDataError(f"entry {day} lies outside the listed years")
        if item.get("kind") not in KINDS:
            raise CalendarDataError(f"entry {day}: kind must be one of {KINDS}")
        if not item.get("reason") or not item.get("source"):
            raise CalendarDataError(f"entry {day}: reason and source document are required")
        if day in seen:
            raise CalendarDataError(f"entry {day} appears twice")
        seen.add(day)
        entries.append(Entry(day, item["kind"], item["reason"], item["source"]))
    return ShippedData(years=years, entries=tuple(entries))


@cache
def load_shipped() -> ShippedData:
    return parse_shipped(DATA_FILE.read_text(encoding="utf-8"))


def statutory_working_days(first_year: int, last_year: int) -> dict[date, bool]:
    """Working-day flag of every date from `holidays` alone (weekends, public days off with the
    weekend rule, religious days not moved, the transfers the package knows)."""
    kz = holidays.country_holidays("KZ", years=range(first_year, last_year + 1))
    # The package keeps worked weekend days of every year in one set (2013 included).
    worked_weekends = {d for d in kz.weekend_workdays if first_year <= d.year <= last_year}
    flags: dict[date, bool] = {}
    day = date(first_year, 1, 1)
    stop = date(last_year + 1, 1, 1)
    while day < stop:
        flags[day] = (day.weekday() < 5 and day not in kz) or day in worked_weekends
        day += timedelta(days=1)
    return flags


def load_exception_rows() -> tuple[tuple[date, str], ...]:
    """CalendarException rows as (date, kind), or nothing while the table cannot be read.

    Lazy on purpose: the calendar is imported by code that runs before migrations (and by the
    bench without a database); a missing table must not break it.
    """
    from django.apps import apps

    if not apps.ready:
        return ()
    from django.db import DatabaseError, transaction

    try:
        from workflow.models import CalendarException
    except ImportError:
        return ()
    try:
        # A savepoint keeps a failed read (table not migrated yet) from poisoning the caller's
        # PostgreSQL transaction.
        with transaction.atomic():
            return tuple(CalendarException.objects.order_by("date").values_list("date", "kind"))
    except DatabaseError:
        logger.warning("CalendarException table unreadable; using shipped calendar data only")
        return ()
