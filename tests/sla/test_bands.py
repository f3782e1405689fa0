"""Time bands are shown from their amount and unit in the reader's language."""

from django.utils import translation

from sla.bands import band_labels
from sla.data.defaults import PROFILES

FCA = [
    {"label": "≤ 3 BD", "amount": 3, "unit": "business_days"},
    {"label": "≤ 8 weeks", "amount": 56, "unit": "calendar_days"},
    {"label": "later", "amount": None, "unit": ""},
]


def test_bands_read_within_their_amount_and_the_last_beyond_the_one_before():
    with translation.override("en"):
        assert band_labels(FCA) == {
            "≤ 3 BD": "≤ 3 business days",
            "≤ 8 weeks": "≤ 56 days",
            "later": "> 56 days",
        }
    with translation.override("zh-hans"):
        assert band_labels(FCA) == {
            "≤ 3 BD": "≤ 3 个工作日",
            "≤ 8 weeks": "≤ 56 天",
            "later": "> 56 天",
        }


def test_one_hour_and_one_day_are_singular_in_english():
    bands = [
        {"label": "1h", "amount": 1, "unit": "hours"},
        {"label": "1d", "amount": 1, "unit": "calendar_days"},
    ]
    with translation.override("en"):
        assert list(band_labels(bands).values()) == ["≤ 1 hour", "≤ 1 day"]


def test_a_band_with_nothing_to_say_it_from_keeps_its_stored_label():
    assert band_labels([{"label": "any time", "amount": None, "unit": ""}]) == {
        "any time": "any time"
    }


def test_every_shipped_profile_s_bands_are_said_in_chinese():
    with translation.override("zh-hans"):
        for profile in PROFILES:
            for shown in band_labels(profile["time_bands"]).values():
                assert any(unit in shown for unit in ("天", "工作日", "小时")), shown
