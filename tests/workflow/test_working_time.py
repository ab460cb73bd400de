"""The working-time calendar (SPEC.md §5): the day table, office hours, statutory counting."""

from dataclasses import replace
from datetime import UTC as datetime_UTC
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import working_time
from workflow.models import CalendarException
from workflow.working_time import (
    DEFAULT_HOURS,
    CalendarYearMissing,
    OfficeHours,
    WorkingCalendar,
)
from workflow.working_time.sources import (
    CalendarDataError,
    load_shipped,
    parse_shipped,
    statutory_working_days,
)

ALMATY = ZoneInfo("Asia/Almaty")
UTC = ZoneInfo("UTC")

# The calendar the product computes from the shipped data alone (no database rows).
CAL = WorkingCalendar.build(load_shipped(), ())


def at(y, mo, d, h=0, mi=0, s=0, tz=ALMATY):
    return datetime(y, mo, d, h, mi, s, tzinfo=tz)


def close(y, mo, d):
    return at(y, mo, d, 18, 30)


# Labour ministry's production calendars (working days per month, five-day week) for 2024,
# 2025 and 2026, as published in its yearly calendars and by the press (see
# docs STACK-NOTES "Kazakhstan calendar"): 2024 corrected for Kurban Ait on Sun 16 Jun, 2026
# corrected for no Constitution Day after the 15 March 2026 referendum.
PRODUCTION_CALENDAR = {
    2024: [21, 21, 17, 22, 20, 20, 22, 21, 21, 22, 21, 21],
    2025: [20, 20, 17, 22, 19, 20, 22, 21, 21, 22, 20, 22],
    2026: [19, 20, 18, 22, 17, 22, 22, 21, 22, 21, 21, 22],
}
PRODUCTION_TOTALS = {2024: 249, 2025: 246, 2026: 247}


# --- the day table ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(y, m + 1, n) for y, months in PRODUCTION_CALENDAR.items() for m, n in enumerate(months)],
)
def test_production_calendar_month(year, month, expected):
    """§5: working days per month match the labour ministry's production calendar."""
    assert CAL.year_summary(year)["months"][str(month)] == expected


@pytest.mark.parametrize(("year", "total"), PRODUCTION_TOTALS.items())
def test_production_calendar_total(year, total):
    """§5: the yearly total matches the ministry's balance of working time."""
    assert CAL.year_summary(year)["total"] == total


@pytest.mark.parametrize("year", PRODUCTION_CALENDAR)
def test_holidays_package_alone_matches_production_calendar(year):
    """§5: `holidays` gets Kazakhstan right for 2024–2026, which is why the day table is built
    on it; a package upgrade that breaks this fails here, not in a deadline."""
    flags = statutory_working_days(year, year)
    months = [0] * 12
    for day, working in flags.items():
        months[day.month - 1] += working
    assert months == PRODUCTION_CALENDAR[year]


@pytest.mark.parametrize("entry", load_shipped().entries, ids=lambda e: e.date.isoformat())
def test_shipped_entries_agree_with_holidays_package(entry):
    """§5 transfers: every shipped decree entry for 2020–2026 agrees with `holidays` 0.109;
    the file restates them so a package change cannot move a deadline silently."""
    statutory = statutory_working_days(entry.date.year, entry.date.year)[entry.date]
    assert statutory == (entry.kind == "working_day")


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2024, 5, 4), True, "Saturday worked by the 2024 transfer"),
        (date(2024, 5, 8), False, "Wednesday off by the 2024 transfer"),
        (date(2025, 1, 3), False, "Friday off by the 2025 transfer"),
        (date(2025, 1, 5), True, "Sunday worked by the 2025 transfer"),
        (date(2025, 3, 10), False, "8 March on Saturday moves to Monday"),
        (date(2025, 3, 21), False, "Nauryz"),
        (date(2025, 3, 24), False, "Nauryz day on Saturday moved"),
        (date(2025, 3, 25), False, "Nauryz day on Sunday moved"),
        (date(2025, 3, 26), True, "first working day after Nauryz"),
        (date(2024, 1, 8), True, "7 January on Sunday does not move"),
        (date(2024, 6, 17), True, "Kurban Ait on Sunday 16 June does not move"),
        (date(2025, 6, 6), False, "Kurban Ait 2025"),
        (date(2026, 5, 27), False, "Kurban Ait 2026, pinned in the shipped data"),
        (date(2025, 9, 1), False, "Constitution Day 30 Aug 2025 on Saturday moved"),
        (date(2026, 8, 31), True, "no Constitution Day in 2026"),
        (date(2027, 3, 15), False, "Constitution Day from 2027"),
        (date(2027, 8, 30), True, "30 August no longer a day off in 2027"),
        (date(2020, 5, 11), True, "2020: moved Victory Day rest transferred to 8 May"),
        (date(2020, 5, 8), False, "2020: moved Victory Day rest taken on Friday"),
        (date(2021, 12, 17), False, "Independence Day was two days until 2021"),
        (date(2022, 12, 16), False, "Independence Day"),
    ],
)
def test_is_working_day(day, working, why):
    """§5: Monday–Friday minus days off (moved when on a weekend, religious ones not) plus the
    yearly transfers."""
    assert CAL.is_working_day(day) is working, why


