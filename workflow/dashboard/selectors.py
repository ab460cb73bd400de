"""Reads of the supervisors' dashboards. Every figure is one aggregate query: over the open
cases and clocks for "now", over the per-day rollups of ``workflow.models.stats`` for a period
(rows per day and group, never per clock). Python only folds the aggregate rows (a few hundred
at most), never cases or clocks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import get_language

from approvals.models import ApprovingBody
from landplots.models import (
    FINAL_STATES,
    STAGE_TWO_STATES,
    Application,
    Complaint,
    Provider,
    State,
)
from workflow import working_time
from workflow.dashboard.refresh import ALMATY
from workflow.models import CaseOutcome, ClockFact, Deadline
from workflow.models.stats import HIST_COLUMNS, HIST_DAYS, ClockDay, ProviderDay, StepDay
from workflow.roles import OVERSIGHT_ROLES
from workflow.selectors import official_of, region_q
from workflow.steps import (
    BY_CODE,
    PROVIDER_STEP_CODES,
    SCORED_STEP_CODES,
    STAGE_ONE,
    STAGE_TWO,
    STEPS,
    Unit,
)

# Cases the service is still working on; drafts are not yet cases and finals show in the
# period's outcomes.
OPEN_STATES = [s for s in State if s != State.DRAFT and s not in FINAL_STATES]
BUCKETS = ("overdue", "today", "next_day")
STEP_CODES = [s.code for s in STEPS]
# Steps with an on-time figure (§6 step 1.11's validity period has none: see workflow.steps).
SCORED_STEPS = [s for s in STEPS if s.code in SCORED_STEP_CODES]


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    region: Provider | None = None
    provider: Provider | None = None
    body: ApprovingBody | None = None
    step: str | None = None
    trend: str = "week"

    @property
    def region_id(self) -> int | None:
        return self.region.pk if self.region is not None else None


def supervisor_scope(user) -> tuple[bool, Provider | None]:
    """(may see the dashboards, the region they are limited to or None for the country).
    Only staff, superusers included: taking is_staff away, the usual Django way to end
    back-office access, closes the pages, the exports and the API alike."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False, None
    if user.is_superuser:
        return True, None
    if not user.has_perm("workflow.view_dashboard"):
        return False, None
    official = official_of(user)
    if official is None:
        return True, None
    if official.role not in OVERSIGHT_ROLES:
        return False, None
    return True, official.region


def regions() -> QuerySet:
    return Provider.objects.filter(parent__isnull=True).order_by("name_ru")


def providers(region: Provider | None) -> QuerySet:
    qs = Provider.objects.order_by("name_ru")
    if region is None:
        return qs
    return qs.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region))


def provider_name(row: dict, prefix: str = "provider__") -> str:
    lang = (get_language() or "kk")[:2]
    return row.get(f"{prefix}name_{lang}") or row.get(f"{prefix}name_ru") or ""


def stage_of(state: str) -> int:
    return 2 if state in STAGE_TWO_STATES or state == State.GRANTED else 1


# --- now -----------------------------------------------------------------------------------


def _case_scope(f: Filters, prefix: str) -> Q:
    q = Q()
    if f.region is not None:
        q &= region_q(f.region, prefix=f"{prefix}provider")
    if f.provider is not None:
        q &= Q(**{f"{prefix}provider_id": f.provider.pk})
    return q


def cases_by_state(f: Filters) -> list[dict]:
    rows = (
        Application.objects.filter(_case_scope(f, ""), state__in=OPEN_STATES)
        .values("state")
        .annotate(n=Count("pk"))
    )
    counts = {r["state"]: r["n"] for r in rows}
    return [
        {"stage": stage_of(s), "state": s.value, "label": s.label, "n": counts.get(s.value, 0)}
        for s in OPEN_STATES
    ]


