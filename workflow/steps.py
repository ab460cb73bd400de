"""Every time limit of the regulation, once, as data (SPEC.md §3).

A clock opens when a case enters ``state`` (or, for request and complaint clocks, when the
request or complaint is made) and closes when the case leaves it. Changing a limit is a
one-line change here.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from landplots.models import State
from workflow.roles import PROVIDER_ROLES, Role


class Unit(StrEnum):
    MINUTES = "minutes"  # working minutes (§5)
    DAYS = "days"  # working days, from the day after the event (§5)
    SAME_DAY = "same_day"  # by the end of office hours of the day of receipt (§5)
    STAGE = "stage"  # no limit of its own: within the stage total


class OnDue(StrEnum):
    BREACH = "breach"  # mark breached, tell the owner and the supervisors
    EXPIRE_ACT = "expire_act"  # §6 step 1.11: the act expires and goes back for cancellation


@dataclass(frozen=True)
class Step:
    code: str
    title: str  # lazy: shown on screens in the user's language
    owner: Role
    amount: int
    unit: Unit
    paragraph: str
    state: State | None = None
    on_due: OnDue = OnDue.BREACH


# One row per limit, so that a change of the law is a one-line change.
# fmt: off
STAGE_ONE = Step("stage1", _("Stage 1: land-selection act"), Role.ARCH_HEAD, 28, Unit.DAYS, "Annex 2 row 3; §6 stage 1")
STAGE_TWO = Step("stage2", _("Stage 2: decision granting the right"), Role.LEADERSHIP, 18, Unit.DAYS, "Annex 2 row 3; §6 stage 2")

STEPS: tuple[Step, ...] = (
    Step("1.1", _("Register the documents"), Role.CLERK, 15, Unit.MINUTES, "§6 step 1.1", State.SUBMITTED),
    Step("1.2", _("Review and forward to architecture"), Role.LEADERSHIP, 1, Unit.DAYS, "§6 step 1.2", State.REGISTERED),
    Step("1.3", _("Assign a responsible executor"), Role.ARCH_HEAD, 0, Unit.SAME_DAY, "§6 step 1.3", State.AT_ARCHITECTURE),
    Step("1.4", _("Prepare the selection act and send it for approval"), Role.ARCH_EXECUTOR, 7, Unit.DAYS, "§6 step 1.4", State.ACT_PREPARATION),
    Step("1.5a", _("Conclusion of an approving body"), Role.BODY_OFFICER, 12, Unit.DAYS, "§6 step 1.5"),
    Step("1.5b", _("Technical conditions of a natural monopoly"), Role.MONOPOLY_OFFICER, 5, Unit.DAYS, "§6 step 1.5"),
    Step("1.6", _("Prepare the final selection act"), Role.ARCH_EXECUTOR, 5, Unit.DAYS, "§6 step 1.6", State.FINAL_ACT_PREPARATION),
    Step("1.7", _("Draft the motivated refusal"), Role.ARCH_EXECUTOR, 1, Unit.DAYS, "§6 step 1.7", State.REFUSAL_PREPARATION),
    Step("1.8", _("Sign the final act"), Role.ARCH_HEAD, 1, Unit.DAYS, "§6 step 1.8", State.HEAD_SIGNATURE),
    Step("1.8r", _("Sign the motivated refusal"), Role.ARCH_HEAD, 1, Unit.DAYS, "§6 step 1.8", State.REFUSAL_SIGNATURE),
    Step("1.9", _("Send the act and the invoice to the applicant"), Role.ARCH_EXECUTOR, 0, Unit.STAGE, "§6 step 1.9", State.ACT_SIGNED),
    Step("1.10", _("Agree the final act and pay"), Role.APPLICANT, 3, Unit.DAYS, "§6 step 1.10", State.AWAITING_APPLICANT),
    Step("1.11", _("Validity of the unagreed act"), Role.STATE_CORP, 10, Unit.DAYS, "§6 step 1.11", State.AWAITING_APPLICANT, OnDue.EXPIRE_ACT),
    Step("2.1", _("Prepare the land cadastral plan"), Role.STATE_CORP, 10, Unit.DAYS, "§6 step 2.1", State.CADASTRAL_PLAN_PREPARATION),
    Step("2.2", _("Approve the plan, assign an executor"), Role.LAND_HEAD, 3, Unit.DAYS, "§6 step 2.2", State.CADASTRAL_PLAN_APPROVAL),
    Step("2.3", _("Draft the decision"), Role.LAND_EXECUTOR, 3, Unit.DAYS, "§6 step 2.3", State.DECISION_DRAFTING),
    Step("2.4", _("Sign the decision"), Role.LEADERSHIP, 1, Unit.DAYS, "§6 step 2.4", State.DECISION_SIGNING),
    Step("2.5", _("Register and send the result"), Role.CLERK, 15, Unit.MINUTES, "§6 step 2.5", State.DECISION_REGISTRATION),
    Step("10.head", _("Complaint to the provider's head"), Role.LEADERSHIP, 5, Unit.DAYS, "§10"),
    Step("10.qc", _("Complaint to the quality-control authority"), Role.QUALITY_REVIEWER, 15, Unit.DAYS, "§10"),
    STAGE_ONE,
    STAGE_TWO,
)
# fmt: on

BY_CODE: dict[str, Step] = {step.code: step for step in STEPS}
BY_STATE: dict[str, tuple[Step, ...]] = {}
for _step in STEPS:
    if _step.state is not None:
        BY_STATE[_step.state] = (*BY_STATE.get(_step.state, ()), _step)
del _step

CONCLUSION = BY_CODE["1.5a"]
TECHNICAL_CONDITIONS = BY_CODE["1.5b"]
COMPLAINT_TO_HEAD = BY_CODE["10.head"]
COMPLAINT_TO_QUALITY_CONTROL = BY_CODE["10.qc"]
AGREE_AND_PAY = BY_CODE["1.10"]
ACT_VALIDITY = BY_CODE["1.11"]

# What the dashboards score as kept or missed. §6 step 1.11 is a validity period, not a task:
# the act lapses when the applicant does not agree it, which the outcomes count as an expired
# act; nobody is late. A provider's on-time rate counts the steps its own staff answer for
# (not the bodies', the State Corporation's, the applicant's or the stage totals, which would
# count its steps twice).
SCORED_STEP_CODES = tuple(s.code for s in STEPS if s.on_due != OnDue.EXPIRE_ACT)
PROVIDER_STEP_CODES = tuple(
    s.code
    for s in STEPS
    if s.code in SCORED_STEP_CODES and s.owner in PROVIDER_ROLES and s not in (STAGE_ONE, STAGE_TWO)
)

# How long before the due instant a reminder goes out (a working-day count; configurable via
# the REMINDER_WORKING_DAYS setting, read at call time).
DEFAULT_REMINDER_WORKING_DAYS = 1
