from .calendar import CalendarException
from .clocks import Deadline
from .journal import Notification, StageEvent, TransitionLog
from .officials import ISFailureProtocol, Official

__all__ = [
    "CalendarException",
    "Deadline",
    "ISFailureProtocol",
    "Notification",
    "Official",
    "StageEvent",
    "TransitionLog",
]
