import pytest

from tests.backoffice.conftest import bo_world, foreign_arch_head  # noqa: F401


@pytest.fixture
def round_open(bo_world):  # noqa: F811 - the fixture imported above
    """A case whose act went to every body on T1."""
    from landplots.models import State
    from tests.backoffice.helpers import drive

    return drive(bo_world, bo_world.application(), State.IN_APPROVAL)
