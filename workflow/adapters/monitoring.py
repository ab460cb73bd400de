"""§7: every change of stage goes to the state-services monitoring information system.

The real system is reached through the e-government gateway, which this deployment cannot
reach; ``LocalMonitoringSink`` is the working local implementation (it appends JSON lines to a
file under var/). Set ``MONITORING_SINK`` to the dotted path of another implementation.
"""

import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MonitoringSink(Protocol):
    def send(self, event: dict) -> None: ...


class LocalMonitoringSink:
    def __init__(self, path: Path | None = None):
        self.path = path or Path(settings.VAR_DIR) / "monitoring" / "stage-events.jsonl"

    def send(self, event: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")


def get_sink() -> MonitoringSink:
    path = getattr(settings, "MONITORING_SINK", "workflow.adapters.monitoring.LocalMonitoringSink")
    return import_string(path)()
