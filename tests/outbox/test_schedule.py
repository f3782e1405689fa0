"""The re-dispatch schedule shared by notices and webhook deliveries."""

from datetime import timedelta

from outbox.schedule import redispatch_schedule


def test_redispatch_schedule_doubles_gaps_up_to_an_hour() -> None:
    ages = redispatch_schedule(grace=timedelta(minutes=2), max_dispatches=10)
    gaps = [b - a for a, b in zip([timedelta(0), *ages], ages, strict=False)]
    assert [gap.total_seconds() / 60 for gap in gaps] == [
        2, 4, 8, 16, 32, 60, 60, 60, 60, 60,
    ]  # fmt: skip