def test_year_summary_lists_weekday_days_off_and_working_weekends():
    """§5: the summary names the 2024 transfer pair."""
    summary = CAL.year_summary(2024)
    assert summary["working_weekends"] == ["2024-05-04"]
    assert "2024-05-08" in summary["days_off"]
    assert "2024-06-17" not in summary["days_off"]
    assert all(date.fromisoformat(d).weekday() < 5 for d in summary["days_off"])


def test_shipped_entry_wins_over_holidays_package():
    """§5: decrees are data; an entry in the shipped file overrides the statutory table."""
    text = """
        [years]
        2025 = { status = "decreed", transfers = "test decree" }
        [[entry]]
        date = 2025-03-24
        kind = "working_day"
        reason = "test: Nauryz moved day worked"
        source = "test decree"
    """
    cal = WorkingCalendar.build(parse_shipped(text), ())
    assert cal.is_working_day(date(2025, 3, 24)) is True
    assert CAL.is_working_day(date(2025, 3, 24)) is False


def test_exception_rows_win_over_shipped_file():
    """§5: an administrator's row (the newest decree) wins over the shipped file."""
    rows = [(date(2024, 5, 8), "working_day"), (date(2024, 5, 6), "day_off")]
    cal = WorkingCalendar.build(load_shipped(), rows)
    assert cal.is_working_day(date(2024, 5, 8)) is True
    assert cal.is_working_day(date(2024, 5, 6)) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[years]\n2024 = {}\n2026 = {}", "contiguous"),
        ('[years]\n2024 = {}\n[[entry]]\ndate = 2025-01-01\nkind = "day_off"', "outside"),
        ('[years]\n2024 = {}\n[[entry]]\ndate = 2024-01-03\nkind = "holiday"', "kind"),
        ('[years]\n2024 = {}\n[[entry]]\ndate = 2024-01-03\nkind = "day_off"', "source"),
        (
            '[years]\n2024 = {}\n[[entry]]\ndate = 2024-01-03\nkind = "day_off"\nreason = "r"\n'
            'source = "s"\n[[entry]]\ndate = 2024-01-03\nkind = "day_off"\nreason = "r"\n'
            'source = "s"',
            "twice",
        ),
    ],
)
def test_malformed_shipped_data_is_refused(text, message):
    """§5: the shipped decree data must name a reason and a source for each day."""
    with pytest.raises(CalendarDataError, match=message):
        parse_shipped(text)


def test_shipped_years_cover_2020_to_2027():
    """§5: data shipped for every year the product supports."""
    shipped = load_shipped()
    assert (shipped.first_year, shipped.last_year) == (2020, 2027)


def test_year_outside_data_is_a_clear_error():
    """§5: a year without data is an error naming the year and what to add, not a guess."""
    with pytest.raises(CalendarYearMissing, match=r"2019.*kz_calendar\.toml") as exc:
        CAL.is_working_day(date(2019, 12, 31))
    assert exc.value.year == 2019
    with pytest.raises(CalendarYearMissing, match="2028"):
        CAL.add_working_days(at(2027, 12, 29, 10), 5)
    with pytest.raises(CalendarYearMissing, match="2031"):
        CAL.year_summary(2031)


