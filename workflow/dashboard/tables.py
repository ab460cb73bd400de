"""Every table of the dashboards, once: its columns and its rows. The page renders them and
the exports write them, so a figure on screen and in a file cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow import working_time
from workflow.dashboard import selectors
from workflow.dashboard.selectors import Filters
from workflow.roles import Role
from workflow.steps import BY_CODE


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (row key, heading)
    rows: Callable[[Filters, datetime], Iterable[dict]]


RATE_COLUMNS = (
    ("n", _("closed clocks")),
    ("on_time", _("on time")),
    ("late", _("late")),
    ("rate", _("on-time rate, %")),
)

BUCKET_TITLES = {
    "overdue": _("Overdue clocks"),
    "today": _("Clocks due today"),
    "next_day": _("Clocks due within one working day"),
}

CLOCK_COLUMNS = (
    ("number", _("case")),
    ("provider", _("service provider")),
    ("step", _("step")),
    ("step_title", _("what")),
    ("owner", _("responsible role")),
    ("body", _("approving body")),
    ("started", _("started")),
    ("due", _("due")),
    ("working_days", _("working days left (negative: overdue)")),
    ("url", _("link")),
)


def local(dt: datetime | None) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def clock_rows(deadlines, now: datetime) -> Iterable[dict]:
    """One row per open clock of a drill-down list (the queryset is already one page, or the
    export's stream). Values shared by many rows (a due instant's working days left, a
    provider's name, the admin link's pattern) are worked out once per list."""
    link = reverse("admin:landplots_application_change", args=[0]).replace("/0/", "/{}/")
    remaining: dict[datetime, int] = {}
    providers: dict[int, str] = {}
    for d in deadlines:
        app = d.application
        step = BY_CODE.get(d.step)
        body = d.approval_request.body if d.approval_request_id else None
        left = remaining.get(d.due_at)
        if left is None:
            left = remaining[d.due_at] = working_time.working_days_remaining(now, d.due_at)
        provider = providers.get(app.provider_id)
        if provider is None:
            provider = providers[app.provider_id] = app.provider.display_name
        yield {
            "id": app.pk,
            "number": app.number or str(app.pk),
            "provider": provider,
            "step": d.step,
            "step_title": step.title if step else d.step,
            "owner": Role(d.owner_role).label if d.owner_role in Role.values else d.owner_role,
            "body": str(body) if body else "",
            "started": local(d.started_at),
            "due": local(d.due_at),
            "working_days": left,
            "url": link.format(app.pk),
        }


def _bucket_table(bucket: str) -> Table:
    def rows(f: Filters, now: datetime):
        return clock_rows(selectors.clocks_in_bucket(f, bucket, now).iterator(2000), now)

    return Table(f"clocks-{bucket}", BUCKET_TITLES[bucket], CLOCK_COLUMNS, rows)


TABLES: dict[str, Table] = {
    t.key: t
    for t in (
        Table(
            "states",
            _("Cases in progress by stage and state"),
            (("stage", _("stage")), ("label", _("state")), ("n", _("cases"))),
            lambda f, now: selectors.cases_by_state(f),
        ),
        Table(
            "buckets",
            _("Open clocks"),
            (("label", _("clocks")), ("n", _("number"))),
            lambda f, now: [
                {"key": b, "label": BUCKET_TITLES[b], "n": n}
                for b, n in selectors.clock_buckets(f, now).items()
            ],
        ),
        _bucket_table("overdue"),
        _bucket_table("today"),
        _bucket_table("next_day"),
        Table(
            "steps",
            _("On time and working days taken per step"),
            (
                ("step", _("step")),
                ("title", _("what")),
                ("owner", _("responsible role")),
                ("limit", _("limit")),
                *RATE_COLUMNS,
                ("median", _("median WD taken")),
                ("p90", _("90th percentile WD taken")),
            ),
            lambda f, now: selectors.steps_table(f),
        ),
        Table(
            "stages",
            _("Stage compliance (Annex 2 row 3: 28 WD and 18 WD)"),
            (
                ("step", _("stage")),
                ("limit", _("limit")),
                *RATE_COLUMNS,
                ("median", _("median WD taken")),
                ("p90", _("90th percentile WD taken")),
            ),
            lambda f, now: selectors.stage_compliance(selectors.steps_table(f)),
        ),
        Table(
            "providers",
            _("On time per service provider"),
            (("code", _("code")), ("name", _("service provider")), *RATE_COLUMNS),
            lambda f, now: selectors.providers_table(f),
        ),
        Table(
            "bodies",
            _("On time per approving body (§6 step 1.5)"),
            (
                ("code", _("code")),
                ("name", _("approving body")),
                ("kind", _("kind")),
                *RATE_COLUMNS,
            ),
            lambda f, now: selectors.bodies_table(f),
        ),
        Table(
            "trend",
            _("Trend"),
            (("period", _("period starting")), *RATE_COLUMNS),
            lambda f, now: selectors.trend(f),
        ),
        Table(
            "outcomes",
            _("Cases closed: granted, refused by §9 ground, acts expired"),
            (("outcome", _("outcome")), ("n", _("cases"))),
            lambda f, now: selectors.outcomes_table(f),
        ),
        Table(
            "complaints",
            _("Complaints (§10: 5 WD to the provider's head, 15 WD to quality control)"),
            (
                ("addressee", _("addressed to")),
                ("n", _("registered")),
                ("answered", _("answered")),
                ("answered_on_time", _("answered on time")),
                ("open", _("awaiting an answer")),
                ("open_overdue", _("awaiting, overdue")),
            ),
            lambda f, now: selectors.complaints_table(f, now),
        ),
    )
}
