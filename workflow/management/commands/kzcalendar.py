"""Inspect the working-time calendar (SPEC.md §5) from the shell: a year's production
calendar, a due instant, or when an application counts as received."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workflow import working_time
from workflow.working_time import DEFAULT_HOURS, CalendarYearMissing, OfficeHours


def _aware(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not an ISO 8601 instant: {value!r}") from exc
    if parsed.tzinfo is None:
        # A deadline must not depend on the machine's zone: make the caller say it.
        raise CommandError(f"{value!r} has no UTC offset; write it as 2025-03-20T17:05:00+05:00")
    return parsed


class Command(BaseCommand):
    help = (
        "Working-day calendar of Kazakhstan: --year Y --format json prints a year's production "
        "calendar; --deadline T with --days N or --minutes M prints the due instant; "
        "--received T prints when an application made at T counts as received."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--year", type=int, help="print this year's calendar")
        action.add_argument("--deadline", metavar="INSTANT", help="event instant, ISO 8601")
        action.add_argument("--received", metavar="INSTANT", help="submission instant, ISO 8601")
        parser.add_argument("--format", choices=["json"], default="json")
        limit = parser.add_mutually_exclusive_group()
        limit.add_argument("--days", type=int, help="working days (0 = the same day)")
        limit.add_argument("--minutes", type=int, help="working minutes")
        parser.add_argument("--provider", help="use this provider's office hours (primary key)")

    def handle(self, *args, **options) -> None:
        try:
            self.stdout.write(self._run(options))
        except CalendarYearMissing as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _run(self, options: dict) -> str:
        if options["year"] is not None:
            if options["days"] is not None or options["minutes"] is not None:
                raise CommandError("--days and --minutes go with --deadline, not --year")
            return json.dumps(working_time.year_summary(options["year"]), ensure_ascii=False)
        hours = self._hours(options["provider"])
        if options["received"] is not None:
            return working_time.received_at(_aware(options["received"]), hours).isoformat()
        event = _aware(options["deadline"])
        if options["days"] is not None:
            due = working_time.due_instant(event, options["days"], "days", hours)
        elif options["minutes"] is not None:
            due = working_time.due_instant(event, options["minutes"], "minutes", hours)
        else:
            raise CommandError("--deadline needs --days N or --minutes M")
        return due.isoformat()

    def _hours(self, provider_id: str | None) -> OfficeHours:
        if provider_id is None:
            return DEFAULT_HOURS
        from landplots.models import Provider

        try:
            return Provider.objects.get(pk=provider_id).office_hours
        except (Provider.DoesNotExist, ValueError) as exc:
            raise CommandError(f"no provider with id {provider_id!r}") from exc
