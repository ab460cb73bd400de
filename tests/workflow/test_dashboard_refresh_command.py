"""`manage.py dashboard_refresh [--full]`: the dashboard's summary refresh from the shell. The
periodic (incremental) run resumes from the newest clock it copied, less an hour; clocks closed
at back-dated instants lie before that and only --full copies them (the supervisors' trial:
the walkthrough's cases never reached the period figures)."""

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management import call_command

from workflow import clock
from workflow.dashboard.selectors import Filters, steps_table
from workflow.models import ClockFact
from workflow.roles import Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")
ROOT = Path(__file__).resolve().parents[2]
APRIL = Filters(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30))


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=ALMATY)


def refresh(**options) -> str:
    out = io.StringIO()
    call_command("dashboard_refresh", stdout=out, **options)
    return out.getvalue()


def registered_and_forwarded(world, submitted: datetime, registered: datetime, forwarded=None):
    """A case of the world submitted and registered (closing §6 step 1.1's clock), and
    forwarded (closing step 1.2's) when ``forwarded`` is given, each at its instant."""
    app = world.application()
    with clock.frozen_at(submitted):
        cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    with clock.frozen_at(registered):
        cases.application_register(application_id=app.pk, actor=world.user(Role.CLERK))
    if forwarded is not None:
        with clock.frozen_at(forwarded):
            cases.application_forward(application_id=app.pk, actor=world.user(Role.LEADERSHIP))
    return app


def by_step(f: Filters) -> dict[str, tuple[int, int]]:
    return {r["step"]: (r["n"], r["on_time"]) for r in steps_table(f)}


def test_full_copies_back_dated_clocks_that_the_incremental_run_skips(world):
    # Given a case registered on Friday 20 June 2025 (§6 step 1.1's clock closed then), copied by
    # an ordinary refresh, which says so in words
    registered_and_forwarded(world, local(6, 20, 10), local(6, 20, 10, 5))
    first = refresh()
    assert "1 closed clock copied" in first
    # and a case whose steps 1.1 and 1.2 are recorded afterwards at instants of Monday 14
    # and Tuesday 15 April (back-dated: before the newest copied clock, less the refresh's
    # one-hour margin)
    back = registered_and_forwarded(world, local(4, 14, 10), local(4, 14, 10, 5), local(4, 15, 11))

    # When the ordinary (incremental) refresh runs
    skipped = refresh()

    # Then it copies none of them, says so and points to --full; April shows nothing
    assert "0 closed clocks copied" in skipped
    assert "only by --full" in skipped
    assert not ClockFact.objects.filter(deadline__application=back).exists()
    assert by_step(APRIL) == {}

    # When the refresh runs with --full
    full = refresh(full=True)

    # Then it copies the two back-dated clocks, and April's step figures count them: 1.1
    # (15 working minutes, registered after 5) and 1.2 (1 WD, forwarded the next day)
    assert full.startswith("Full refresh")
    assert "2 closed clocks copied" in full
    figures = by_step(APRIL)
    assert (figures["1.1"], figures["1.2"]) == ((1, 1), (1, 1))
    # and a second --full finds nothing more to copy
    assert "0 closed clocks copied" in refresh(full=True)


def test_the_command_explains_itself():
    # When an administrator asks the command for its help
    result = subprocess.run(
        [sys.executable, "manage.py", "dashboard_refresh", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )

    # Then it prints its usage with the --full option and when to use it
    assert result.returncode == 0, result.stderr
    assert "manage.py dashboard_refresh" in result.stdout
    assert "--full" in result.stdout and "back-dated" in result.stdout
