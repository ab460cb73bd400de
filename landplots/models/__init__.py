from .application import (
    FINAL_STATES,
    REVIEW_STATES,
    STAGE_ONE_STATES,
    STAGE_TWO_STATES,
    Application,
    Purpose,
    State,
    UseRight,
)
from .base import TimeStampedModel
from .complaints import Complaint
from .documents import (
    CadastralPlan,
    CaseCounter,
    Decision,
    Invoice,
    Payment,
    Refusal,
    SelectionAct,
    Tariff,
)
from .parties import Applicant, Provider
from .portal import PaymentCallback, Signature

__all__ = [
    "FINAL_STATES",
    "REVIEW_STATES",
    "STAGE_ONE_STATES",
    "STAGE_TWO_STATES",
    "Applicant",
    "Application",
    "CadastralPlan",
    "CaseCounter",
    "Complaint",
    "Decision",
    "Invoice",
    "Payment",
    "PaymentCallback",
    "Provider",
    "Purpose",
    "Refusal",
    "SelectionAct",
    "Signature",
    "State",
    "Tariff",
    "TimeStampedModel",
    "UseRight",
]
