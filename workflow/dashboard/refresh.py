"""Keeping the dashboard summary tables current (``workflow.models.stats``).

Each refresh is one ``INSERT ... SELECT`` run in the database: the working days taken by a
clock are counted there by joining the working-day ordinal table on the local (Asia/Almaty)
dates, so no case or clock is loaded into Python. Every statement skips rows already copied,
which makes a refresh safe to run twice or concurrently with a retry.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncTime

from landplots.models import FINAL_STATES, State
from workflow import working_time
from workflow.models import CaseOutcome, ClockFact, Deadline, TransitionLog, WorkingDay
from workflow.models.stats import HIST_COLUMNS, HIST_DAYS, ClockDay, ProviderDay, StepDay
from workflow.steps import PROVIDER_STEP_CODES, SCORED_STEP_CODES, STEPS

ALMATY = ZoneInfo("Asia/Almaty")

# A clock's done_at is the transaction's clock.now(), taken before its commit: a refresh
# resumes this far before the newest copied row so that a slow commit is not skipped.
RESUME_MARGIN = timedelta(hours=1)
# pg_advisory_xact_lock key of the refresh ("dash" in ASCII).
REFRESH_LOCK = 0x64617368


def working_days_sync() -> int:
    """Write the working-day ordinal of every day of the shipped years; returns the number of
    rows written (0 when the table already matches the calendar, the usual case)."""
    cal = working_time.current_calendar()
    wanted: list[WorkingDay] = []
    seen = 0
    day = date(cal.first_year, 1, 1)
    stop = date(cal.last_year + 1, 1, 1)
    while day < stop:
        working = cal.is_working_day(day)
        wanted.append(WorkingDay(date=day, is_working=working, ordinal=seen, closed=seen + working))
        seen += working
        day += timedelta(days=1)
    have = {
        (d, w, o, c)
        for d, w, o, c in WorkingDay.objects.values_list("date", "is_working", "ordinal", "closed")
    }
    if have == {(r.date, r.is_working, r.ordinal, r.closed) for r in wanted}:
        return 0
    with transaction.atomic():
        # A changed holiday shifts every later ordinal: rewriting the small table whole is
        # simpler and as cheap as patching it.
        WorkingDay.objects.all().delete()
        WorkingDay.objects.bulk_create(wanted, batch_size=1000)
    return len(wanted)


def _closed_days(instant: str, local_date: str, local_time: str):
    """Working days that have closed by ``instant`` (SPEC.md §5, as
    WorkingCalendar._closed_count counts them): those before its local date, plus that day
    itself once the provider's office hours have ended."""
    day = WorkingDay.objects.filter(date=OuterRef(local_date))
    return Case(
        When(
            Q(**{f"{local_time}__gte": F("application__provider__office_end")}),
            then=Subquery(day.values("closed")[:1]),
        ),
        default=Subquery(day.values("ordinal")[:1]),
        output_field=IntegerField(),
    )


def region_of(prefix: str):
    """The top of a provider's hierarchy (at most three levels, as workflow.selectors)."""
    return Coalesce(f"{prefix}__parent__parent_id", f"{prefix}__parent_id", f"{prefix}_id")


def clock_facts_select(*, since: datetime | None) -> QuerySet:
    qs = Deadline.objects.filter(done_at__isnull=False)
    if since is not None:
        # Every step code named: lets the (step, done_at) index serve the range.
        qs = qs.filter(step__in=[s.code for s in STEPS], done_at__gte=since)
    qs = qs.exclude(Exists(ClockFact.objects.filter(deadline_id=OuterRef("pk"))))
    qs = qs.annotate(
        s_date=TruncDate("started_at", tzinfo=ALMATY),
        s_time=TruncTime("started_at", tzinfo=ALMATY),
        d_date=TruncDate("done_at", tzinfo=ALMATY),
        d_time=TruncTime("done_at", tzinfo=ALMATY),
    )
    return qs.annotate(
        f_deadline_id=F("pk"),
        f_step=F("step"),
        f_owner_role=F("owner_role"),
        f_provider_id=F("application__provider_id"),
        f_region_id=region_of("application__provider"),
        f_body_id=F("approval_request__body_id"),
        f_started_at=F("started_at"),
        f_due_at=F("due_at"),
        f_done_at=F("done_at"),
        f_closed_on=F("d_date"),
        # working_days_between(start, done): the working days closed by the end, less those
        # closed by the start and less the start's own day (§5: a period starts the day
        # after its event). An instant after hours or on a day off counts on the next
        # working day, which the same count gives.
        f_taken=Greatest(
            _closed_days("done_at", "d_date", "d_time")
            - _closed_days("started_at", "s_date", "s_time")
            - Value(1),
            Value(0),
        ),
        f_on_time=Case(When(done_at__lte=F("due_at"), then=Value(True)), default=Value(False)),
    ).values(
        "f_deadline_id",
        "f_step",
        "f_owner_role",
        "f_provider_id",
        "f_region_id",
        "f_body_id",
        "f_started_at",
        "f_due_at",
        "f_done_at",
        "f_closed_on",
        "f_taken",
        "f_on_time",
    )


