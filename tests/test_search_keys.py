"""The search keys of organizations (generator/render/searchkeys.py): what the
list filter and the comparison picker match a query against."""

from __future__ import annotations

import re

import pytest

from generator.paths import RESOURCES
from generator.render import searchkeys as sk

SCHOOL_3 = sk.keys("МБОУ «Средняя общеобразовательная школа № 3»", "СОШ № 3")
SCHOOL_13 = sk.keys("МБОУ «Средняя общеобразовательная школа № 13»", "СОШ № 13")
KINDERGARTEN_3 = sk.keys("МБДОУ детский сад № 3 «Ромашка»", "Детский сад № 3")
BIRCH = sk.keys("МБДОУ детский сад № 4 «Берёзка»", "")
GYMNASIUM = sk.keys("МАОУ «Гимназия № 5»", "Гимназия № 5")
ART = sk.keys("МБУ ДО «Детская школа искусств»", "ДШИ")


@pytest.mark.parametrize(
    ("keys", "query"),
    [
        (SCHOOL_3, "школа 3"),
        (SCHOOL_3, "школы № 3"),
        (SCHOOL_3, "школа №3"),
        (SCHOOL_3, "сош 3"),
        (SCHOOL_3, "СОШ№3"),
        (SCHOOL_3, "средней школе 3"),
        (SCHOOL_3, "мбоу 3"),
        (SCHOOL_3, ""),
        (KINDERGARTEN_3, "ромашке"),
        (KINDERGARTEN_3, "дс 3"),
        (KINDERGARTEN_3, "д/с 3"),
        (KINDERGARTEN_3, "доу"),
        (KINDERGARTEN_3, "детского сада № 3"),
        (BIRCH, "березка"),
        (BIRCH, "берёзке"),
        (BIRCH, "доу 4"),  # no short name: «МБДОУ» says it is a ДОУ
        (GYMNASIUM, "гимназии 5"),
        (GYMNASIUM, "школа 5"),  # МАОУ: a school
        (ART, "школа искусств"),
        (ART, "дши"),
    ],
)
def test_natural_queries_match(keys, query):
    assert sk.matches(keys, query)


@pytest.mark.parametrize(
    ("keys", "query"),
    [
        (SCHOOL_13, "школа 3"),  # a number is a whole key: «3» is not «13»
        (SCHOOL_3, "13"),
        (SCHOOL_3, "ромашка"),
        (SCHOOL_3, "оош"),
        (SCHOOL_3, "школа 3 лицей"),  # every word must match
        (KINDERGARTEN_3, "школа 3"),
        (KINDERGARTEN_3, "мбоу"),  # МБДОУ is not МБОУ
        (GYMNASIUM, "сош"),
    ],
)
def test_other_queries_do_not(keys, query):
    assert not sk.matches(keys, query)


def test_keys_are_words_and_abbreviations_only():
    assert SCHOOL_3 == "3 мбоу общеобразовательная оу сош средняя школа"
    assert "ромашка" in KINDERGARTEN_3.split() and "дс" in KINDERGARTEN_3.split()
    # The same name gives the same keys, in the same order.
    assert sk.keys("МБДОУ детский сад № 3 «Ромашка»", "Детский сад № 3") == KINDERGARTEN_3


@pytest.mark.parametrize(
    ("word", "stem"),
    [("ромашке", "ромашк"), ("школы", "школ"), ("детского", "детск"), ("сад", "сад"), ("3", "3"), ("доу", "доу")],
)
def test_stem(word, stem):
    assert sk.stem(word) == stem
    assert word.startswith(stem)


def test_the_browser_cuts_the_same_endings():
    """filter.js matches in the browser with the same list of endings."""
    js = (RESOURCES / "docs" / "assets" / "javascripts" / "filter.js").read_text(encoding="utf-8")
    block = re.search(r"var ENDINGS = \[(.*?)\];", js, re.S).group(1)
    assert tuple(re.findall(r'"([^"]+)"', block)) == sk.ENDINGS
    assert f"var MIN_STEM = {sk.MIN_STEM};" in js
    assert list(sk.ENDINGS) == sorted(sk.ENDINGS, key=len, reverse=True)  # longest first