def bucket_bounds(now: datetime) -> dict[str, tuple[datetime | None, datetime | None]]:
    """(after, up to and including) per bucket: overdue before now; due today by the close of
    the working day now counts on; within one working day by the next one's close (§5, office
    hours by default: a provider with its own hours is bucketed by the statutory ones)."""
    today_close = working_time.add_working_days(now, 0)
    next_close = working_time.add_working_days(now, 1)
    return {
        "overdue": (None, now),
        "today": (now, today_close),
        "next_day": (today_close, next_close),
    }


def _clock_scope(f: Filters) -> Q:
    q = _case_scope(f, "application__")
    if f.body is not None:
        q &= Q(approval_request__body_id=f.body.pk)
    if f.step:
        q &= Q(step=f.step)
    return q


def _bucket_q(bucket: str, bounds) -> Q:
    after, until = bounds[bucket]
    if bucket == "overdue":
        return Q(due_at__lt=until)
    return (
        Q(due_at__gte=after, due_at__lte=until)
        if bucket == "today"
        else Q(due_at__gt=after, due_at__lte=until)
    )


def open_clocks(f: Filters, *, complaints: bool) -> QuerySet:
    """Open clocks of cases in progress, or (``complaints``) of complaints awaiting an answer.
    Two reads, each led by a small indexed set (open cases; registered complaints), rather
    than one OR across joins that would scan every clock ever opened."""
    qs = Deadline.objects.filter(_clock_scope(f), done_at__isnull=True)
    if complaints:
        return qs.filter(complaint__state=Complaint.State.REGISTERED)
    return qs.filter(application__state__in=OPEN_STATES, complaint__isnull=True)


def clock_buckets(f: Filters, now: datetime) -> dict[str, int]:
    bounds = bucket_bounds(now)
    aggregates = {b: Count("pk", filter=_bucket_q(b, bounds)) for b in BUCKETS}
    totals = dict.fromkeys(BUCKETS, 0)
    horizon = bounds["next_day"][1]
    for complaints in (False, True):
        row = (
            open_clocks(f, complaints=complaints)
            .filter(due_at__lte=horizon)
            .aggregate(**aggregates)
        )
        for b in BUCKETS:
            totals[b] += row[b] or 0
    return totals


# The narrow row of a drill-down list: what a line of it shows, nothing more.
CLOCK_LIST_FIELDS = (
    "id",
    "application_id",
    "application__number",
    "application__provider_id",
    "step",
    "owner_role",
    "approval_request__body_id",
    "started_at",
    "due_at",
)


class BucketClocks:
    """The open clocks of one bucket, soonest due first: for the drill-down list's paginator
    (``count()`` and slices) and for its export (``rows()``). Rows are narrow dicts of
    CLOCK_LIST_FIELDS.

    Counting and choosing a page's clocks read only what the covering open-clock index holds
    (ids and due instants), joined to the open cases; the hundred rows of a page are then read
    by id. Each read is a UNION ALL of the two reads of ``open_clocks`` (disjoint: a clock has a
    complaint or not); an OR of the two would make PostgreSQL scan every clock ever opened."""

    def __init__(self, f: Filters, bucket: str, now: datetime):
        q = _bucket_q(bucket, bucket_bounds(now))
        self._reads = [open_clocks(f, complaints=c).filter(q).order_by() for c in (False, True)]

    def _union(self, *fields: str) -> QuerySet:
        cases, complaints = (read.values(*fields) for read in self._reads)
        return cases.union(complaints, all=True).order_by("due_at", "id")

    def count(self) -> int:
        return sum(read.count() for read in self._reads)

    def __getitem__(self, page: slice) -> list[dict]:
        ids = [row["id"] for row in self._union("id", "due_at")[page]]
        by_id = {
            row["id"]: row for row in Deadline.objects.filter(pk__in=ids).values(*CLOCK_LIST_FIELDS)
        }
        return [by_id[i] for i in ids]

    def rows(self) -> QuerySet:
        """Every clock of the bucket in one read (the export streams it)."""
        return self._union(*CLOCK_LIST_FIELDS)


def clocks_in_bucket(f: Filters, bucket: str, now: datetime) -> BucketClocks:
    return BucketClocks(f, bucket, now)


