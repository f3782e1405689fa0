"""Time bands are shown from their amount and unit in the reader's language."""

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import translation

from sla.bands import band_labels
from sla.data.defaults import PROFILES, weeks_said_fill
from sla.models import RegimeProfile

FCA = [
    {"label": "≤ 3 BD", "amount": 3, "unit": "business_days"},
    {"label": "≤ 8 weeks", "amount": 56, "unit": "calendar_days", "said_in": "weeks"},
    {"label": "later", "amount": None, "unit": ""},
]


def test_bands_read_within_their_amount_and_the_last_beyond_the_one_before():
    with translation.override("en"):
        assert band_labels(FCA) == {
            "≤ 3 BD": "≤ 3 business days",
            "≤ 8 weeks": "≤ 8 weeks",
            "later": "> 8 weeks",
        }
    with translation.override("zh-hans"):
        assert band_labels(FCA) == {
            "≤ 3 BD": "≤ 3 个工作日",
            "≤ 8 weeks": "≤ 8 周",
            "later": "> 8 周",
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
                assert any(unit in shown for unit in ("天", "工作日", "小时", "周")), (
                    shown
                )


@pytest.mark.django_db
def test_a_band_said_in_weeks_must_hold_whole_weeks_of_calendar_days():
    fifty = {
        "label": "≤ 50 d",
        "amount": 50,
        "unit": "calendar_days",
        "said_in": "weeks",
    }
    unmarked = {"label": "≤ 8 weeks", "amount": 56, "unit": "calendar_days"}
    with translation.override("en"):
        assert band_labels([fifty, unmarked]) == {
            "≤ 50 d": "≤ 50 days",
            "≤ 8 weeks": "≤ 56 days",
        }
    profile = RegimeProfile.objects.get(code="uk-other")
    profile.time_bands = [fifty]
    with pytest.raises(ValidationError) as refused:
        profile.clean()
    assert "whole weeks" in str(refused.value)
    profile.time_bands = [{**fifty, "amount": 49}]
    profile.clean()


@pytest.mark.django_db
def test_eight_week_bands_installed_before_are_marked_to_be_said_in_weeks():
    # Migration 0009's step, on profiles installed without the mark.
    profiles = RegimeProfile.objects.filter(code__in=("uk-payments", "uk-other"))
    for profile in profiles:
        profile.time_bands = [
            {k: v for k, v in band.items() if k != "said_in"}
            for band in profile.time_bands
        ]
        profile.save(update_fields=["time_bands"])
        with translation.override("zh-hans"):
            assert "≤ 56 天" in band_labels(profile.time_bands).values()
    weeks_said_fill(django_apps)
    for profile in profiles.all():
        with translation.override("zh-hans"):
            assert "≤ 8 周" in band_labels(profile.time_bands).values()
