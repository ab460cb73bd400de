from .calendar import CalendarException
from .clocks import Deadline
from .journal import Notification, StageEvent, TransitionLog
from .officials import ISFailureProtocol, Official
from .stats import CaseOutcome, ClockFact, WorkingDay  # noqa: F401  (dashboard read models)

__all__ = [
    "CalendarException",
    "Deadline",
    "ISFailureProtocol",
    "Notification",
    "Official",
    "StageEvent",
    "TransitionLog",
]
