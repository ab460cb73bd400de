"""Every table of the dashboards, once: its columns and its rows. The page renders them and
the exports write them, so a figure on screen and in a file cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from landplots.forms import decimal_text
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
    # What is open now, whatever the period: its file is named after the moment, not the period.
    snapshot: bool = False


RATE_COLUMNS = (
    ("n", _("closed clocks")),
    ("on_time", _("on time")),
    ("late", _("late")),
    ("rate", _("on-time rate, %")),
)

BUCKET_TITLES = {
    "overdue": _("Overdue clocks"),
    # "Today" is the working day under way; after hours and on days off, the next one (§5).
    "today": _("Clocks due by the close of the working day (the next one after hours)"),
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
    # Below zero: working days late. A clock can be past due while no working day has closed
    # since (0 left): the page says "0 · overdue", and the next column says it too. The link
    # stays the last column.
    ("working_days", _("working days left")),
    ("overdue", _("overdue")),
    ("url", _("link")),
)

# How the pages write a day, in every language: DD.MM.YYYY, as Russian's short date, the
# filter's help text and the rest of the site write it, and as the filter reads it back.
# Django ships no date formats for Kazakh: its fallback, like its English short date, is the
# American m/d/Y, which the filter would not read.
DAY_FORMAT = "d.m.Y"
DAY_INPUT_FORMAT = "%d.%m.%Y"


def day_text(day: date) -> str:
    """A day as the page writes it (31.12.2026)."""
    return formats.date_format(day, DAY_FORMAT)


def rate_text(rate: float) -> str:
    """An on-time rate with the page language's decimal separator (63,5 in Kazakh and
    Russian, 63.5 in English), as the tables write it."""
    return decimal_text(rate, 1)


def local(dt: datetime | None) -> datetime | None:
    """An instant in Almaty time for the exports, to the minute: a date-time cell in XLSX,
    2026-12-31 18:30 in CSV (machine-readable, sorts as text)."""
    return timezone.localtime(dt).replace(tzinfo=None, second=0, microsecond=0) if dt else None


def clock_rows(clocks: Iterable[dict], now: datetime) -> Iterator[dict]:
    """One row per open clock of a drill-down list, from the narrow rows of
    ``selectors.clocks_in_bucket`` (one page, or the export's stream). Values shared by many
    rows (an instant's local time and working days left, a step's title, a role's label, a
    provider's or body's name) are worked out once per list."""
    link = reverse("admin:landplots_application_change", args=[0]).replace("/0/", "/{}/")
    providers = selectors.provider_names()
    bodies = selectors.body_names()
    owners = {role.value: str(role.label) for role in Role}
    titles = {code: str(step.title) for code, step in BY_CODE.items()}
    remaining: dict[datetime, int] = {}
    shown: dict[datetime, datetime | None] = {}
    for c in clocks:
        due, started = c["due_at"], c["started_at"]
        left = remaining.get(due)
        if left is None:
            left = remaining[due] = working_time.working_days_remaining(now, due)
        for instant in (due, started):
            if instant not in shown:
                shown[instant] = local(instant)
        body = c["approval_request__body_id"]
        yield {
            "clock": c["id"],
            "id": c["application_id"],
            "number": c["application__number"] or str(c["application_id"]),
            "provider": providers.get(c["application__provider_id"], ""),
            "step": c["step"],
            "step_title": titles.get(c["step"], c["step"]),
            "owner": owners.get(c["owner_role"], c["owner_role"]),
            "body": bodies.get(body, "") if body else "",
            "started": shown[started],
            "due": shown[due],
            # the page writes these as the rest of the site does (31.12.2026 18:30)
            "started_at": started,
            "due_at": due,
            "working_days": left,
            # a clock can be past due while no working day has closed since (left == 0)
            "overdue": due < now,
            "url": link.format(c["application_id"]),
        }


def _bucket_table(bucket: str) -> Table:
    def rows(f: Filters, now: datetime):
        return clock_rows(selectors.clocks_in_bucket(f, bucket, now).rows().iterator(2000), now)

    return Table(f"clocks-{bucket}", BUCKET_TITLES[bucket], CLOCK_COLUMNS, rows, snapshot=True)


TABLES: dict[str, Table] = {
    t.key: t
    for t in (
        Table(
            "states",
            _("Cases in progress by stage and state"),
            (("stage", _("stage")), ("label", _("state")), ("n", _("cases"))),
            lambda f, now: selectors.cases_by_state(f),
            snapshot=True,
        ),
        Table(
            "buckets",
            _("Open clocks"),
            (("label", _("clocks")), ("n", _("count"))),
            lambda f, now: [
                {"key": b, "label": BUCKET_TITLES[b], "n": n}
                for b, n in selectors.clock_buckets(f, now).items()
            ],
            snapshot=True,
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
                ("title", _("what")),
                ("limit", _("limit")),
                *RATE_COLUMNS,
                ("median", _("median WD taken")),
                ("p90", _("90th percentile WD taken")),
            ),
            lambda f, now: selectors.stage_compliance(selectors.steps_table(f), f),
        ),
        Table(
            "providers",
            # Its own staff's steps only: not the bodies', the State Corporation's, the
            # applicant's or the stage totals (workflow.steps.PROVIDER_STEP_CODES).
            _("On time per service provider (steps of its own staff, §6)"),
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
                # Now, whenever registered: an old unanswered complaint is a deadline to watch.
                ("open", _("awaiting an answer now")),
                ("open_overdue", _("awaiting now, overdue")),
            ),
            lambda f, now: selectors.complaints_table(f, now),
        ),
    )
}
