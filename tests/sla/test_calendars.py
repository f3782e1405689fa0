"""Business-day arithmetic on the shipped calendars, table by table (no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla.calendars import (
    BusinessCalendar,
    Pause,
    Unit,
    counted_from,
    deadline,
    warning_instant,
)
from sla.data.defaults import CALENDARS

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def _shipped(code: str) -> BusinessCalendar:
    spec = next(spec for spec in CALENDARS if spec["code"] == code)
    return BusinessCalendar(
        timezone=ZoneInfo(spec["timezone"]),
        weekend=frozenset(spec["weekend_days"]),
        cutoff=spec["cutoff"],
        overrides={day["date"]: day["is_working_day"] for day in spec["days"]},
    )


CN = _shipped("CN")
GB = _shipped("GB-EAW")
US = _shipped("US")
CALENDAR = {"CN": CN, "GB": GB, "US": US}


@pytest.mark.parametrize(
    ("calendar", "received", "expected"),
    [
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI),
            date(2025, 9, 26),
            id="cn-friday-before-cutoff",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 17, 30, tzinfo=SHANGHAI),
            date(2025, 9, 28),
            id="cn-at-cutoff-to-makeup-sunday",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 9, 45, tzinfo=UTC),
            date(2025, 9, 28),
            id="cn-cutoff-in-local-time",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 27, 11, 0, tzinfo=SHANGHAI),
            date(2025, 9, 28),
            id="cn-saturday-to-makeup-sunday",
        ),
        pytest.param(
            "CN",
            datetime(2025, 10, 3, 11, 0, tzinfo=SHANGHAI),
            date(2025, 10, 9),
            id="cn-national-day-week",
        ),
        pytest.param(
            "CN",
            datetime(2025, 10, 11, 9, 0, tzinfo=SHANGHAI),
            date(2025, 10, 11),
            id="cn-makeup-saturday-counts",
        ),
        pytest.param(
            "CN",
            datetime(2024, 12, 31, 18, 0, tzinfo=SHANGHAI),
            date(2025, 1, 2),
            id="cn-after-cutoff-over-new-year",
        ),
        pytest.param(
            "GB",
            datetime(2025, 4, 17, 16, 59, tzinfo=LONDON),
            date(2025, 4, 17),
            id="gb-before-cutoff",
        ),
        pytest.param(
            "GB",
            datetime(2025, 4, 17, 17, 0, tzinfo=LONDON),
            date(2025, 4, 22),
            id="gb-after-cutoff-over-easter",
        ),
        pytest.param(
            "GB",
            datetime(2026, 12, 24, 18, 0, tzinfo=LONDON),
            date(2026, 12, 29),
            id="gb-boxing-day-substitute",
        ),
        pytest.param(
            "US",
            datetime(2025, 7, 3, 17, 5, tzinfo=NEW_YORK),
            date(2025, 7, 7),
            id="us-over-independence-day",
        ),
        pytest.param(
            "US",
            datetime(2027, 12, 30, 17, 0, tzinfo=NEW_YORK),
            date(2028, 1, 3),
            id="us-new-year-2028-observed-friday",
        ),
    ],
)
def test_counting_day_honours_cutoff_weekends_holidays_and_makeup_days(
    calendar: str, received: datetime, expected: date
) -> None:
    assert CALENDAR[calendar].counting_day(received) == expected


@pytest.mark.parametrize(
    ("calendar", "received", "amount", "unit", "roll", "expected"),
    [
        # China, the Friday before National Day week 2025 (make-up Sun 28 Sep, Sat 11 Oct).
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI),
            1,
            Unit.BUSINESS_DAYS,
            False,
            date(2025, 9, 28),
            id="cn-1bd-lands-on-makeup-sunday",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI),
            10,
            Unit.BUSINESS_DAYS,
            False,
            date(2025, 10, 16),
            id="cn-10bd-across-national-day",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI),
            15,
            Unit.CALENDAR_DAYS,
            True,
            date(2025, 10, 11),
            id="cn-15d-ends-on-makeup-saturday",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 26, 18, 0, tzinfo=SHANGHAI),
            15,
            Unit.CALENDAR_DAYS,
            True,
            date(2025, 10, 13),
            id="cn-15d-after-cutoff",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 22, 9, 0, tzinfo=SHANGHAI),
            15,
            Unit.CALENDAR_DAYS,
            True,
            date(2025, 10, 9),
            id="cn-15d-rolls-off-holiday",
        ),
        pytest.param(
            "CN",
            datetime(2025, 9, 22, 9, 0, tzinfo=SHANGHAI),
            15,
            Unit.CALENDAR_DAYS,
            False,
            date(2025, 10, 7),
            id="cn-15d-without-roll",
        ),
        # China 2026: the Friday before National Day is the Mid-Autumn holiday.
        pytest.param(
            "CN",
            datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI),
            15,
            Unit.CALENDAR_DAYS,
            True,
            date(2026, 10, 13),
            id="cn-2026-mid-autumn-friday",
        ),
        pytest.param(
            "CN",
            datetime(2026, 9, 18, 10, 0, tzinfo=SHANGHAI),
            1,
            Unit.BUSINESS_DAYS,
            False,
            date(2026, 9, 20),
            id="cn-2026-makeup-sunday",
        ),
        # China 2026 Spring Festival: make-up Sat 14 and Sat 28 Feb.
        pytest.param(
            "CN",
            datetime(2026, 2, 13, 10, 0, tzinfo=SHANGHAI),
            1,
            Unit.BUSINESS_DAYS,
            False,
            date(2026, 2, 14),
            id="cn-2026-spring-makeup-saturday",
        ),
        pytest.param(
            "CN",
            datetime(2026, 2, 13, 10, 0, tzinfo=SHANGHAI),
            6,
            Unit.BUSINESS_DAYS,
            False,
            date(2026, 2, 28),
            id="cn-2026-spring-6bd",
        ),
        # England and Wales.
        pytest.param(
            "GB",
            datetime(2025, 4, 17, 10, 0, tzinfo=LONDON),
            15,
            Unit.BUSINESS_DAYS,
            False,
            date(2025, 5, 13),
            id="gb-15bd-easter-and-early-may",
        ),
        pytest.param(
            "GB",
            datetime(2025, 12, 24, 17, 30, tzinfo=LONDON),
            15,
            Unit.BUSINESS_DAYS,
            False,
            date(2026, 1, 20),
            id="gb-15bd-christmas-after-cutoff",
        ),
        pytest.param(
            "GB",
            datetime(2025, 4, 17, 10, 0, tzinfo=LONDON),
            35,
            Unit.BUSINESS_DAYS,
            False,
            date(2025, 6, 11),
            id="gb-35bd-spring-bank-holiday",
        ),
        pytest.param(
            "GB",
            datetime(2025, 3, 3, 9, 0, tzinfo=LONDON),
            56,
            Unit.CALENDAR_DAYS,
            False,
            date(2025, 4, 28),
            id="gb-8-weeks",
        ),
        # US federal.
        pytest.param(
            "US",
            datetime(2025, 11, 26, 16, 0, tzinfo=NEW_YORK),
            10,
            Unit.BUSINESS_DAYS,
            False,
            date(2025, 12, 11),
            id="us-10bd-thanksgiving",
        ),
        pytest.param(
            "US",
            datetime(2025, 11, 26, 16, 0, tzinfo=NEW_YORK),
            45,
            Unit.CALENDAR_DAYS,
            False,
            date(2026, 1, 10),
            id="us-45d-no-roll",
        ),
        pytest.param(
            "US",
            datetime(2027, 6, 17, 12, 0, tzinfo=NEW_YORK),
            1,
            Unit.BUSINESS_DAYS,
            False,
            date(2027, 6, 21),
            id="us-juneteenth-observed-friday",
        ),
    ],
)
def test_deadline_is_end_of_the_due_day(
    calendar: str,
    received: datetime,
    amount: int,
    unit: Unit,
    roll: bool,
    expected: date,
) -> None:
    due = deadline(
        CALENDAR[calendar], received=received, amount=amount, unit=unit, roll=roll
    )
    local = due.astimezone(CALENDAR[calendar].timezone)
    assert (local.date(), local.time()) == (expected, time(23, 59, 59))


def test_hour_clock_ignores_cutoff_and_business_days() -> None:
    received = datetime(2025, 9, 30, 18, 0, tzinfo=SHANGHAI)
    assert deadline(
        CN, received=received, amount=24, unit=Unit.HOURS
    ) == received + timedelta(hours=24)


@pytest.mark.parametrize(
    ("unit", "pause", "expected"),
    [
        # Mon 29 Sep to Thu 9 Oct 2025: only 29 and 30 Sep are business days.
        pytest.param(
            Unit.BUSINESS_DAYS,
            (
                datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI),
                datetime(2025, 10, 9, 15, 0, tzinfo=SHANGHAI),
            ),
            date(2025, 10, 20),
            id="business-days-lost-over-national-day",
        ),
        pytest.param(
            Unit.CALENDAR_DAYS,
            (
                datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI),
                datetime(2025, 10, 2, 15, 0, tzinfo=SHANGHAI),
            ),
            date(2025, 10, 14),
            id="calendar-days-lost",
        ),
        pytest.param(
            Unit.BUSINESS_DAYS,
            (
                datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI),
                datetime(2025, 9, 29, 16, 0, tzinfo=SHANGHAI),
            ),
            date(2025, 10, 16),
            id="same-day-pause-costs-nothing",
        ),
    ],
)
def test_pause_moves_deadline_by_days_lost_in_the_clock_unit(
    unit: Unit, pause: tuple[datetime, datetime], expected: date
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    amount = 10 if unit == Unit.BUSINESS_DAYS else 15
    due = deadline(
        CN,
        received=received,
        amount=amount,
        unit=unit,
        roll=False,
        pauses=[Pause(started_at=pause[0], ended_at=pause[1])],
    )
    assert due.astimezone(SHANGHAI).date() == expected


def test_hour_clock_loses_exactly_the_paused_time() -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    pause = Pause(
        started_at=received + timedelta(hours=1), ended_at=received + timedelta(hours=4)
    )
    due = deadline(CN, received=received, amount=24, unit=Unit.HOURS, pauses=[pause])
    assert due == received + timedelta(hours=27)


def test_counted_from_is_midnight_of_a_later_counting_day() -> None:
    late = datetime(2025, 9, 26, 18, 0, tzinfo=SHANGHAI)
    early = datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)
    assert counted_from(CN, received=late, unit=Unit.BUSINESS_DAYS) == datetime(
        2025, 9, 28, tzinfo=SHANGHAI
    )
    assert counted_from(CN, received=early, unit=Unit.CALENDAR_DAYS) == early
    assert counted_from(CN, received=late, unit=Unit.HOURS) == late


def test_warning_comes_at_eighty_percent_and_moves_with_a_pause() -> None:
    started = datetime(2025, 1, 1, tzinfo=UTC)
    nominal = started + timedelta(days=10)
    assert warning_instant(
        started=started, nominal_due=nominal, due=nominal, percent=80
    ) == started + timedelta(days=8)
    paused_due = nominal + timedelta(days=2)
    assert warning_instant(
        started=started, nominal_due=nominal, due=paused_due, percent=80
    ) == started + timedelta(days=10)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CN.counting_day(datetime(2025, 1, 1, 12, 0))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize("code", ["GB-EAW", "US"])
def test_shipped_holidays_fall_on_weekdays(code: str) -> None:
    spec = next(spec for spec in CALENDARS if spec["code"] == code)
    weekend = [day["date"] for day in spec["days"] if day["date"].isoweekday() > 5]
    assert weekend == []
    assert {day["date"].year for day in spec["days"]} == {2025, 2026, 2027}


def test_shipped_cn_makeup_days_are_weekends_and_2027_is_provisional() -> None:
    spec = next(spec for spec in CALENDARS if spec["code"] == "CN")
    makeup = [day for day in spec["days"] if day["is_working_day"]]
    assert all(day["date"].isoweekday() > 5 for day in makeup)
    assert {day["date"].year for day in spec["days"] if day["is_provisional"]} == {2027}
    assert not any(
        day["is_provisional"] for day in spec["days"] if day["date"].year < 2027
    )
