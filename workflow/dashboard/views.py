"""The supervisors' dashboard pages and exports: thin views over the selectors."""

from datetime import date

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workflow import clock
from workflow.dashboard import charts, selectors
from workflow.dashboard.exports import csv_response, xlsx_response
from workflow.dashboard.forms import DashboardFilterForm
from workflow.dashboard.tables import BUCKET_TITLES, TABLES, clock_rows, day_text, rate_text

LIST_PAGE_SIZE = 100
# Long tables show their worst rows on the page; the export carries every row.
PAGE_TABLE_ROWS = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _supervisor(request):
    """The region the supervisor is limited to (None: the whole country); anonymous users go
    to the admin login, other users get 403."""
    if not request.user.is_authenticated:
        raise _LoginRequired
    allowed, region = selectors.supervisor_scope(request.user)
    if not allowed:
        raise PermissionDenied
    return region


class _LoginRequired(Exception):
    pass


def supervisor_view(view):
    def wrapped(request, *args, **kwargs):
        try:
            region = _supervisor(request)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        except PermissionDenied:
            return render(
                request,
                "backoffice/error.html",
                {
                    "title": _("Deadline dashboard"),
                    "message": _("Only supervisors see the deadline dashboards."),
                    "back_url": reverse("admin:index") if request.user.is_staff else "/",
                    "back_label": _("Back"),
                },
                status=403,
            )
        return view(request, region, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    # The dashboards only read: a POST is 405, not a page answered as if it were a GET.
    return require_safe(wrapped)


def _base_context(request, form, region):
    return {
        "title": _("Deadline dashboard"),
        "site_header": _("Land plots for construction"),
        "form": form,
        "scope_region": region,
        "has_permission": True,
        "query": _query_without_page(request),
    }


def _cells(request, key: str, rows: list[dict]) -> list[dict]:
    columns = TABLES[key].columns
    # A drill-down list starts at its first page: the filters go along, a page number never.
    query = _query_without_page(request)
    out = []
    for row in rows[:PAGE_TABLE_ROWS] if key in ("providers", "bodies") else rows:
        link = None
        if key == "buckets":
            link = reverse("dashboard:clocks", kwargs={"bucket": row["key"]})
            link += f"?{query}"
        out.append({"cells": [row.get(k) for k, _heading in columns], "link": link})
    return out


def _shown(value):
    """A cell as the page's language writes it: a dash for no figure, rates with the decimal
    separator of the language (63,5 in Kazakh and Russian), days as the page writes them
    (31.12.2026; the exports keep ISO days)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return rate_text(value)
    if isinstance(value, date):
        return day_text(value)
    return value


def _body_html(table, rows: list[dict]) -> SafeString:
    """The rows of a page table as HTML, built here rather than by a template loop: a few
    hundred cells in the template language cost more than every query of the page."""
    if not rows:
        return format_html(
            '<tr><td colspan="{}">{}</td></tr>',
            len(table.columns),
            _("Nothing in this period and scope."),
        )
    out = []
    for row in rows:
        cells = [_shown(c) for c in row["cells"]]
        first = (
            format_html('<a href="{}">{}</a>', row["link"], cells[0]) if row["link"] else cells[0]
        )
        out.append(
            format_html(
                "<tr><td>{}</td>{}</tr>",
                first,
                format_html_join("", "<td>{}</td>", ((c,) for c in cells[1:])),
            )
        )
    return mark_safe("".join(out))  # every cell above is escaped by format_html


@supervisor_view
def dashboard(request, region):
    form = DashboardFilterForm(request.GET or None, region=region)
    if request.GET and not form.is_valid():
        return render(
            request, "dashboard/index.html", _base_context(request, form, region), status=400
        )
    if not request.GET:
        form = DashboardFilterForm({}, region=region)
        form.is_valid()
    f = form.filters()
    now = clock.now()
    steps = selectors.steps_table(f)
    trend = selectors.trend(f)
    tables = {
        "states": selectors.cases_by_state(f),
        "buckets": [
            {"key": b, "label": BUCKET_TITLES[b], "n": n}
            for b, n in selectors.clock_buckets(f, now).items()
        ],
        "steps": steps,
        "stages": selectors.stage_compliance(steps, f),
        "providers": selectors.providers_table(f),
        "bodies": selectors.bodies_table(f),
        "trend": trend,
        "outcomes": selectors.outcomes_table(f),
        "complaints": selectors.complaints_table(f, now),
    }
    table_rows = [(TABLES[key], _cells(request, key, rows)) for key, rows in tables.items()]
    context = _base_context(request, form, region) | {
        "filters": f,
        "now": now,
        "facts_up_to": selectors.facts_up_to(),
        "table_rows": table_rows,
        "table_html": [(spec, _body_html(spec, cells)) for spec, cells in table_rows],
        "buckets": tables["buckets"],
        "trend_chart": charts.trend_svg(trend),
        "steps_chart": charts.steps_svg(steps),
    }
    return render(request, "dashboard/index.html", context)


@supervisor_view
def clock_list(request, region, bucket):
    if bucket not in selectors.BUCKETS:
        raise Http404
    form = DashboardFilterForm(request.GET, region=region)
    if not form.is_valid():
        return render(
            request, "dashboard/index.html", _base_context(request, form, region), status=400
        )
    now = clock.now()
    paginator = Paginator(selectors.clocks_in_bucket(form.filters(), bucket, now), LIST_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("No such page of this list.")) from None
    table = TABLES[f"clocks-{bucket}"]
    context = _base_context(request, form, region) | {
        "title": BUCKET_TITLES[bucket],
        "table": table,
        "bucket": bucket,
        "page": page,
        "rows": list(clock_rows(page.object_list, now)),
        "now": now,
    }
    return render(request, "dashboard/clocks.html", context)


@supervisor_view
def export(request, region, table, fmt):
    spec = TABLES.get(table)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404
    form = DashboardFilterForm(request.GET, region=region)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "; ".join(
                f"{form.fields[name].label}: {e}" if name in form.fields else str(e)
                for name, errors in form.errors.items()
                for e in errors
            ),
            content_type="text/plain; charset=utf-8",
        )
    f = form.filters()
    now = clock.now()
    rows = spec.rows(f, now)
    if any(key == "url" for key, _heading in spec.columns):
        # A file is read away from the site: its links carry the site's address.
        rows = ({**r, "url": request.build_absolute_uri(r["url"])} for r in rows)
    if spec.snapshot:  # open now, whatever the period: named after the moment
        filename = f"{table}-{timezone.localtime(now):%Y%m%d-%H%M}"
    else:
        filename = f"{table}-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}"
    if fmt == "csv":
        return csv_response(spec, rows, filename)
    return xlsx_response(spec, rows, filename)
