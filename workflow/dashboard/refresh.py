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
from workflow.steps import STEPS

ALMATY = ZoneInfo("Asia/Almaty")

# A clock's done_at is the transaction's clock.now(), taken before its commit: a refresh
# resumes this far before the newest copied row so that a slow commit is not skipped.
RESUME_MARGIN = timedelta(hours=1)


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


def stats_refresh(*, full: bool = False) -> dict:
    """Bring the summary tables up to date. ``full`` re-examines every closed clock and final
    transition instead of resuming from the newest copied one (after a data repair)."""
    synced = working_days_sync()
    with transaction.atomic():
        clocks = _insert_select(
            ClockFact,
            CLOCK_FACT_COLUMNS,
            clock_facts_select(since=_resume_from(ClockFact, "done_at", full or synced > 0)),
        )
        outcomes = _insert_select(
            CaseOutcome,
            CASE_OUTCOME_COLUMNS,
            case_outcomes_select(since=_resume_from(CaseOutcome, "closed_at", full)),
        )
    return {"working_days": synced, "clocks": clocks, "outcomes": outcomes}
