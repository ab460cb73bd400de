"""Speed of the working-time calendar (SPEC.md §5): 1,000,000 due instants for random events and
working-day counts, against numpy.busday_offset over the same day-off list, with peak memory.

Run: python bench/calendar.py   (target: at least 300,000 due instants per second on one core)
"""

import sys
from pathlib import Path

# This file shares its name with the standard library's `calendar`, which Django and holidays
# import: keep its folder off the import path and put the project root there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

CALLS = 1_000_000
POOL = 100_000  # distinct random inputs, cycled: the inputs must not dominate memory
MAX_DAYS = 60  # the longest limit of the regulation is 28 WD; leave headroom
SEED = 20250320


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def random_inputs(rng: random.Random) -> tuple[list[datetime], list[int]]:
    # Half the events in UTC as Django stores them and `timezone.now()` returns them, half in
    # Almaty local time as `timezone.localtime()` or a parsed "+05:00" string gives them.
    almaty = ZoneInfo("Asia/Almaty")
    first = datetime(2020, 1, 1, tzinfo=UTC)
    span = int((datetime(2026, 12, 31, tzinfo=UTC) - first).total_seconds())
    events = [
        (first + timedelta(seconds=rng.randrange(span))).astimezone(
            almaty if rng.random() < 0.5 else UTC
        )
        for _ in range(POOL)
    ]
    return events, [rng.randrange(MAX_DAYS + 1) for _ in range(POOL)]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    setup_django()
    from workflow import working_time

    print(f"working-time calendar bench: {CALLS:,} due instants, {pin_one_core()}")
    rng = random.Random(SEED)
    events, days = random_inputs(rng)
    due_instant = working_time.due_instant
    working_time.current_calendar()  # build the day table outside the timing
    due_instant(events[0], 1, "days")

    rounds = CALLS // POOL
    rss_before = rss_mib()
    t0 = time.perf_counter()
    for _ in range(rounds):
        for event, n in zip(events, days, strict=True):
            due_instant(event, n, "days")
    elapsed = time.perf_counter() - t0
    rss_after = rss_mib()
    ours = CALLS / elapsed
    print(f"due_instant(days):    {ours:12,.0f} calls/s  ({elapsed:.2f} s)")

    minute_calls = CALLS // 5
    minutes = [rng.randrange(1, 2 * 480) for _ in range(POOL)]
    t0 = time.perf_counter()
    for _ in range(minute_calls // POOL):
        for event, m in zip(events, minutes, strict=True):
            due_instant(event, m, "minutes")
    minute_rate = minute_calls / (time.perf_counter() - t0)
    print(f"due_instant(minutes): {minute_rate:12,.0f} calls/s  ({minute_calls:,} calls)")

    # numpy over the same day table: every non-working date of the shipped years is a holiday
    # in a seven-day week, so numpy counts exactly the days the calendar counts. numpy gets the
    # event's working day already computed (it knows nothing of hours or zones).
    import numpy as np

    cal = working_time.current_calendar()
    days_off = np.array(
        [
            date.fromordinal(o)
            for o in range(date(cal.first_year, 1, 1).toordinal(), cal.work_ords[-1] + 1)
            if not cal.is_working_day(date.fromordinal(o))
        ],
        dtype="datetime64[D]",
    )
    calendar = np.busdaycalendar(weekmask="1111111", holidays=days_off)
    starts = np.array(
        [working_time.next_working_start(e).date() for e in events], dtype="datetime64[D]"
    )
    offsets = np.array(days)
    t0 = time.perf_counter()
    for _ in range(rounds):
        np_due = np.busday_offset(starts, offsets, roll="forward", busdaycal=calendar)
    np_vector = CALLS / (time.perf_counter() - t0)
    scalar_calls = CALLS // 10
    t0 = time.perf_counter()
    for _ in range(scalar_calls // POOL):
        for start, n in zip(starts.tolist(), days, strict=True):
            np.busday_offset(start, n, roll="forward", busdaycal=calendar)
    np_scalar = scalar_calls / (time.perf_counter() - t0)
    mismatches = sum(
        due_instant(e, n, "days").date() != d
        for e, n, d in zip(events, days, np_due.tolist(), strict=True)
    )
    print(
        f"numpy vectorised:     {np_vector:12,.0f} dates/s   ratio ours/numpy {ours / np_vector:.3f}"
    )
    print(
        f"numpy one call each:  {np_scalar:12,.0f} calls/s   ratio ours/numpy {ours / np_scalar:.2f}"
    )
    print(f"due dates differing from numpy: {mismatches} of {POOL:,}")

    # Memory: peak of Python allocations over 100,000 more calls (results dropped, as callers
    # store them), and the process's maximum resident size around the timed million.
    tracemalloc.start()
    for event, n in zip(events, days, strict=True):
        due_instant(event, n, "days")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory over {POOL:,} calls: {peak / 1024:.1f} KiB")
    print(f"max RSS before/after the timed million: {rss_before:.1f} / {rss_after:.1f} MiB")
    target = 300_000
    print(f"target {target:,} calls/s: {'met' if ours >= target else 'NOT met'}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
