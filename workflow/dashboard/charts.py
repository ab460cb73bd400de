"""Server-rendered SVG charts: no script, no CDN, printable."""

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from workflow.dashboard.tables import day_text, rate_text

# Outside the f-strings below, where the message extractor would not find them.
TEXT = {
    "trend": _("Trend"),
    # a bar's tooltip: the first day of the week or month, its closed clocks and on-time rate
    "point": _("%(period)s — closed: %(n)s; on time: %(rate)s%%"),
    "point_empty": _("%(period)s — closed: %(n)s"),
    "steps": _("Working days taken per step"),
    "p90": _("90th percentile"),
    "median": _("median"),
    "limit": _("limit"),
    "legend": _("dark: median; light: 90th percentile; red: the limit, in working days"),
}

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 16, 40


def trend_svg(points: list[dict]) -> SafeString:
    """Bars: clocks closed per week or month (left axis); line: on-time rate (right axis,
    0–100 %)."""
    if not points:
        return mark_safe("")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_n = max(p["n"] for p in points) or 1
    slot = plot_w / len(points)
    bar_w = max(2.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" class="dashboard-chart"><title>{escape(TEXT["trend"])}</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#999"/>',
        f'<text x="4" y="{TOP + 10}" font-size="11">{top_n}</text>',
        f'<text x="{LEFT + plot_w + 4}" y="{TOP + 10}" font-size="11">100%</text>',
        f'<text x="{LEFT + plot_w + 4}" y="{TOP + plot_h}" font-size="11">0%</text>',
    ]
    line = []
    # At most ten date labels fit under the axis without running into each other.
    label_every = math.ceil(len(points) / 10)
    for i, p in enumerate(points):
        x = LEFT + i * slot + (slot - bar_w) / 2
        h = plot_h * p["n"] / top_n
        # In the page's language, as its tables write days and rates: 23.02.2026, 25,0.
        values = {"period": day_text(p["period"]), "n": p["n"]}
        if p["rate"] is None:
            title = escape(TEXT["point_empty"] % values)
        else:
            title = escape(TEXT["point"] % {**values, "rate": rate_text(p["rate"])})
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}" fill="#79aec8"><title>{title}</title></rect>'
        )
        if p["rate"] is not None:
            line.append(f"{x + bar_w / 2:.1f},{TOP + plot_h * (1 - p['rate'] / 100):.1f}")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10">'
                f"{escape(p['period'].strftime('%d.%m.%y'))}</text>"
            )
    if line:
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#ba2121" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label above is escaped


def steps_svg(steps: list[dict]) -> SafeString:
    """Per step with a working-day limit: median and 90th percentile of working days taken
    as bars, the limit as a tick."""
    rows = [s for s in steps if s["limit_days"] is not None and s["median"] is not None]
    if not rows:
        return mark_safe("")
    row_h, label_w = 22, 70
    height = TOP + row_h * len(rows) + 24
    plot_w = WIDTH - label_w - RIGHT
    top = max(max(s["p90"], s["limit_days"]) for s in rows) or 1
    scale = plot_w / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'class="dashboard-chart"><title>{escape(TEXT["steps"])}</title>'
    ]
    for i, s in enumerate(rows):
        y = TOP + i * row_h
        # The code as the label, what the step is as its tooltip (stage1: "Stage 1: ...").
        parts.append(
            f'<text x="4" y="{y + 14}" font-size="11"><title>{escape(str(s["title"]))}</title>'
            f"{escape(s['step'])}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{s["p90"] * scale:.1f}" height="16" '
            f'fill="#c4dce8"><title>{escape(TEXT["p90"])}: {s["p90"]}</title></rect>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{s["median"] * scale:.1f}" height="8" '
            f'fill="#417690"><title>{escape(TEXT["median"])}: {s["median"]}</title></rect>'
        )
        lx = label_w + s["limit_days"] * scale
        parts.append(
            f'<line x1="{lx:.1f}" y1="{y}" x2="{lx:.1f}" y2="{y + 20}" stroke="#ba2121" '
            f'stroke-width="2"><title>{escape(TEXT["limit"])}: {s["limit_days"]}</title></line>'
        )
    parts.append(
        f'<text x="{label_w}" y="{height - 6}" font-size="10">{escape(TEXT["legend"])}</text></svg>'
    )
    return mark_safe("".join(parts))  # every label above is escaped
