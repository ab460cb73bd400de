"""How the dashboard's tables are kept on PostgreSQL: what the page's speed on a national
volume rests on (bench/dashboard.py measures it)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.factories import ApplicationFactory
from workflow.dashboard.refresh import stats_refresh
from workflow.models import Deadline
from workflow.models.stats import StepDay

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL storage settings"),
]


def _one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def test_open_clocks_have_a_small_covering_index():
    # the open-clock counts join the open cases through an index of open clocks only, which
    # carries every column the count reads (no heap visit per clock)
    (definition,) = _one(
        "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["deadline_open_by_case"]
    )
    assert "(application_id) INCLUDE (due_at, complaint_id, id)" in definition
    assert definition.endswith("WHERE (done_at IS NULL)")


def test_clock_table_is_vacuumed_after_a_fixed_number_of_changes():
    # index-only reads need pages marked all-visible: the clock table is vacuumed after 5,000
    # changes whatever its size, not after a fifth of it
    (options,) = _one("SELECT reloptions FROM pg_class WHERE relname = 'workflow_deadline'")
    assert "autovacuum_vacuum_scale_factor=0" in options
    assert "autovacuum_vacuum_threshold=5000" in options
    assert "autovacuum_vacuum_insert_threshold=5000" in options


def test_rollups_are_written_in_day_order(world, workdays):
    # given closed clocks on three days, copied in the opposite order
    app = ApplicationFactory(applicant=world.applicant, provider=world.provider)
    for day in (12, 11, 10):
        Deadline.objects.create(
            application=app,
            step="1.4",
            owner_role="arch_executor",
            started_at=datetime(2025, 6, 9, 10, tzinfo=ALMATY),
            due_at=datetime(2025, 6, 18, 18, 30, tzinfo=ALMATY),
            done_at=datetime(2025, 6, day, 12, tzinfo=ALMATY),
        )
    # when the rollups are written
    stats_refresh()
    # then the rows lie on disk in day order (ctid order follows closed_on)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT closed_on FROM {StepDay._meta.db_table} ORDER BY ctid")
        days = [row[0].day for row in cursor.fetchall()]
    assert days == [10, 11, 12]