CLOCK_FACT_COLUMNS = (
    "deadline_id",
    "step",
    "owner_role",
    "provider_id",
    "region_id",
    "body_id",
    "started_at",
    "due_at",
    "done_at",
    "closed_on",
    "working_days_taken",
    "on_time",
)
CASE_OUTCOME_COLUMNS = (
    "application_id",
    "provider_id",
    "region_id",
    "state",
    "ground",
    "closed_at",
    "closed_on",
)


def case_outcomes_select(*, since: datetime | None) -> QuerySet:
    qs = TransitionLog.objects.filter(target__in=sorted(FINAL_STATES))
    if since is not None:
        qs = qs.filter(at__gte=since)
    qs = qs.exclude(Exists(CaseOutcome.objects.filter(application_id=OuterRef("application_id"))))
    return qs.annotate(
        o_application_id=F("application_id"),
        o_provider_id=F("application__provider_id"),
        o_region_id=region_of("application__provider"),
        o_state=F("target"),
        o_ground=Case(
            When(target=State.REFUSED, then=F("application__refusal__ground")), default=None
        ),
        o_closed_at=F("at"),
        o_closed_on=TruncDate("at", tzinfo=ALMATY),
    ).values(
        "o_application_id",
        "o_provider_id",
        "o_region_id",
        "o_state",
        "o_ground",
        "o_closed_at",
        "o_closed_on",
    )


def _insert_select(model, columns: tuple[str, ...], qs: QuerySet) -> int:
    sql, params = qs.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({cols}) {sql}", params)
        return cursor.rowcount


def _resume_from(model, field: str, full: bool) -> datetime | None:
    if full:
        return None
    newest = model.objects.aggregate(newest=Max(field))["newest"]
    return None if newest is None else newest - RESUME_MARGIN


# (rollup, the ClockFact columns it groups by, whether it keeps the histogram, the steps it
# sums); every rollup also holds n and on_time.
ROLLUPS = (
    (StepDay, ("closed_on", "step", "region_id", "body_id"), True, SCORED_STEP_CODES),
    (
        ClockDay,
        ("closed_on", "step", "provider_id", "region_id", "body_id"),
        True,
        SCORED_STEP_CODES,
    ),
    (ProviderDay, ("closed_on", "provider_id", "region_id"), False, PROVIDER_STEP_CODES),
)


def rollup_select(
    keys: tuple[str, ...], histogram: bool, steps: tuple[str, ...], since_day: date | None
) -> QuerySet:
    qs = ClockFact.objects.filter(step__in=steps)
    if since_day is not None:
        qs = qs.filter(closed_on__gte=since_day)
    aggregates = {
        "r_n": Count("pk"),
        "r_on_time": Count("pk", filter=Q(on_time=True)),
    }
    if histogram:
        # A clock without a count (none is written so today) is taken as 0 days, as the
        # percentiles always took it.
        aggregates["r_d0"] = Count(
            "pk", filter=Q(working_days_taken=0) | Q(working_days_taken__isnull=True)
        )
        for i in range(1, HIST_DAYS):
            aggregates[f"r_d{i}"] = Count("pk", filter=Q(working_days_taken=i))
        aggregates["r_d_more"] = Count("pk", filter=Q(working_days_taken__gte=HIST_DAYS))
    # Written in day order: a period's rows then lie together on disk and a 30-day read
    # touches a few pages instead of one per row.
    return qs.values(*keys).annotate(**aggregates).order_by(*keys)


def rollups_refresh(since_day: date | None) -> int:
    """Rewrite the per-day rollups from ClockFact for the local days from ``since_day`` on
    (every day when None). Runs inside the caller's transaction; returns the rows written."""
    written = 0
    for model, keys, histogram, steps in ROLLUPS:
        stale = model.objects.all()
        if since_day is not None:
            stale = stale.filter(closed_on__gte=since_day)
        stale._raw_delete(stale.db)
        columns = (*keys, "n", "on_time", *((*HIST_COLUMNS, "d_more") if histogram else ()))
        written += _insert_select(model, columns, rollup_select(keys, histogram, steps, since_day))
    return written


def _rollups_stale(since: datetime | None, copied: int) -> tuple[bool, date | None]:
    """(whether the rollups need rewriting, from which local day: None for every day). The
    facts copied from ``since`` on closed on that instant's local day or later; nothing
    copied changes nothing, unless the rollups were never built (a first run)."""
    newest = ProviderDay.objects.aggregate(newest=Max("closed_on"))["newest"]
    if newest is None:
        return ClockFact.objects.exists(), None
    if since is None:
        return True, None
    return copied > 0, min(since.astimezone(ALMATY).date(), newest)


def stats_refresh(*, full: bool = False) -> dict:
    """Bring the summary tables up to date. ``full`` re-examines every closed clock and final
    transition instead of resuming from the newest copied one (after a data repair)."""
    synced = working_days_sync()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two refreshes at once would both rewrite the same days: the second waits.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        since = _resume_from(ClockFact, "done_at", full or synced > 0)
        clocks = _insert_select(ClockFact, CLOCK_FACT_COLUMNS, clock_facts_select(since=since))
        stale, since_day = _rollups_stale(since, clocks)
        rollups = rollups_refresh(since_day) if stale else 0
        outcomes = _insert_select(
            CaseOutcome,
            CASE_OUTCOME_COLUMNS,
            case_outcomes_select(since=_resume_from(CaseOutcome, "closed_at", full)),
        )
    return {"working_days": synced, "clocks": clocks, "outcomes": outcomes, "rollups": rollups}
