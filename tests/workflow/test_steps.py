"""The step table holds every time limit of SPEC.md §3 once; these tests read it against the
regulation, row by row."""

import pytest

from landplots.models import State
from workflow.roles import Role
from workflow.steps import BY_CODE, BY_STATE, STAGE_ONE, STAGE_TWO, OnDue, Unit

# (step, owner, amount, unit) as written in §6 of the regulation (SPEC.md §3).
REGULATION = [
    ("1.1", Role.CLERK, 15, Unit.MINUTES),
    ("1.2", Role.LEADERSHIP, 1, Unit.DAYS),
    ("1.3", Role.ARCH_HEAD, 0, Unit.SAME_DAY),
    ("1.4", Role.ARCH_EXECUTOR, 7, Unit.DAYS),
    ("1.5a", Role.BODY_OFFICER, 12, Unit.DAYS),
    ("1.5b", Role.MONOPOLY_OFFICER, 5, Unit.DAYS),
    ("1.6", Role.ARCH_EXECUTOR, 5, Unit.DAYS),
    ("1.7", Role.ARCH_EXECUTOR, 1, Unit.DAYS),
    ("1.8", Role.ARCH_HEAD, 1, Unit.DAYS),
    ("1.8r", Role.ARCH_HEAD, 1, Unit.DAYS),
    ("1.10", Role.APPLICANT, 3, Unit.DAYS),
    ("1.11", Role.STATE_CORP, 10, Unit.DAYS),
    ("2.1", Role.STATE_CORP, 10, Unit.DAYS),
    ("2.2", Role.LAND_HEAD, 3, Unit.DAYS),
    ("2.3", Role.LAND_EXECUTOR, 3, Unit.DAYS),
    ("2.4", Role.LEADERSHIP, 1, Unit.DAYS),
    ("2.5", Role.CLERK, 15, Unit.MINUTES),
    ("10.head", Role.LEADERSHIP, 5, Unit.DAYS),
    ("10.qc", Role.QUALITY_REVIEWER, 15, Unit.DAYS),
    ("stage1", Role.ARCH_HEAD, 28, Unit.DAYS),
    ("stage2", Role.LEADERSHIP, 18, Unit.DAYS),
]


@pytest.mark.parametrize(("code", "owner", "amount", "unit"), REGULATION)
def test_each_limit_is_the_regulations(code, owner, amount, unit):
    """§6 steps 1.1–2.5, §10, Annex 2 row 3: owner and limit of every step."""
    step = BY_CODE[code]

    assert (step.owner, step.amount, step.unit) == (owner, amount, unit)
    assert step.paragraph


def test_stage_totals_cover_their_steps():
    """Annex 2 row 3, SPEC.md §3 sum check: 1+0+7+12+5+1 = 26 ≤ 28 and 10+3+3+1 = 17 ≤ 18."""
    stage_one = sum(BY_CODE[c].amount for c in ("1.2", "1.3", "1.4", "1.5a", "1.6", "1.8"))
    stage_two = sum(BY_CODE[c].amount for c in ("2.1", "2.2", "2.3", "2.4"))

    assert stage_one == 26 <= STAGE_ONE.amount == 28
    assert stage_two == 17 <= STAGE_TWO.amount == 18


def test_only_the_unagreed_act_expires_by_itself():
    """§6 step 1.11: the act's 10 WD validity ends in expiry; every other clock is breached."""
    expiring = [code for code, step in BY_CODE.items() if step.on_due == OnDue.EXPIRE_ACT]

    assert expiring == ["1.11"]


def test_every_working_state_has_its_clock():
    """§6: every step a case waits in has an owner and a limit (final states and draft none)."""
    waiting = set(State) - {State.DRAFT, State.GRANTED, State.REFUSED, State.ACT_EXPIRED}
    # In the approval round the clocks belong to the requests (steps 1.5a, 1.5b).
    waiting.discard(State.IN_APPROVAL)

    assert waiting <= set(BY_STATE)
    assert not {State.DRAFT, State.GRANTED, State.REFUSED, State.ACT_EXPIRED} & set(BY_STATE)
