"""The Kazakh and Russian catalogues ship compiled and translate the words people see most."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from landplots.models import State
from workflow.roles import Role


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "kk",
            {
                State.DRAFT: "Жоба",
                State.IN_APPROVAL: "Келісу кезеңінде",
                State.GRANTED: "Жер пайдалану құқығы берілді",
                State.REFUSED: "Бас тартылды",
                State.ACT_EXPIRED: "Таңдау актісінің мерзімі өтті",
            },
        ),
        (
            "ru",
            {
                State.DRAFT: "Черновик",
                State.IN_APPROVAL: "На согласовании",
                State.GRANTED: "Право землепользования предоставлено",
                State.REFUSED: "Отказано",
                State.ACT_EXPIRED: "Срок акта выбора истёк",
            },
        ),
    ],
)
def test_state_names_are_translated(language, expected):
    # Given the states of a case
    # When their names are read in the language
    with translation.override(language):
        names = {state: str(state.label) for state in expected}

    # Then each is the catalogue's translation
    assert names == expected


def test_roles_and_messages_with_placeholders_are_translated():
    with translation.override("kk"):
        role = str(Role.ARCH_HEAD.label)
        accepted = gettext("Application %(number)s accepted") % {"number": "ALM-NAU-2026-000001"}
    with translation.override("ru"):
        clocks = [ngettext("%(n)s clock", "%(n)s clocks", n) % {"n": n} for n in (1, 3, 5)]

    assert role == "Сәулет органының басшысы"
    assert accepted == "ALM-NAU-2026-000001 өтініш қабылданды"
    # Russian has three plural forms for these numbers
    assert clocks == ["1 срок", "3 срока", "5 сроков"]


def test_english_is_the_source_text():
    with translation.override("en"):
        assert str(State.GRANTED.label) == "Land-use right granted"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_catalogue_entry_is_translated_and_none_is_fuzzy(language):
    # A fuzzy or empty entry compiles to nothing: the page would fall back to English.
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    entries = path.read_text(encoding="utf-8").split("\n\n")[1:]  # the first is the header
    live = [e for e in entries if "\nmsgid " in "\n" + e and not e.lstrip().startswith("#~")]
    fuzzy = [e for e in live if "#, fuzzy" in e or re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    empty = [e for e in live if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]
