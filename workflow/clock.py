"""The current instant. Everything in the workflow asks here instead of calling
``timezone.now()`` directly, so that the walkthrough command and tests can move time forward
across real calendar days without touching the system clock."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("frozen_now", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


@contextmanager
def frozen_at(instant: datetime) -> Iterator[None]:
    if timezone.is_naive(instant):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(instant)
    try:
        yield
    finally:
        _frozen.reset(token)