# --- office hours and time zones ----------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (at(2025, 3, 22, 10), at(2025, 3, 26, 9)),  # Saturday inside the Nauryz block
        (at(2025, 3, 19, 10, 15), at(2025, 3, 19, 10, 15)),  # inside working time: itself
        (at(2025, 3, 19, 7), at(2025, 3, 19, 9)),  # before opening
        (at(2025, 3, 19, 13, 10), at(2025, 3, 19, 14, 30)),  # lunch break
        (at(2025, 3, 19, 13), at(2025, 3, 19, 14, 30)),  # the break starts at 13:00 sharp
        (at(2025, 3, 19, 18, 30), at(2025, 3, 20, 9)),  # closing time is after hours
        (at(2024, 12, 31, 19), at(2025, 1, 5, 9)),  # year boundary onto a worked Sunday
        (at(2024, 5, 3, 20), at(2024, 5, 4, 9)),  # worked Saturday
    ],
)
def test_received_at(instant, expected):
    """§5: an application after hours, on a weekend or a holiday counts as received at the
    start of the next working day."""
    assert CAL.next_working_start(instant) == expected


def test_received_at_converts_to_the_hours_zone():
    """§5: calendar decisions in Asia/Almaty whatever the zone of the input."""
    result = CAL.next_working_start(at(2025, 3, 19, 5, 15, tz=UTC))
    assert result == at(2025, 3, 19, 10, 15)
    assert result.utcoffset() == timedelta(hours=5)
    assert str(result.tzinfo) == "Asia/Almaty"


def test_almaty_moved_from_utc6_to_utc5_on_2024_03_01():
    """§5: UTC+5 since 2024-03-01; a stale zone database would shift every deadline."""
    assert CAL.add_working_days(at(2024, 2, 28, 10), 1).utcoffset() == timedelta(hours=6)
    assert CAL.add_working_days(at(2024, 2, 28, 10), 2).utcoffset() == timedelta(hours=5)
    # 13:00 UTC on 29 Feb was 19:00 in Almaty (UTC+6): after hours, so the same-day limit
    # ends on Friday 1 March, now at UTC+5.
    due = CAL.add_working_days(at(2024, 2, 29, 13, tz=UTC), 0)
    assert due.isoformat() == "2024-03-01T18:30:00+05:00"


def test_provider_hours_and_zone():
    """§5: a provider may have its own hours (and zone)."""
    early = OfficeHours(start=time(8), end=time(17), break_start=time(12), break_end=time(13))
    assert CAL.add_working_days(at(2025, 3, 19, 17, 30), 0, early) == at(2025, 3, 20, 17)
    no_break = OfficeHours(break_start=None, break_end=None)
    assert CAL.add_working_minutes(at(2025, 3, 19, 12, 50), 15, no_break) == at(2025, 3, 19, 13, 5)
    # Aqtobe kept UTC+5 while Almaty was UTC+6: 17:30 there is 18:30 in Almaty.
    aqtobe = replace(DEFAULT_HOURS, tz="Asia/Aqtobe")
    event = datetime(2023, 6, 1, 17, 30, tzinfo=ZoneInfo("Asia/Aqtobe"))
    assert CAL.add_working_days(event, 0, aqtobe).date() == date(2023, 6, 1)
    assert CAL.add_working_days(event, 0).date() == date(2023, 6, 2)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (OfficeHours(start=time(18), end=time(9)), "start before they end"),
        (OfficeHours(break_start=time(13), break_end=None), "needs both"),
        (OfficeHours(break_start=time(8), break_end=time(10)), "inside office hours"),
        (OfficeHours(start="09:00"), "must be a datetime.time"),
        (OfficeHours(tz="Asia/Nowhere"), "unknown time zone"),
    ],
)
def test_invalid_office_hours_are_refused(hours, message):
    """§5: office hours must be a day span with the break inside it, in a known zone."""
    with pytest.raises(ValueError, match=message):
        CAL.add_working_days(at(2025, 3, 19, 10), 1, hours)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.add_working_days(datetime(2025, 3, 19, 10), 1),
        lambda: CAL.add_working_minutes(datetime(2025, 3, 19, 10), 15),
        lambda: CAL.next_working_start(datetime(2025, 3, 19, 10)),
        lambda: CAL.working_days_between(datetime(2025, 3, 19), datetime(2025, 3, 20)),
    ],
)
def test_naive_datetimes_are_refused(call):
    """§5: calendar decisions need a known zone; a naive instant is refused."""
    with pytest.raises(ValueError, match="naive"):
        call()