def provider_names() -> dict[int, str]:
    """Every provider's name in the current language (a few hundred rows; cheaper than a
    join per listed clock)."""
    return {
        p.pk: p.display_name for p in Provider.objects.only("pk", "name_kk", "name_ru", "name_en")
    }


def body_names() -> dict[int, str]:
    return {b.pk: str(b) for b in ApprovingBody.objects.only("pk", "name_kk", "name_ru", "name_en")}


# --- a period ------------------------------------------------------------------------------


def _day_rows(model, f: Filters, *, with_clock_filters: bool = True) -> QuerySet:
    qs = model.objects.filter(closed_on__gte=f.date_from, closed_on__lte=f.date_to)
    if f.region is not None:
        qs = qs.filter(region_id=f.region.pk)
    if f.provider is not None:
        qs = qs.filter(provider_id=f.provider.pk)
    if with_clock_filters:
        if f.body is not None:
            qs = qs.filter(body_id=f.body.pk)
        if f.step:
            qs = qs.filter(step=f.step)
    return qs


def _clock_days(f: Filters) -> QuerySet:
    """The narrowest per-day rollup that answers the filters: per step and region for the
    country or a region, per step and provider once a provider is chosen."""
    return _day_rows(ClockDay if f.provider is not None else StepDay, f)


def _provider_days(f: Filters) -> QuerySet:
    """A provider's own staff's steps (PROVIDER_STEP_CODES), with a step or body chosen too:
    a body's late answer, or the State Corporation's, is not the akimat's (an empty table
    for a step or body of another party)."""
    if f.body is not None or f.step:
        return _day_rows(ClockDay, f).filter(step__in=PROVIDER_STEP_CODES)
    return _day_rows(ProviderDay, f, with_clock_filters=False)


def _counts() -> dict:
    return {"n": Sum("n"), "on_time_n": Sum("on_time")}


def _long_clocks(f: Filters) -> dict[str, dict[int, int]]:
    """Exact working days of the clocks longer than the rollups' histogram, per step (a
    partial index holds only those)."""
    qs = ClockFact.objects.filter(
        closed_on__gte=f.date_from, closed_on__lte=f.date_to, working_days_taken__gte=HIST_DAYS
    )
    if f.region is not None:
        qs = qs.filter(region_id=f.region.pk)
    if f.provider is not None:
        qs = qs.filter(provider_id=f.provider.pk)
    if f.body is not None:
        qs = qs.filter(body_id=f.body.pk)
    if f.step:
        qs = qs.filter(step=f.step)
    out: dict[str, dict[int, int]] = {}
    for r in qs.values("step", "working_days_taken").annotate(n=Count("pk")).order_by():
        out.setdefault(r["step"], {})[r["working_days_taken"]] = r["n"]
    return out


