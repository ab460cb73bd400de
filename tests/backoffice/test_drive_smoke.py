import pytest

from landplots.models import State
from tests.backoffice.helpers import drive


@pytest.mark.parametrize(
    "target",
    [State.DECISION_REGISTRATION, State.REFUSAL_SIGNATURE, State.ACT_SIGNED],
)
def test_drive_reaches_target(bo_world, target):
    app = drive(bo_world, bo_world.application(), target)
    assert app.state == target