# --- counting working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "n", "expected", "case"),
    [
        (at(2025, 3, 20, 17, 5), 28, close(2025, 5, 5), "stage-1 limit across Nauryz and May"),
        (at(2025, 3, 20, 17, 5), 1, close(2025, 3, 26), "Nauryz block"),
        (at(2025, 3, 20, 17, 5), 0, close(2025, 3, 20), "same day"),
        (at(2024, 12, 31, 10), 1, close(2025, 1, 5), "year boundary onto a worked Sunday"),
        (at(2024, 12, 31, 10), 2, close(2025, 1, 6), "year boundary"),
        (at(2025, 3, 7, 10), 1, close(2025, 3, 11), "8 March on Saturday moved to Monday"),
        (at(2024, 5, 3, 12), 1, close(2024, 5, 4), "working Saturday"),
        (at(2024, 5, 8, 11), 0, close(2024, 5, 10), "event on a day off, same day"),
        (at(2024, 5, 8, 11), 1, close(2024, 5, 13), "event on a day off"),
        (at(2025, 3, 19, 19), 0, close(2025, 3, 20), "after hours, same day"),
        (at(2025, 3, 19, 19), 1, close(2025, 3, 26), "after hours"),
        (at(2025, 3, 19, 18, 30), 0, close(2025, 3, 20), "at closing time"),
        (at(2025, 3, 19, 13, 30), 0, close(2025, 3, 19), "lunch break, same day"),
        (at(2025, 3, 19, 13, 30), 1, close(2025, 3, 20), "lunch break"),
        (at(2025, 3, 19, 7), 0, close(2025, 3, 19), "before opening, same day"),
        (at(2025, 3, 22, 10), 1, close(2025, 3, 27), "weekend counts from the next working day"),
        # 2024 has 249 working days (production calendar): from Friday 29 Dec 2023 the 249th
        # is Tuesday 31 Dec 2024 and the 250th the worked Sunday 5 Jan 2025.
        (at(2023, 12, 29, 10), 249, close(2024, 12, 31), "N = 249"),
        (at(2023, 12, 29, 10), 250, close(2025, 1, 5), "N = 250"),
    ],
)
def test_add_working_days(event, n, expected, case):
    """§5: "within N WD" of an event on day D ends when office hours end on the N-th working
    day after D; N = 0 is the end of the day of receipt (the next working day's when the event
    is outside working time)."""
    assert CAL.add_working_days(event, n) == expected, case


def test_negative_limits_are_refused():
    """§5: a time limit is a count of working days or minutes, never negative."""
    with pytest.raises(ValueError, match="zero or more"):
        CAL.add_working_days(at(2025, 3, 19, 10), -1)
    with pytest.raises(ValueError, match="zero or more"):
        CAL.add_working_minutes(at(2025, 3, 19, 10), -1)


