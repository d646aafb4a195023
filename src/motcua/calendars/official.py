"""The official schedule of days off and make-up days for public servants, shipped as data.

``data/official_vn.json`` holds, for each year, the weekdays off and the worked Saturdays named
by the yearly notices (Văn phòng Chính phủ, Bộ LĐTBXH to 2025, Bộ Nội vụ from 2026) and the
fixed days of the Labour Code, each with its source document. It wins over the ``holidays``
package (calendars.services); an administrator's CalendarDay row wins over it. Days whose legal
basis is uncertain (24/11) are not rows here but :class:`UncertainDefault` entries, decided in
the admin (calendars.models.UncertainDay). Read once per process (the file ships with the code).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from motcua.domain.workcalendar import CalendarException

DATA_FILE = Path(__file__).parent / "data" / "official_vn.json"


def parse_day(text: str) -> dt.date:
    """A dd/mm/yyyy date (the only form the data file and the admin take)."""
    return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()


@dataclass(frozen=True)
class Document:
    key: str
    kind: Literal["law", "notice"]
    number: str
    issuer: str
    issued_on: dt.date | None
    title: str
    url: str
    read: str
    years: tuple[int, ...]

    def label(self) -> str:
        """«6519/VPCP-KGVX, Văn phòng Chính phủ, ngày …» as printed next to each day."""
        number = self.number or "(chưa xác định số)"
        date = f"ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else "ngày chưa xác định"
        return f"{number}, {self.issuer}, {date}"


@dataclass(frozen=True)
class OfficialDay:
    day: dt.date
    kind: Literal["off", "work"]
    reason: str
    source: Document
    assumed: bool

    def exception(self) -> CalendarException:
        return CalendarException(
            day=self.day, kind=self.kind, reason=self.reason, legal_ref=self.source.label()
        )


@dataclass(frozen=True)
class UncertainDefault:
    key: str
    name: str
    month: int
    day: int
    applies_from: dt.date
    is_day_off: bool
    basis: str
    reason: str


@dataclass(frozen=True, eq=False)  # hashed by identity: one per process
class OfficialSchedule:
    documents: dict[str, Document]
    days: dict[dt.date, OfficialDay]
    assumed_reasons: dict[int, str]
    uncertain: tuple[UncertainDefault, ...]

    def notices_for(self, year: int) -> list[Document]:
        return [d for d in self.documents.values() if d.kind == "notice" and year in d.years]

    def years(self) -> list[int]:
        return sorted({day.year for day in self.days})

    def exceptions(self) -> tuple[CalendarException, ...]:
        return _exceptions(self)


def _document(key: str, raw: dict[str, Any]) -> Document:
    if raw["kind"] not in ("law", "notice"):
        raise ValueError(f"{key}: kind must be law or notice")
    return Document(
        key=key,
        kind=raw["kind"],
        number=raw["number"],
        issuer=raw["issuer"],
        issued_on=parse_day(raw["date"]) if raw["date"] else None,
        title=raw["title"],
        url=raw["url"],
        read=raw["read"],
        years=tuple(raw["years"]),
    )


def _day(raw: dict[str, Any], documents: dict[str, Document]) -> OfficialDay:
    day = parse_day(raw["date"])
    kind = raw["kind"]
    if kind not in ("off", "work"):
        raise ValueError(f"{raw['date']}: kind must be off or work")
    if (kind == "work") != (day.weekday() >= 5):
        raise ValueError(f"{raw['date']}: a day off is a weekday, a make-up day a weekend day")
    return OfficialDay(
        day=day,
        kind=kind,
        reason=raw["reason"],
        source=documents[raw["source"]],
        assumed=bool(raw.get("assumed", False)),
    )


def _uncertain(raw: dict[str, Any]) -> UncertainDefault:
    day, month = (int(part) for part in raw["day"].split("/"))
    return UncertainDefault(
        key=raw["key"],
        name=raw["name"],
        month=month,
        day=day,
        applies_from=parse_day(raw["applies_from"]),
        is_day_off=bool(raw["is_day_off"]),
        basis=raw["basis"],
        reason=raw["reason"],
    )


def read_schedule(path: Path) -> OfficialSchedule:
    """Read and check a schedule file (raises ValueError or KeyError on a malformed one)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    documents = {key: _document(key, value) for key, value in raw["documents"].items()}
    days: dict[dt.date, OfficialDay] = {}
    for row in raw["days"]:
        official = _day(row, documents)
        if official.day in days:
            raise ValueError(f"{row['date']} appears twice")
        days[official.day] = official
    assumed = {int(year): text for year, text in raw.get("assumed_reasons", {}).items()}
    for official in days.values():
        if official.assumed and official.day.year not in assumed:
            raise ValueError(f"{official.day:%d/%m/%Y}: assumed without a reason for the year")
    uncertain = tuple(_uncertain(row) for row in raw.get("uncertain", []))
    return OfficialSchedule(documents, days, assumed, uncertain)


@lru_cache(maxsize=1)
def schedule() -> OfficialSchedule:
    return read_schedule(DATA_FILE)


@lru_cache(maxsize=4)
def _exceptions(official: OfficialSchedule) -> tuple[CalendarException, ...]:
    return tuple(day.exception() for day in sorted(official.days.values(), key=lambda d: d.day))
