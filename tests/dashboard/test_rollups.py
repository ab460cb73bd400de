"""The period figures read per-day rollups; these tests hold them to a direct count.

Closed clocks of every length (some far beyond the rollups' 30-day histogram) are laid down
with a fixed seed; the refresh copies them in two runs, as the five-minute task does; then
every table of the page, under every filter, must equal what the calendar itself says of the
same clocks, counted one by one here.
"""

import math
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from approvals.models import ApprovalRequest
from landplots.models import Provider, State
from tests.factories import ApplicationFactory, ProviderFactory
from workflow import working_time
from workflow.dashboard import selectors
from workflow.dashboard.refresh import stats_refresh
from workflow.dashboard.selectors import Filters
from workflow.models import Deadline
from workflow.models.stats import HIST_DAYS, ClockDay, ProviderDay, StepDay
from workflow.steps import PROVIDER_STEP_CODES

ALMATY = ZoneInfo("Asia/Almaty")
PERIOD = (date(2025, 5, 1), date(2025, 6, 30))
STEPS = ("1.2", "1.4", "1.5a", "1.5b", "1.6")


def _closed_clocks(world, rng, count, first_day, days, hour):
    """``count`` closed clocks over both providers, closed within ``days`` days from
    ``first_day``, each in the eight hours from ``hour`` local time, and taking 0 to about 60 working days; approval steps carry their body."""
    apps = [
        ApplicationFactory(applicant=world.applicant, provider=p, state=State.IN_APPROVAL)
        for p in (world.provider, world.other_provider)
        for _ in range(3)
    ]
    requests = {}
    for app in apps:
        for body in (world.state_body, world.utility):
            requests[app.pk, body.pk] = ApprovalRequest.objects.create(
                application=app,
                body=body,
                sent_at=datetime(2025, 3, 3, 10, tzinfo=ALMATY),
                due_at=datetime(2025, 3, 19, 18, 30, tzinfo=ALMATY),
            )
    made = []
    for _ in range(count):
        app = rng.choice(apps)
        step = rng.choice(STEPS)
        done = datetime.combine(first_day, time(hour), ALMATY) + timedelta(
            days=rng.randrange(days), minutes=rng.randrange(0, 8 * 60, 10)
        )
        # Mostly short clocks, one in five far longer than the histogram holds.
        span = rng.randrange(30, 90) if rng.random() < 0.2 else rng.randrange(0, 20)
        started = done - timedelta(days=span, minutes=rng.randrange(0, 600, 20))
        due = started + timedelta(days=rng.randrange(0, 20))
        body = {"1.5a": world.state_body, "1.5b": world.utility}.get(step)
        made.append(
            Deadline.objects.create(
                application=app,
                step=step,
                owner_role="clerk",
                started_at=started,
                due_at=due,
                done_at=done,
                approval_request=requests[app.pk, body.pk] if body else None,
            )
        )
    return made


def _nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered))) - 1]


class Direct:
    """The figures counted clock by clock with the calendar (the oracle)."""

    def __init__(self, clocks, regions):
        self.rows = []
        for d in clocks:
            provider = d.application.provider
            self.rows.append(
                {
                    "step": d.step,
                    "provider": provider.code,
                    "region": regions[provider.pk],
                    "body": d.approval_request.body_id if d.approval_request_id else None,
                    "closed_on": d.done_at.astimezone(ALMATY).date(),
                    "days": working_time.working_days_between(
                        d.started_at, d.done_at, provider.office_hours
                    ),
                    "on_time": d.done_at <= d.due_at,
                }
            )

    def matching(self, f: Filters):
        for r in self.rows:
            if not f.date_from <= r["closed_on"] <= f.date_to:
                continue
            if f.region is not None and r["region"] != f.region.pk:
                continue
            if f.provider is not None and r["provider"] != f.provider.code:
                continue
            if f.body is not None and r["body"] != f.body.pk:
                continue
            if f.step and r["step"] != f.step:
                continue
            yield r

    def grouped(self, f: Filters, key):
        out = {}
        for r in self.matching(f):
            if key(r) is not None:
                out.setdefault(key(r), []).append(r)
        return out

    def steps(self, f):
        return {
            step: (
                len(rs),
                sum(r["on_time"] for r in rs),
                _nearest_rank([r["days"] for r in rs], 0.5),
                _nearest_rank([r["days"] for r in rs], 0.9),
            )
            for step, rs in self.grouped(f, lambda r: r["step"]).items()
        }

    def provider_rates(self, f):
        """A provider answers for its own steps (§6 steps of its staff), whatever step or body
        is chosen."""
        return self.rates(f, lambda r: r["provider"] if r["step"] in PROVIDER_STEP_CODES else None)

    def rates(self, f, key):
        return {
            k: (len(rs), sum(r["on_time"] for r in rs)) for k, rs in self.grouped(f, key).items()
        }


