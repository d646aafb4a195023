import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.calendars.services import calendar_for
from motcua.calendars.year_report import year_report
from motcua.domain.deadlines import DeadlineError, TimeLimit, TimeLimitUnit, due_at
from motcua.dossiers.calendar_impact import impact_lines, parse_changes
from motcua.units.models import Unit

VN_OFFSET = dt.timezone(dt.timedelta(hours=7))


class Command(BaseCommand):
    help = (
        "Working calendar: compute a due date-time; list a year's days off and make-up days "
        "(show: ISO; year: dd/mm/yyyy with sources); list the open dossiers a change would move."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="print the due date-time (ISO 8601) on one line")
        due.add_argument(
            "--start",
            required=True,
            type=dt.datetime.fromisoformat,
            help="acceptance time, local Vietnam time, e.g. 2024-02-07T09:00",
        )
        limit = due.add_mutually_exclusive_group(required=True)
        limit.add_argument("--working-days", type=int)
        limit.add_argument("--working-hours", type=int)
        limit.add_argument("--calendar-days", type=int)
        limit.add_argument(
            "--same-day",
            action="store_true",
            help="same day, next working day if received after 15:00",
        )
        due.add_argument(
            "--paper",
            action="store_true",
            help="a paper dossier (received after 15:00 → next working day)",
        )
        due.add_argument("--unit", help="unit code: use its province's calendar and sessions")
        show = sub.add_parser("show", help="list the days off and make-up working days of a year")
        show.add_argument("year", type=int)
        show.add_argument("--unit", help="unit code")
        year = sub.add_parser("year", help="a year's days off and worked Saturdays, with sources")
        year.add_argument("year", type=int)
        year.add_argument("--unit", help="unit code")
        impact = sub.add_parser(
            "impact", help="open dossiers whose due date a calendar change moves (dd/mm/yyyy)"
        )
        impact.add_argument("--off", action="append", default=[], help="a new day off dd/mm/yyyy")
        impact.add_argument(
            "--work", action="append", default=[], help="a new working day dd/mm/yyyy"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options.get("unit"):
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        if options["action"] in ("year", "impact"):
            self._report(options, unit)
            return
        calendar = calendar_for(unit)
        if options["action"] == "show":
            year = options["year"]
            for day, reason in calendar.days_off(year):
                self.stdout.write(f"{day.isoformat()}  nghỉ    {reason}")
            for day, reason in calendar.makeup_days(year):
                self.stdout.write(f"{day.isoformat()}  làm bù  {reason}")
            return
        start: dt.datetime = options["start"]
        if start.tzinfo is not None:
            start = start.astimezone(VN_OFFSET).replace(tzinfo=None)
        if options["same_day"]:
            limit = TimeLimit.same_day()
        elif options["working_days"] is not None:
            limit = TimeLimit(options["working_days"], TimeLimitUnit.WORKING_DAYS)
        elif options["working_hours"] is not None:
            limit = TimeLimit(options["working_hours"], TimeLimitUnit.WORKING_HOURS)
        else:
            limit = TimeLimit(options["calendar_days"], TimeLimitUnit.CALENDAR_DAYS)
        try:
            due = due_at(calendar, start, limit, paper=options["paper"])
        except DeadlineError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(due.replace(tzinfo=VN_OFFSET).isoformat())

    def _report(self, options: dict[str, Any], unit: Unit | None) -> None:
        if options["action"] == "year":
            lines = year_report(options["year"], unit)
        else:
            try:
                changes = parse_changes(options["off"], options["work"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            lines = impact_lines(changes)
        for line in lines:
            self.stdout.write(line)
