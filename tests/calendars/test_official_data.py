"""The shipped official schedule, day by day, against the notices it cites."""

import datetime as dt
import json
from pathlib import Path

import pytest

from motcua.calendars.official import DATA_FILE, parse_day, read_schedule, schedule
from motcua.calendars.services import calendar_for

pytestmark = pytest.mark.django_db

# Written from the reports of each notice (docs/domain-data.md), independently of the data
# file: source → (weekdays off, worked weekend days), dd/mm/yyyy.
NOTICES: dict[str, tuple[list[str], list[str]]] = {
    "LDTBXH-2018": (["14/02/2018", "15/02/2018", "16/02/2018", "19/02/2018", "20/02/2018",
                     "03/09/2018"], []),
    "6519/VPCP-KGVX": (["31/12/2018", "04/02/2019", "05/02/2019", "06/02/2019", "07/02/2019",
                        "08/02/2019", "29/04/2019"], ["05/01/2019", "04/05/2019"]),
    "LDTBXH-2020": (["23/01/2020", "24/01/2020", "27/01/2020", "28/01/2020", "29/01/2020"], []),
    "4875/TB-LĐTBXH": (["10/02/2021", "11/02/2021", "12/02/2021", "15/02/2021", "16/02/2021",
                        "02/09/2021", "03/09/2021"], []),
    "245/VPCP-KGVX": (["31/01/2022", "01/02/2022", "02/02/2022", "03/02/2022", "04/02/2022",
                       "01/09/2022", "02/09/2022"], []),
    "8056/VPCP-KGVX": (["20/01/2023", "23/01/2023", "24/01/2023", "25/01/2023", "26/01/2023",
                        "01/09/2023", "04/09/2023"], []),
    "8662/VPCP-KGVX": (["08/02/2024", "09/02/2024", "12/02/2024", "13/02/2024", "14/02/2024",
                        "02/09/2024", "03/09/2024"], []),
    "2450/VPCP-KGVX": (["29/04/2024"], ["04/05/2024"]),
    "8726/VPCP-KGVX": (["27/01/2025", "28/01/2025", "29/01/2025", "30/01/2025", "31/01/2025",
                        "02/05/2025", "01/09/2025", "02/09/2025"], ["26/04/2025"]),
    "12729/VPCP-KGVX": (["01/01/2026", "02/01/2026"], ["10/01/2026"]),
    "9441/TB-BNV": (["16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026",
                     "31/08/2026", "01/09/2026", "02/09/2026"], ["22/08/2026"]),
    "10065/VPCP-KGVX": (["04/02/2027", "05/02/2027", "08/02/2027", "09/02/2027", "10/02/2027",
                         "02/09/2027", "03/09/2027"], []),
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(NOTICES))
def test_each_notice_gives_exactly_its_days(key: str) -> None:
    off, work = NOTICES[key]
    official = schedule()
    rows = [day for day in official.days.values() if day.source.key == key]
    assert sorted(d.day for d in rows if d.kind == "off") == sorted(map(parse_day, off))
    assert sorted(d.day for d in rows if d.kind == "work") == sorted(map(parse_day, work))
    document = official.documents[key]
    assert document.kind == "notice"
    assert document.issuer
    assert document.url.startswith("http")


@pytest.mark.parametrize("row", schedule().days.values(), ids=lambda r: f"{r.day:%d/%m/%Y}")
def test_every_shipped_day_is_in_the_calendar_with_its_source(row) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_for(None)
    assert calendar.is_working_day(row.day) is (row.kind == "work")
    assert calendar.reason(row.day) == row.reason
    assert row.source.label().startswith(row.source.number or "(chưa xác định số)")


def test_the_schedule_covers_2018_to_2027_and_names_each_assumed_year() -> None:
    official = schedule()
    assert official.years() == list(range(2018, 2028))
    assumed_years = sorted({d.day.year for d in official.days.values() if d.assumed})
    assert assumed_years == sorted(official.assumed_reasons) == [2020, 2021, 2024, 2026, 2027]
    for year in range(2018, 2028):
        assert official.notices_for(year), year


def test_the_2026_new_year_swap() -> None:
    calendar = calendar_for(None)
    assert not calendar.is_working_day(dt.date(2026, 1, 2))
    assert calendar.is_working_day(dt.date(2026, 1, 10))  # a Saturday worked
    due = calendar.add_working_days(dt.datetime(2025, 12, 31, 9), 1)
    assert due == dt.datetime(2026, 1, 5, 17)


def test_a_malformed_file_is_refused(tmp_path: Path) -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    raw["days"].append({"date": "07/12/2026", "kind": "work", "reason": "x", "source": "BLLD2019"})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="07/12/2026"):
        read_schedule(broken)