@pytest.fixture
def laid_down(world, workdays):
    region_a = ProviderFactory(code="REG-A", level=Provider.Level.REGION)
    region_b = ProviderFactory(code="REG-B", level=Provider.Level.REGION)
    Provider.objects.filter(pk=world.provider.pk).update(parent=region_a)
    Provider.objects.filter(pk=world.other_provider.pk).update(parent=region_b)
    regions = {world.provider.pk: region_a.pk, world.other_provider.pk: region_b.pk}
    rng = random.Random(20250601)
    # Closed in office hours from 20 April to 3 June (the last by 16:00).
    first = _closed_clocks(world, rng, 180, date(2025, 4, 20), 45, hour=8)
    stats_refresh()
    # A second batch closed later, from 17:00 on 3 June (some after hours, some past local
    # midnight), copied by the next periodic run on top of the first: it rewrites a day the
    # first run had summed.
    second = _closed_clocks(world, rng, 120, date(2025, 6, 3), 28, hour=17)
    stats_refresh()
    clocks = Deadline.objects.select_related("application__provider").filter(
        pk__in=[d.pk for d in first + second]
    )
    return Direct(clocks, regions), region_a, region_b


def _filters(world, region_a, region_b):
    yield {}
    yield {"region": region_a}
    yield {"region": region_b}
    yield {"provider": world.provider}
    yield {"provider": world.other_provider, "step": "1.5b"}
    yield {"body": world.state_body}
    yield {"body": world.utility, "region": region_b}
    for step in STEPS:
        yield {"step": step}


def test_the_data_set_reaches_past_the_histogram(laid_down):
    direct, _, _ = laid_down
    f = Filters(*PERIOD)
    days = [r["days"] for r in direct.matching(f)]
    # the oracle's clocks include some longer than the rollups count exactly
    assert len(days) > 150
    assert sum(d >= HIST_DAYS for d in days) >= 10
    # and the rollups hold those in their overflow column, as many as the oracle has
    overflow = sum(r.d_more for r in StepDay.objects.filter(closed_on__range=PERIOD))
    assert overflow == sum(d >= HIST_DAYS for d in days)


def test_step_figures_equal_a_direct_count_under_every_filter(world, laid_down):
    direct, region_a, region_b = laid_down
    for extra in _filters(world, region_a, region_b):
        f = Filters(*PERIOD, **extra)
        got = {
            r["step"]: (r["n"], r["on_time"], r["median"], r["p90"])
            for r in selectors.steps_table(f)
        }
        assert got == direct.steps(f), extra


def test_provider_and_body_rates_equal_a_direct_count_under_every_filter(world, laid_down):
    direct, region_a, region_b = laid_down
    codes = {world.state_body.pk: world.state_body.code, world.utility.pk: world.utility.code}
    for extra in _filters(world, region_a, region_b):
        f = Filters(*PERIOD, **extra)
        providers = {r["code"]: (r["n"], r["on_time"]) for r in selectors.providers_table(f)}
        assert providers == direct.provider_rates(f), extra
        bodies = {r["code"]: (r["n"], r["on_time"]) for r in selectors.bodies_table(f)}
        expected = direct.rates(f, lambda r: codes.get(r["body"]))
        assert bodies == expected, extra


def test_a_period_ending_mid_month_counts_only_its_days(world, laid_down):
    # §3 periods are local days: a clock closed at 23:30 in Almaty belongs to that day
    direct, _, _ = laid_down
    f = Filters(date(2025, 5, 17), date(2025, 6, 3))
    got = {
        r["step"]: (r["n"], r["on_time"], r["median"], r["p90"]) for r in selectors.steps_table(f)
    }
    assert got == direct.steps(f)
    assert sum(n for n, *_ in got.values()) > 0


def test_incremental_runs_leave_the_rollups_a_full_rebuild_would_write(laid_down):
    def snapshot():
        return {
            model.__name__: sorted(
                tuple(v for k, v in row.items() if k != "id") for row in model.objects.values()
            )
            for model in (StepDay, ClockDay, ProviderDay)
        }

    # given the rollups the two periodic runs left
    incremental = snapshot()
    # when the whole history is rewritten from the facts
    stats_refresh(full=True)
    from workflow.dashboard.refresh import rollups_refresh

    rollups_refresh(None)
    # then every row is the same
    assert snapshot() == incremental