@pytest.mark.parametrize(
    ("event", "minutes", "expected", "case"),
    [
        (at(2025, 3, 20, 17, 5), 15, at(2025, 3, 20, 17, 20), "inside hours"),
        (at(2025, 3, 20, 18, 20), 15, at(2025, 3, 26, 9, 5), "over the night and Nauryz"),
        (at(2025, 3, 19, 12, 50), 15, at(2025, 3, 19, 14, 35), "over the lunch break"),
        (at(2025, 3, 19, 12, 45), 15, at(2025, 3, 19, 13), "ends exactly at the break"),
        (at(2025, 3, 19, 13, 30), 15, at(2025, 3, 19, 14, 45), "during the break"),
        (at(2025, 3, 19, 18, 15), 15, at(2025, 3, 19, 18, 30), "ends exactly at closing"),
        (at(2025, 3, 22, 10), 15, at(2025, 3, 26, 9, 15), "on a weekend in the Nauryz block"),
        (at(2025, 3, 22, 10), 0, at(2025, 3, 26, 9), "zero minutes from a day off"),
        (at(2025, 3, 19, 8), 480, at(2025, 3, 19, 18, 30), "a whole working day"),
        (at(2025, 3, 19, 8), 481, at(2025, 3, 20, 9, 1), "a day and a minute"),
        (at(2025, 3, 19, 8), 960, at(2025, 3, 20, 18, 30), "two whole days"),
        (at(2025, 3, 19, 10, 0, 30), 15, at(2025, 3, 19, 10, 15, 30), "seconds are kept"),
        (at(2024, 5, 3, 18, 20), 15, at(2024, 5, 4, 9, 5), "onto a working Saturday"),
    ],
)
def test_add_working_minutes(event, minutes, expected, case):
    """§5: "15 minutes" are minutes of working time, lunch break, nights and days off
    excluded."""
    assert CAL.add_working_minutes(event, minutes) == expected, case


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2025, 3, 20, 17, 5), close(2025, 5, 5), 28),
        (at(2025, 3, 20, 17, 5), at(2025, 5, 5, 18, 29), 27),
        (at(2025, 3, 20, 10), at(2025, 3, 20, 18), 0),
        (at(2025, 3, 20, 10), at(2025, 3, 19, 18), 0),  # end before start
        (at(2025, 3, 22, 10), close(2025, 3, 27), 1),  # weekend start counts from Wednesday
    ],
)
def test_working_days_between(start, end, expected):
    """§5: elapsed working days counted as deadlines count them (from the day after)."""
    assert CAL.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("now", "due", "expected"),
    [
        (at(2025, 3, 19, 10), close(2025, 3, 19), 0),  # due by today's close
        (at(2025, 3, 19, 10), close(2025, 3, 20), 1),
        (at(2025, 3, 20, 10), close(2025, 3, 26), 1),  # the Nauryz block is not counted
        (at(2025, 3, 19, 20), close(2025, 3, 20), 0),  # after hours: tomorrow is "today"
        (at(2025, 3, 20, 10), close(2025, 3, 19), 0),  # overdue by less than a working day
        (at(2025, 3, 20, 19), close(2025, 3, 19), -1),
        (at(2025, 3, 27, 10), close(2025, 3, 19), -2),  # 20 and 26 March have closed
    ],
)
def test_working_days_remaining(now, due, expected):
    """§5: remaining working days for the dashboards, negative once overdue."""
    assert CAL.working_days_remaining(now, due) == expected


# --- properties ---------------------------------------------------------------------------

