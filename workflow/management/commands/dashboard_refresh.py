"""Bring the supervisors' dashboard summary tables up to date from the shell, as the periodic
task does every five minutes, or rebuild them whole.

    python manage.py dashboard_refresh [--full]

The periodic run resumes from the newest clock it copied (less a margin), because in
production a clock closes at the moment it is recorded. Clocks closed at back-dated instants
(the walkthrough's, a data repair, an import) lie before that point and only ``--full``, which
re-examines every closed clock and every final transition, copies them.
"""

from django.core.management.base import BaseCommand

from workflow.dashboard.refresh import stats_refresh


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def refresh_report(result: dict, *, full: bool) -> str:
    """What ``stats_refresh`` returned, in plain words (one line per table it wrote)."""
    kind = "Full refresh" if full else "Refresh"
    lines = [
        f"{kind} of the dashboard's period figures:",
        f"  {_count(result['clocks'], 'closed clock', 'closed clocks')} copied",
        f"  {_count(result['outcomes'], 'finished case', 'finished cases')} copied",
        f"  {_count(result['rollups'], 'daily summary row', 'daily summary rows')} rewritten",
    ]
    if result["working_days"]:
        lines.append(
            f"  working-day calendar rewritten ({_count(result['working_days'], 'day', 'days')})"
        )
    if not full and not result["clocks"] and not result["outcomes"]:
        lines.append(
            "Nothing new since the last refresh. Clocks closed at back-dated instants are "
            "copied only by --full."
        )
    return "\n".join(lines)


class Command(BaseCommand):
    # argparse needs plain strings: command help stays in English, like Django's own.
    help = (
        "Bring the dashboard's period figures up to date: copy the clocks closed and the cases "
        "finished since the last refresh into the summary tables (what the periodic task does "
        "every five minutes). --full re-examines all of them: use it after back-dated data or "
        "a data repair."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Re-examine every closed clock and finished case, not only the newest.",
        )

    def handle(self, *args, full: bool = False, **options):
        result = stats_refresh(full=full)
        self.stdout.write(refresh_report(result, full=full))
