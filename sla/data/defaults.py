# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""The calendars (2025-2027) and regime profiles Walletdesk ships with.

Loaded by the data migration sla/0002 and by `manage.py sla_load_defaults`; both
are idempotent and never overwrite a profile an admin has edited (calendar days are
added, existing dates are left alone).

Sources:
- CN: State Council General Office notices of 12 Nov 2024 (2025) and of 4 Nov 2025
  (2026). 2027 is not yet published: it is derived from the principles of the 2025
  notice (Spring Festival 8 days from New Year's Eve, National Day 7 days, Labour Day
  5 days, the others 3 days or the day alone when it falls on a Wednesday) and
  marked provisional.
- GB-EAW: gov.uk bank holidays for England and Wales (substitute days included).
- US: OPM federal holidays, observed dates (a Saturday holiday is observed on the
  Friday before, a Sunday one on the Monday after).
"""

from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any, Protocol

CN_2025 = "国办发明电〔2024〕12号"
CN_2026 = "国办发明电〔2025〕7号"
CN_2027 = "Derived from the 2025 notice's principles; provisional"
GB = "gov.uk/bank-holidays (England and Wales)"
US = "OPM federal holidays (observed)"


def _span(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _cn_days() -> list[dict[str, Any]]:
    holidays: list[tuple[str, date, date, str, bool]] = [
        ("元旦 New Year's Day", date(2025, 1, 1), date(2025, 1, 1), CN_2025, False),
        ("春节 Spring Festival", date(2025, 1, 28), date(2025, 2, 4), CN_2025, False),
        ("清明节 Qingming", date(2025, 4, 4), date(2025, 4, 6), CN_2025, False),
        ("劳动节 Labour Day", date(2025, 5, 1), date(2025, 5, 5), CN_2025, False),
        ("端午节 Dragon Boat", date(2025, 5, 31), date(2025, 6, 2), CN_2025, False),
        (
            "国庆节、中秋节 National Day and Mid-Autumn",
            date(2025, 10, 1),
            date(2025, 10, 8),
            CN_2025,
            False,
        ),
        ("元旦 New Year's Day", date(2026, 1, 1), date(2026, 1, 3), CN_2026, False),
        ("春节 Spring Festival", date(2026, 2, 15), date(2026, 2, 23), CN_2026, False),
        ("清明节 Qingming", date(2026, 4, 4), date(2026, 4, 6), CN_2026, False),
        ("劳动节 Labour Day", date(2026, 5, 1), date(2026, 5, 5), CN_2026, False),
        ("端午节 Dragon Boat", date(2026, 6, 19), date(2026, 6, 21), CN_2026, False),
        ("中秋节 Mid-Autumn", date(2026, 9, 25), date(2026, 9, 27), CN_2026, False),
        ("国庆节 National Day", date(2026, 10, 1), date(2026, 10, 7), CN_2026, False),
        ("元旦 New Year's Day", date(2027, 1, 1), date(2027, 1, 3), CN_2027, True),
        ("春节 Spring Festival", date(2027, 2, 5), date(2027, 2, 12), CN_2027, True),
        ("清明节 Qingming", date(2027, 4, 3), date(2027, 4, 5), CN_2027, True),
        ("劳动节 Labour Day", date(2027, 5, 1), date(2027, 5, 5), CN_2027, True),
        ("端午节 Dragon Boat", date(2027, 6, 9), date(2027, 6, 9), CN_2027, True),
        ("中秋节 Mid-Autumn", date(2027, 9, 15), date(2027, 9, 15), CN_2027, True),
        ("国庆节 National Day", date(2027, 10, 1), date(2027, 10, 7), CN_2027, True),
    ]
    makeup: list[tuple[date, str, str, bool]] = [
        (date(2025, 1, 26), "春节调休上班", CN_2025, False),
        (date(2025, 2, 8), "春节调休上班", CN_2025, False),
        (date(2025, 4, 27), "劳动节调休上班", CN_2025, False),
        (date(2025, 9, 28), "国庆节调休上班", CN_2025, False),
        (date(2025, 10, 11), "国庆节调休上班", CN_2025, False),
        (date(2026, 1, 4), "元旦调休上班", CN_2026, False),
        (date(2026, 2, 14), "春节调休上班", CN_2026, False),
        (date(2026, 2, 28), "春节调休上班", CN_2026, False),
        (date(2026, 5, 9), "劳动节调休上班", CN_2026, False),
        (date(2026, 9, 20), "国庆节调休上班", CN_2026, False),
        (date(2026, 10, 10), "国庆节调休上班", CN_2026, False),
        (date(2027, 1, 31), "春节调休上班", CN_2027, True),
        (date(2027, 2, 13), "春节调休上班", CN_2027, True),
        (date(2027, 5, 8), "劳动节调休上班", CN_2027, True),
        (date(2027, 9, 26), "国庆节调休上班", CN_2027, True),
        (date(2027, 10, 9), "国庆节调休上班", CN_2027, True),
    ]
    days = [
        {
            "date": day,
            "is_working_day": False,
            "name": name,
            "source": source,
            "is_provisional": provisional,
        }
        for name, first, last, source, provisional in holidays
        for day in _span(first, last)
    ]
    days += [
        {
            "date": day,
            "is_working_day": True,
            "name": name,
            "source": source,
            "is_provisional": provisional,
        }
        for day, name, source, provisional in makeup
    ]
    return days


def _plain(rows: list[tuple[date, str]], source: str) -> list[dict[str, Any]]:
    return [
        {
            "date": day,
            "is_working_day": False,
            "name": name,
            "source": source,
            "is_provisional": False,
        }
        for day, name in rows
    ]


GB_EAW_HOLIDAYS = [
    (date(2025, 1, 1), "New Year's Day"),
    (date(2025, 4, 18), "Good Friday"),
    (date(2025, 4, 21), "Easter Monday"),
    (date(2025, 5, 5), "Early May bank holiday"),
    (date(2025, 5, 26), "Spring bank holiday"),
    (date(2025, 8, 25), "Summer bank holiday"),
    (date(2025, 12, 25), "Christmas Day"),
    (date(2025, 12, 26), "Boxing Day"),
    (date(2026, 1, 1), "New Year's Day"),
    (date(2026, 4, 3), "Good Friday"),
    (date(2026, 4, 6), "Easter Monday"),
    (date(2026, 5, 4), "Early May bank holiday"),
    (date(2026, 5, 25), "Spring bank holiday"),
    (date(2026, 8, 31), "Summer bank holiday"),
    (date(2026, 12, 25), "Christmas Day"),
    (date(2026, 12, 28), "Boxing Day (substitute day)"),
    (date(2027, 1, 1), "New Year's Day"),
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 3, 29), "Easter Monday"),
    (date(2027, 5, 3), "Early May bank holiday"),
    (date(2027, 5, 31), "Spring bank holiday"),
    (date(2027, 8, 30), "Summer bank holiday"),
    (date(2027, 12, 27), "Christmas Day (substitute day)"),
    (date(2027, 12, 28), "Boxing Day (substitute day)"),
]

US_FEDERAL_HOLIDAYS = [
    (date(2025, 1, 1), "New Year's Day"),
    (date(2025, 1, 20), "Birthday of Martin Luther King, Jr."),
    (date(2025, 2, 17), "Washington's Birthday"),
    (date(2025, 5, 26), "Memorial Day"),
    (date(2025, 6, 19), "Juneteenth National Independence Day"),
    (date(2025, 7, 4), "Independence Day"),
    (date(2025, 9, 1), "Labor Day"),
    (date(2025, 10, 13), "Columbus Day"),
    (date(2025, 11, 11), "Veterans Day"),
    (date(2025, 11, 27), "Thanksgiving Day"),
    (date(2025, 12, 25), "Christmas Day"),
    (date(2026, 1, 1), "New Year's Day"),
    (date(2026, 1, 19), "Birthday of Martin Luther King, Jr."),
    (date(2026, 2, 16), "Washington's Birthday"),
    (date(2026, 5, 25), "Memorial Day"),
    (date(2026, 6, 19), "Juneteenth National Independence Day"),
    (date(2026, 7, 3), "Independence Day (observed)"),
    (date(2026, 9, 7), "Labor Day"),
    (date(2026, 10, 12), "Columbus Day"),
    (date(2026, 11, 11), "Veterans Day"),
    (date(2026, 11, 26), "Thanksgiving Day"),
    (date(2026, 12, 25), "Christmas Day"),
    (date(2027, 1, 1), "New Year's Day"),
    (date(2027, 1, 18), "Birthday of Martin Luther King, Jr."),
    (date(2027, 2, 15), "Washington's Birthday"),
    (date(2027, 5, 31), "Memorial Day"),
    (date(2027, 6, 18), "Juneteenth National Independence Day (observed)"),
    (date(2027, 7, 5), "Independence Day (observed)"),
    (date(2027, 9, 6), "Labor Day"),
    (date(2027, 10, 11), "Columbus Day"),
    (date(2027, 11, 11), "Veterans Day"),
    (date(2027, 11, 25), "Thanksgiving Day"),
    (date(2027, 12, 24), "Christmas Day (observed)"),
    (date(2027, 12, 31), "New Year's Day 2028 (observed)"),
]

CALENDARS: list[dict[str, Any]] = [
    {
        "code": "CN",
        "name": "China (mainland)",
        "timezone": "Asia/Shanghai",
        "weekend_days": [6, 7],
        "cutoff": time(17, 30),
        "days": _cn_days(),
    },
    {
        "code": "GB-EAW",
        "name": "United Kingdom (England and Wales)",
        "timezone": "Europe/London",
        "weekend_days": [6, 7],
        "cutoff": time(17, 0),
        "days": _plain(GB_EAW_HOLIDAYS, GB),
    },
    {
        "code": "US",
        "name": "United States (federal)",
        "timezone": "America/New_York",
        "weekend_days": [6, 7],
        "cutoff": time(17, 0),
        "days": _plain(US_FEDERAL_HOLIDAYS, US),
    },
]

BD = "business_days"
CD = "calendar_days"

PROFILES: list[dict[str, Any]] = [
    {
        "code": "baseline",
        "name": "Baseline (ISO 10002)",
        "description": "Acknowledge on receipt, resolve within 15 days; one supervised extension.",
        "calendar": "CN",
        "is_default": True,
        "ack_amount": 1,
        "ack_unit": BD,
        "resolve_amount": 15,
        "resolve_unit": CD,
        "pause_for_customer": True,
        "pause_for_third_party": True,
        "time_bands": [
            {"label": "≤ 3 d", "amount": 3, "unit": CD},
            {"label": "≤ 15 d", "amount": 15, "unit": CD},
            {"label": "≤ 30 d", "amount": 30, "unit": CD},
            {"label": "> 30 d", "amount": None, "unit": ""},
        ],
        "steps": [
            {
                "order": 1,
                "amount": 30,
                "unit": CD,
                "approval_role": "supervisor",
                "description": "Complex case",
            }
        ],
    },
    {
        "code": "cn",
        "name": "China (NFRA complaint rules)",
        "description": (
            "受理告知 next business day; decide within 15 days, 30 for complex cases, a further "
            "30 with senior approval and notice. External appraisal does not count."
        ),
        "calendar": "CN",
        "ack_amount": 1,
        "ack_unit": BD,
        "resolve_amount": 15,
        "resolve_unit": CD,
        "rolls_to_business_day": True,
        "pause_for_customer": True,
        "pause_for_external_appraisal": True,
        "time_bands": [
            {"label": "≤ 15 d", "amount": 15, "unit": CD},
            {"label": "≤ 30 d", "amount": 30, "unit": CD},
            {"label": "≤ 60 d", "amount": 60, "unit": CD},
            {"label": "> 60 d", "amount": None, "unit": ""},
        ],
        "steps": [
            {
                "order": 1,
                "amount": 30,
                "unit": CD,
                "approval_role": "",
                "description": "Complex complaint (复杂投诉)",
            },
            {
                "order": 2,
                "amount": 60,
                "unit": CD,
                "approval_role": "supervisor",
                "description": "Especially complex: senior approval (特别复杂)",
            },
        ],
    },
    {
        "code": "uk-payments",
        "name": "UK payment services and e-money (DISP 1.6.2A)",
        "description": (
            "Final response within 15 business days; in exceptional circumstances a holding "
            "response and a final response within 35 business days."
        ),
        "calendar": "GB-EAW",
        "ack_amount": 1,
        "ack_unit": BD,
        "resolve_amount": 15,
        "resolve_unit": BD,
        "time_bands": [
            {"label": "≤ 3 BD", "amount": 3, "unit": BD},
            {"label": "≤ 15 BD", "amount": 15, "unit": BD},
            {"label": "≤ 35 BD", "amount": 35, "unit": BD},
            {"label": "≤ 8 weeks", "amount": 56, "unit": CD, "said_in": "weeks"},
            {"label": "> 8 weeks", "amount": None, "unit": ""},
        ],
        "steps": [
            {
                "order": 1,
                "amount": 35,
                "unit": BD,
                "approval_role": "supervisor",
                "description": "Exceptional circumstances: holding response",
            }
        ],
    },
    {
        "code": "uk-other",
        "name": "UK other complaints (DISP 1.6.2)",
        "description": "Final response within 8 weeks.",
        "calendar": "GB-EAW",
        "ack_amount": 1,
        "ack_unit": BD,
        "resolve_amount": 56,
        "resolve_unit": CD,
        "time_bands": [
            {"label": "≤ 3 BD", "amount": 3, "unit": BD},
            {"label": "≤ 8 weeks", "amount": 56, "unit": CD, "said_in": "weeks"},
            {"label": "> 8 weeks", "amount": None, "unit": ""},
        ],
        "steps": [],
    },
    {
        "code": "us-reg-e",
        "name": "US Regulation E error resolution (12 CFR 1005.11)",
        "description": (
            "Decide within 10 business days or credit provisionally; finish within 45 days, "
            "90 for POS, foreign-initiated or new-account transfers."
        ),
        "calendar": "US",
        "ack_amount": 1,
        "ack_unit": BD,
        "interim_label": "Decide, or credit provisionally",
        "interim_amount": 10,
        "interim_unit": BD,
        "resolve_amount": 45,
        "resolve_unit": CD,
        "time_bands": [
            {"label": "≤ 10 BD", "amount": 10, "unit": BD},
            {"label": "≤ 45 d", "amount": 45, "unit": CD},
            {"label": "≤ 90 d", "amount": 90, "unit": CD},
            {"label": "> 90 d", "amount": None, "unit": ""},
        ],
        "steps": [
            {
                "order": 1,
                "amount": 90,
                "unit": CD,
                "approval_role": "supervisor",
                "description": "POS, foreign-initiated or new-account transfer",
            }
        ],
    },
]


# The shipped names in Simplified Chinese (the English ones are in the specs above).
CALENDAR_NAMES_ZH_HANS = {
    "CN": "中国内地",
    "GB-EAW": "英国（英格兰及威尔士）",
    "US": "美国（联邦）",
}
PROFILE_NAMES_ZH_HANS = {
    "baseline": "基准（ISO 10002）",
    "cn": "中国（金融监管总局投诉规则）",
    "uk-payments": "英国支付服务与电子货币（DISP 1.6.2A）",
    "uk-other": "英国其他投诉（DISP 1.6.2）",
    "us-reg-e": "美国 E 条例差错处理（12 CFR 1005.11）",
}


class _Apps(Protocol):
    def get_model(self, app_label: str, model_name: str) -> Any: ...


def defaults_install(apps: _Apps) -> dict[str, int]:
    """Create the shipped calendars, days and profiles that do not exist yet.

    Takes an app registry so the data migration can pass its historical models.
    Returns how many rows of each model were created.
    """
    calendar_model = apps.get_model("sla", "Calendar")
    day_model = apps.get_model("sla", "CalendarDay")
    profile_model = apps.get_model("sla", "RegimeProfile")
    step_model = apps.get_model("sla", "ExtensionStep")
    created = {"calendars": 0, "days": 0, "profiles": 0, "steps": 0}
    calendars = {}
    for spec in CALENDARS:
        fields = {
            key: value for key, value in spec.items() if key not in {"code", "days"}
        }
        calendar, is_new = calendar_model.objects.get_or_create(
            code=spec["code"], defaults=fields
        )
        calendars[spec["code"]] = calendar
        created["calendars"] += int(is_new)
        known = set(
            day_model.objects.filter(calendar=calendar).values_list("date", flat=True)
        )
        new_days = [
            day_model(calendar=calendar, **day)
            for day in spec["days"]
            if day["date"] not in known
        ]
        day_model.objects.bulk_create(new_days)
        created["days"] += len(new_days)
    has_default = profile_model.objects.filter(is_default=True).exists()
    for spec in PROFILES:
        if profile_model.objects.filter(code=spec["code"]).exists():
            continue
        fields = {
            key: value
            for key, value in spec.items()
            if key not in {"code", "calendar", "steps"}
        }
        if has_default:
            fields["is_default"] = False
        profile = profile_model.objects.create(
            code=spec["code"], calendar=calendars[spec["calendar"]], **fields
        )
        created["profiles"] += 1
        step_model.objects.bulk_create(
            step_model(profile=profile, **step) for step in spec["steps"]
        )
        created["steps"] += len(spec["steps"])
    if any(field.name == "name_zh_hans" for field in calendar_model._meta.get_fields()):
        chinese_names_fill(apps)
    return created


def chinese_names_fill(apps: _Apps) -> None:
    """Give the shipped calendars and profiles their Chinese names where none is set."""
    for model_name, names in (
        ("Calendar", CALENDAR_NAMES_ZH_HANS),
        ("RegimeProfile", PROFILE_NAMES_ZH_HANS),
    ):
        model = apps.get_model("sla", model_name)
        for code, name in names.items():
            model.objects.filter(code=code, name_zh_hans="").update(name_zh_hans=name)


def weeks_said_fill(apps: _Apps) -> None:
    """Mark the shipped eight-week bands (56 calendar days) to be said in weeks
    (sla.bands), in profiles installed before bands could be."""
    model = apps.get_model("sla", "RegimeProfile")
    for profile in model.objects.all():
        bands = [
            {**band, "said_in": "weeks"}
            if band.get("label") == "≤ 8 weeks"
            and band.get("amount") == 56
            and band.get("unit") == CD
            else band
            for band in profile.time_bands
        ]
        if bands != profile.time_bands:
            profile.time_bands = bands
            profile.save(update_fields=["time_bands"])