def nearest_rank(histogram: dict[int, int], p: float) -> int | None:
    """The p-th percentile by nearest rank: the smallest value with at least ⌈p·N⌉ of the
    observations at or below it (an observed value, never an interpolation)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(p * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None


def _rate(on_time: int, n: int) -> float | None:
    return round(100.0 * on_time / n, 1) if n else None


def limit_text(step) -> str:
    from django.utils.translation import gettext as _

    if step.unit == Unit.MINUTES:
        return _("%(n)s working minutes") % {"n": step.amount}
    if step.unit == Unit.SAME_DAY:
        return _("the same day")
    if step.unit == Unit.STAGE:
        return _("within the stage")
    return _("%(n)s WD") % {"n": step.amount}


def steps_table(f: Filters) -> list[dict]:
    """On-time rate and working days taken (median, 90th percentile) per step of §3."""
    sums = {c: Sum(c) for c in HIST_COLUMNS}
    rows = _clock_days(f).values("step").annotate(**_counts(), **sums).order_by()
    long_clocks = _long_clocks(f)
    per_step: dict[str, dict] = {}
    for r in rows:
        hist = {i: r[c] for i, c in enumerate(HIST_COLUMNS) if r[c]}
        hist.update(long_clocks.get(r["step"], {}))
        per_step[r["step"]] = {"n": r["n"], "on_time": r["on_time_n"], "hist": hist}
    return [step_row(step, **per_step[step.code]) for step in SCORED_STEPS if step.code in per_step]


def step_row(step, n: int = 0, on_time: int = 0, hist: dict[int, int] | None = None) -> dict:
    """A step's row: its limit, closed clocks, on-time rate and working days taken (nearest
    rank over the histogram of days taken); no clock closed gives 0 and no figures."""
    hist = hist or {}
    return {
        "step": step.code,
        "title": step.title,
        "paragraph": step.paragraph,
        "owner": step.owner.label,
        "limit": limit_text(step),
        "limit_days": step.amount if step.unit == Unit.DAYS else None,
        "n": n,
        "on_time": on_time,
        "late": n - on_time,
        "rate": _rate(on_time, n),
        "median": nearest_rank(hist, 0.5),
        "p90": nearest_rank(hist, 0.9),
    }


def stage_compliance(steps: list[dict], f: Filters) -> list[dict]:
    """Annex 2 row 3: stage 1 within 28 WD, stage 2 within 18 WD (from the step rows). Both
    stages have a row, one with no stage closed in the period saying so (0, no rate); with a
    step or body chosen, only the stages among the chosen clocks (none for a body or a step)."""
    by_code = {r["step"]: r for r in steps}
    if f.step or f.body is not None:
        return [by_code[s.code] for s in (STAGE_ONE, STAGE_TWO) if s.code in by_code]
    return [by_code.get(s.code) or step_row(s) for s in (STAGE_ONE, STAGE_TWO)]


def providers_table(f: Filters) -> list[dict]:
    rows = (
        _provider_days(f)
        .values(
            "provider_id",
            "provider__code",
            "provider__name_kk",
            "provider__name_ru",
            "provider__name_en",
        )
        .annotate(**_counts())
        .order_by()
    )
    out = [
        {
            "code": r["provider__code"],
            "name": provider_name(r),
            "n": r["n"],
            "on_time": r["on_time_n"],
            "late": r["n"] - r["on_time_n"],
            "rate": _rate(r["on_time_n"], r["n"]),
        }
        for r in rows
    ]
    # Worst first: that is what a supervisor looks for.
    out.sort(key=lambda r: (r["rate"], -r["n"], r["code"]))
    return out


def bodies_table(f: Filters) -> list[dict]:
    rows = list(
        _clock_days(f)
        .filter(body_id__isnull=False)
        .values("body_id")
        .annotate(**_counts())
        .order_by()
    )
    names = {
        b.pk: (b.code, str(b), b.get_kind_display())
        for b in ApprovingBody.objects.filter(pk__in=[r["body_id"] for r in rows])
    }
    out = [
        {
            "code": names.get(r["body_id"], ("?", "", ""))[0],
            "name": names.get(r["body_id"], ("?", "", ""))[1],
            "kind": names.get(r["body_id"], ("?", "", ""))[2],
            "n": r["n"],
            "on_time": r["on_time_n"],
            "late": r["n"] - r["on_time_n"],
            "rate": _rate(r["on_time_n"], r["n"]),
        }
        for r in rows
    ]
    out.sort(key=lambda r: (r["rate"], -r["n"], r["code"]))
    return out


def trend_periods(f: Filters) -> list[date]:
    """The first day of every week (Monday) or month the period touches, in order."""
    if f.trend == "month":
        first, out = f.date_from.replace(day=1), []
        while first <= f.date_to:
            out.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return out
    monday = f.date_from - timedelta(days=f.date_from.weekday())
    return [monday + timedelta(weeks=i) for i in range((f.date_to - monday).days // 7 + 1)]


def trend(f: Filters) -> list[dict]:
    """Closed clocks and the on-time rate per week or month of the period; a week or month
    with none closed is a row of zeros, so the chart's time axis has no gaps."""
    trunc = TruncMonth if f.trend == "month" else TruncWeek
    rows = (
        _clock_days(f)
        .annotate(bucket=trunc("closed_on"))
        .values("bucket")
        .annotate(**_counts())
        .order_by("bucket")
    )
    found = {
        (r["bucket"].date() if isinstance(r["bucket"], datetime) else r["bucket"]): r for r in rows
    }
    out = []
    for period in trend_periods(f):
        r = found.get(period, {"n": 0, "on_time_n": 0})
        out.append(
            {
                # The first week or month may start before the period: its row says from
                # which day it counts (only clocks closed within the period are counted).
                "period": max(period, f.date_from),
                "n": r["n"],
                "on_time": r["on_time_n"],
                "late": r["n"] - r["on_time_n"],
                "rate": _rate(r["on_time_n"], r["n"]),
            }
        )
    return out


