import pytest


@pytest.fixture
def workdays(db):
    """The working-day ordinal table (a flush by a transactional test elsewhere empties it)."""
    from workflow.dashboard.refresh import working_days_sync

    working_days_sync()


# The June data set with hand-computed figures, for every module of this folder.
from tests.dashboard.test_dashboard import data  # noqa: E402, F401