FIRST = datetime(2020, 1, 1, tzinfo=UTC)
# 300 working days from the last event still fall inside the shipped years.
LAST = datetime(2026, 6, 30, tzinfo=UTC)
events = st.datetimes(
    min_value=FIRST.replace(tzinfo=None),
    max_value=LAST.replace(tzinfo=None),
    timezones=st.just(UTC),
)
HOURS_VARIANTS = [
    DEFAULT_HOURS,
    OfficeHours(start=time(8), end=time(17), break_start=time(12), break_end=time(13)),
    OfficeHours(break_start=None, break_end=None, tz="Asia/Aqtobe"),
]
hours_st = st.sampled_from(HOURS_VARIANTS)
PROPERTY = settings(
    max_examples=300,
    deadline=None,  # the first example of each office-hours value compiles its table
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _inside_working_time(instant, hours, *, closing_included):
    local = instant.astimezone(ZoneInfo(hours.tz))
    spans = [(hours.start, hours.end)]
    if hours.break_start is not None:
        spans = [(hours.start, hours.break_start), (hours.break_end, hours.end)]
    t = local.timetz().replace(tzinfo=None)
    inside = any((s < t <= e) if closing_included else (s <= t < e) for s, e in spans)
    return CAL.is_working_day(local.date()) and inside


@PROPERTY
@given(event=events, n=st.integers(0, 300), hours=hours_st)
def test_due_instant_is_the_close_of_a_working_day(event, n, hours):
    """§5: a period counted in days ends when office hours end on a working day."""
    due = CAL.add_working_days(event, n, hours)
    assert due.timetz().replace(tzinfo=None) == hours.end
    assert _inside_working_time(due, hours, closing_included=True)
    assert due > event


@PROPERTY
@given(event=events, n=st.integers(0, 300), hours=hours_st)
def test_due_instant_never_moves_backwards(event, n, hours):
    """§5: one more working day never gives an earlier due instant."""
    assert CAL.add_working_days(event, n + 1, hours) > CAL.add_working_days(event, n, hours)


@PROPERTY
@given(event=events, n=st.integers(0, 300), hours=hours_st)
def test_elapsed_working_days_to_due_equal_n(event, n, hours):
    """§5: the working days elapsed between an event and its N-day due instant are N."""
    due = CAL.add_working_days(event, n, hours)
    assert CAL.working_days_between(event, due, hours) == n
    assert CAL.working_days_between(event, due - timedelta(microseconds=1), hours) == max(0, n - 1)


DAYS_OFF = [
    date.fromordinal(o).isoformat()
    for o in range(date(2020, 1, 1).toordinal(), date(2028, 1, 1).toordinal())
    if not CAL.is_working_day(date.fromordinal(o))
]


@PROPERTY
@given(event=events, n=st.integers(0, 300))
def test_due_date_agrees_with_numpy_busday_offset(event, n):
    """§5 counting checked against an independent implementation over the same day table."""
    start = CAL.next_working_start(event)
    expected = np.busday_offset(
        start.date().isoformat(), n, roll="forward", weekmask="1111111", holidays=DAYS_OFF
    )
    assert CAL.add_working_days(event, n).date() == expected.astype(object)


@PROPERTY
@given(event=events, minutes=st.integers(0, 3000), hours=hours_st)
def test_working_minutes_match_a_minute_by_minute_walk(event, minutes, hours):
    """§5: working minutes skip nights, breaks and days off; checked against a slow walk."""
    due = CAL.add_working_minutes(event, minutes, hours)
    assert _inside_working_time(due, hours, closing_included=minutes > 0) or minutes == 0
    # Walk from the start of working time one span at a time and count the working time.
    cursor = CAL.next_working_start(event, hours)
    tz = ZoneInfo(hours.tz)
    spent = timedelta()
    local = cursor.astimezone(tz)
    day = local.date()
    spans = [(hours.start, hours.end)]
    if hours.break_start is not None:
        spans = [(hours.start, hours.break_start), (hours.break_end, hours.end)]
    target = due.astimezone(tz)
    while day <= target.date():
        if CAL.is_working_day(day):
            for s, e in spans:
                lo = max(datetime.combine(day, s, tz), local)
                hi = min(datetime.combine(day, e, tz), target)
                if hi > lo:
                    spent += hi - lo
        day += timedelta(days=1)
    assert spent == timedelta(minutes=minutes)


@PROPERTY
@given(event=events, minutes=st.integers(0, 3000))
def test_working_minutes_never_move_backwards(event, minutes):
    """§5: one more working minute never gives an earlier due instant."""
    assert CAL.add_working_minutes(event, minutes + 1) > CAL.add_working_minutes(event, minutes)


@PROPERTY
@given(event=events)
def test_received_instant_is_in_working_time_and_not_earlier(event):
    """§5: the receipt instant lies in working time, never before the submission."""
    received = CAL.next_working_start(event)
    assert received >= event
    assert _inside_working_time(received, DEFAULT_HOURS, closing_included=False)


# --- the process-wide calendar and the database -------------------------------------------


@pytest.fixture
def fresh_calendar():
    working_time.invalidate()
    yield
    working_time.invalidate()


@pytest.mark.django_db
def test_public_functions_use_the_shipped_calendar(fresh_calendar):
    """§5: the public API answers as the shipped calendar does."""
    assert working_time.is_working_day(date(2025, 1, 5)) is True
    assert working_time.received_at(at(2025, 3, 22, 10)) == at(2025, 3, 26, 9)
    assert working_time.next_working_start(at(2025, 3, 19, 13, 10)) == at(2025, 3, 19, 14, 30)
    assert working_time.add_working_days(at(2025, 3, 20, 17, 5), 28) == close(2025, 5, 5)
    assert working_time.add_working_minutes(at(2025, 3, 20, 17, 5), 15) == at(2025, 3, 20, 17, 20)
    assert working_time.working_days_between(at(2025, 3, 20, 17, 5), close(2025, 5, 5)) == 28
    assert working_time.working_days_remaining(at(2025, 3, 20, 10), close(2025, 3, 26)) == 1
    assert working_time.year_summary(2025)["total"] == 246


@pytest.mark.django_db
def test_the_day_table_is_built_once(fresh_calendar):
    """The day table is built once per process and rebuilt after invalidate()."""
    first = working_time.current_calendar()
    assert working_time.current_calendar() is first
    working_time.invalidate()
    assert working_time.current_calendar() is not first


@pytest.mark.django_db
def test_calendar_exception_row_wins_and_takes_effect_at_once(fresh_calendar):
    """§5: a decree an administrator records as a CalendarException row changes deadlines
    without a release; the row wins over the shipped file."""
    event = at(2025, 12, 29, 10)
    # given the shipped calendar: 30 Dec is a working day
    assert working_time.add_working_days(event, 1) == close(2025, 12, 30)
    # when a decree makes 30 Dec a day off and Sun 4 Jan 2026 a working day
    CalendarException.objects.create(
        date=date(2025, 12, 30), kind="day_off", reason="transfer", source_document="decree"
    )
    CalendarException.objects.create(
        date=date(2026, 1, 4), kind="working_day", reason="transfer", source_document="decree"
    )
    # then the next deadline follows it
    assert working_time.is_working_day(date(2025, 12, 30)) is False
    assert working_time.add_working_days(event, 1) == close(2025, 12, 31)
    assert working_time.add_working_days(event, 2) == close(2026, 1, 4)
    # and deleting the row restores the shipped day
    CalendarException.objects.get(date=date(2025, 12, 30)).delete()
    assert working_time.is_working_day(date(2025, 12, 30)) is True


@pytest.mark.django_db
def test_rows_saved_elsewhere_are_picked_up_after_the_recheck_delay(fresh_calendar, monkeypatch):
    """§5: a row saved by another process (no invalidate() here) reaches this one."""
    assert working_time.is_working_day(date(2025, 12, 30)) is True
    CalendarException.objects.bulk_create(  # bulk_create skips save(): as another process
        [
            CalendarException(
                date=date(2025, 12, 30), kind="day_off", reason="r", source_document="s"
            )
        ]
    )
    assert working_time.is_working_day(date(2025, 12, 30)) is True
    monkeypatch.setattr(working_time, "RECHECK_SECONDS", 0.0)
    assert working_time.is_working_day(date(2025, 12, 30)) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (15, "minutes", at(2025, 3, 20, 17, 20)),
        (28, "days", close(2025, 5, 5)),
        (0, "same_day", close(2025, 3, 20)),
        (0, "days", close(2025, 3, 20)),
    ],
)
def test_due_instant(fresh_calendar, amount, unit, expected):
    """§6 step table units: minutes (steps 1.1, 2.5), days, the same day (step 1.3)."""
    assert working_time.due_instant(at(2025, 3, 20, 17, 5), amount, unit) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "unit"), [(1, "same_day"), (1, "hours"), (-1, "days")])