def outcomes_table(f: Filters) -> list[dict]:
    """Cases closed in the period: granted, refused by §9 ground, acts expired (§6 1.11)."""
    from landplots.models import Refusal

    qs = CaseOutcome.objects.filter(closed_on__gte=f.date_from, closed_on__lte=f.date_to)
    if f.region is not None:
        qs = qs.filter(region_id=f.region.pk)
    if f.provider is not None:
        qs = qs.filter(provider_id=f.provider.pk)
    counts = {
        (r["state"], r["ground"]): r["n"]
        for r in qs.values("state", "ground").annotate(n=Count("pk")).order_by()
    }
    # A stable key per row for the API's clients (granted, refused_1..3, act_expired); the
    # label is in the request's language.
    outcomes = [(State.GRANTED.value, State.GRANTED.label, (State.GRANTED.value, None))]
    outcomes += [
        (f"{State.REFUSED.value}_{g.value}", g.label, (State.REFUSED.value, g.value))
        for g in Refusal.Ground
    ]
    outcomes.append(
        (State.ACT_EXPIRED.value, State.ACT_EXPIRED.label, (State.ACT_EXPIRED.value, None))
    )
    return [{"key": k, "outcome": label, "n": counts.get(at, 0)} for k, label, at in outcomes]


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ALMATY)


def complaints_table(f: Filters, now: datetime) -> list[dict]:
    """§10, per addressee: the complaints registered in the period and how they were answered,
    and the complaints awaiting an answer now, overdue or not, whenever they were registered
    (a complaint registered before the period and still unanswered is a deadline to watch).
    A period that ends today also counts the complaints filed after hours, which are
    registered at the next working start (§5)."""
    in_period = Q(registered_at__gte=_local_start(f.date_from))
    if f.date_to < timezone.localdate(now):
        in_period &= Q(registered_at__lt=_local_start(f.date_to + timedelta(days=1)))
    waiting = Q(answered_at__isnull=True)
    answered = Q(answered_at__isnull=False)
    qs = Complaint.objects.filter(_case_scope(f, "application__"), in_period | waiting)
    rows = {
        r["addressee"]: r
        for r in qs.values("addressee")
        .annotate(
            n=Count("pk", filter=in_period),
            answered=Count("pk", filter=in_period & answered),
            answered_on_time=Count(
                "pk", filter=in_period & answered & Q(answered_at__lte=F("due_at"))
            ),
            open=Count("pk", filter=waiting),
            open_overdue=Count("pk", filter=waiting & Q(due_at__lt=now)),
        )
        .order_by()
    }
    out = []
    for addressee in Complaint.Addressee:
        r = rows.get(addressee.value, {})
        out.append(
            {
                "key": addressee.value,
                "addressee": addressee.label,
                "n": r.get("n", 0),
                "answered": r.get("answered", 0),
                "answered_on_time": r.get("answered_on_time", 0),
                "open": r.get("open", 0),
                "open_overdue": r.get("open_overdue", 0),
            }
        )
    return out


def facts_up_to() -> datetime | None:
    """The newest closed clock the summary holds: how current the period figures are."""
    return ClockFact.objects.aggregate(newest=Max("done_at"))["newest"]


def step_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} — {s.title}") for s in SCORED_STEPS]


def step_title(code: str) -> str:
    step = BY_CODE.get(code)
    return step.title if step else code
