"""Office hours of a service provider (SPEC.md §5)."""

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class OfficeHours:
    start: time = time(9, 0)
    end: time = time(18, 30)
    break_start: time | None = time(13, 0)
    break_end: time | None = time(14, 30)
    tz: str = "Asia/Almaty"


DEFAULT_HOURS = OfficeHours()
