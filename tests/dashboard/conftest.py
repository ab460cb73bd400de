import pytest


@pytest.fixture
def workdays(db):
    """The working-day ordinal table (a flush by a transactional test elsewhere empties it)."""
    from workflow.dashboard.refresh import working_days_sync

    working_days_sync()
