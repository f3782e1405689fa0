"""Both catalogues are complete: no empty msgstr, no fuzzy entry, in zh-Hans and en."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALES = ("zh_Hans", "en")


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(locale: str) -> None:
    path = Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue.translated_entries()) > 100
    assert untranslated == []
    assert fuzzy == []


def test_chinese_catalogue_translates_the_portal_title() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Walletdesk help centre") != "Walletdesk help centre"


@pytest.mark.django_db
def test_first_visit_follows_accept_language() -> None:
    client = Client()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    chinese = Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert english.headers["Content-Language"] == "en"
    assert chinese.headers["Content-Language"] == "zh-hans"


def test_visitor_without_a_language_gets_simplified_chinese() -> None:
    # The test run reads English (tests/conftest.py); the shipped default is zh-hans.
    from config import settings as shipped

    assert shipped.LANGUAGE_CODE == "zh-hans"