def test_due_instant_refuses_bad_limits(fresh_calendar, amount, unit):
    """§6: a time limit is minutes, working days or the same day."""
    with pytest.raises(ValueError, match=r"same-day|unit|zero or more"):
        working_time.due_instant(at(2025, 3, 20, 17, 5), amount, unit)


@PROPERTY
@given(event=events, n=st.integers(0, 300), hours=hours_st)
def test_utc_inputs_count_as_their_local_time(event, n, hours):
    """§5: calendar decisions in the provider's local time, whatever zone the instant is in
    (UTC as Django stores it takes a faster path that must agree)."""
    as_django_utc = event.astimezone(datetime_UTC)
    as_local = event.astimezone(ZoneInfo(hours.tz))
    assert CAL.add_working_days(as_django_utc, n, hours) == CAL.add_working_days(as_local, n, hours)


@pytest.mark.parametrize(
    ("utc_instant", "expected"),
    [
        # 17:59:59 UTC on 29 Feb 2024 was 23:59:59 at UTC+6; one second later the clocks read
        # 23:00:00 on the same day at UTC+5, still 29 February: both count on that day.
        ("2024-02-29T17:59:59+00:00", "2024-03-01T18:30:00+05:00"),
        ("2024-02-29T18:00:00+00:00", "2024-03-01T18:30:00+05:00"),
        ("2024-02-29T12:29:59+00:00", "2024-02-29T18:30:00+06:00"),  # 18:29:59 at UTC+6
        ("2024-02-29T12:30:00+00:00", "2024-03-01T18:30:00+05:00"),  # 18:30 at UTC+6: closed
        ("2024-03-01T13:29:59+00:00", "2024-03-01T18:30:00+05:00"),  # 18:29:59 at UTC+5
        ("2024-03-01T13:30:00+00:00", "2024-03-04T18:30:00+05:00"),
    ],
)
def test_utc_instants_around_the_2024_offset_change(utc_instant, expected):
    """§5: the same-day limit of an instant given in UTC, across Almaty's move to UTC+5."""
    event = datetime.fromisoformat(utc_instant).astimezone(datetime_UTC)
    assert CAL.add_working_days(event, 0).isoformat() == expected
