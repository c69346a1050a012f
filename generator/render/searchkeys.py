"""Search keys of an organization: what the list filter and the comparison
picker match a visitor's query against, computed once at build time.

A visitor types «школы № 3», «сош 3», «ромашке» or «доу»; the names read
«МБОУ «Средняя общеобразовательная школа № 3»» and «МБДОУ детский сад № 3
«Ромашка»». The keys of an organization are the words of its name and short
name, normalised (lower case, ё as е, punctuation and «№» dropped, digits
split from letters), plus the abbreviations its words stand for and the
words its abbreviations stand for. The browser (assets/javascripts/filter.js)
normalises the query the same way, cuts a Russian ending off each word
(ENDINGS, the same list) and keeps the organizations where every query word
is the start of a key and every number is a key: «3» never finds «13» or a
score. `matches()` is that rule in Python, for the tests."""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9]+|[a-zа-я]+")

# Endings cut off a query word before it is matched as the start of a key
# (a light stemmer: «ромашке» -> «ромашк», the start of «ромашка»). Longest
# first; a stem keeps at least MIN_STEM letters. filter.js holds the same list
# (tests/test_search_keys.py compares them).
ENDINGS = (
    "иями", "ями", "ами", "ией", "иям", "ием", "иях", "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ым", "им", "ом", "ем", "ых", "их",
    "ую", "юю", "ах", "ях", "ам", "ям", "ов", "ев",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
)  # fmt: skip
MIN_STEM = 3

# (words, abbreviations): an organization whose name holds the words (in any
# grammatical form) gets the abbreviations as keys, and one whose name holds
# an abbreviation gets the words.
ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("средняя общеобразовательная школа", ("сош",)),
    ("основная общеобразовательная школа", ("оош",)),
    ("начальная общеобразовательная школа", ("нош",)),
    ("центр образования", ("цо",)),
    ("детский сад", ("дс", "доу", "детсад")),
    ("дошкольное образовательное учреждение", ("доу",)),
    ("общеобразовательное учреждение", ("оу",)),
    ("центр детского творчества", ("цдт",)),
    ("дом детского творчества", ("ддт",)),
    ("детско юношеская спортивная школа", ("дюсш",)),
    ("спортивная школа", ("сш",)),
    ("детская школа искусств", ("дши",)),
    ("детская музыкальная школа", ("дмш",)),
    ("дополнительного образования", ("до",)),
)

# Legal forms written before a name (МБОУ, МАДОУ, МКУ ДО): what they contain.
_LEGAL_FORMS = (
    (re.compile(r"^[мг][абк]?доу$"), ("доу", "дс", "детский", "сад")),
    (re.compile(r"^[мг][абк]?оу$"), ("оу", "школа")),
    (re.compile(r"^[мг][абк]?оу(?:до|дод)$"), ("оу", "до")),
)


def normalise(text: str) -> str:
    """Lower case, ё as е, «д/с» as «дс»."""
    return text.lower().replace("ё", "е").replace("д/с", "дс")


def words(text: str) -> list[str]:
    """The words and numbers of a text, normalised: «СОШ№3» -> ['сош', '3']."""
    return _WORD.findall(normalise(text))


def stem(word: str) -> str:
    """A word without its Russian ending, if at least MIN_STEM letters remain."""
    if word.isdigit():
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _holds(stems: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(stems[i : i + n] == phrase for i in range(len(stems) - n + 1))


def keys(name: str, short_name: str = "") -> str:
    """The search keys of an organization, space-separated, sorted (the same
    name gives the same keys)."""
    found = words(name) + words(short_name)
    stems = [stem(w) for w in found]
    out = set(found)
    for phrase, abbreviations in ABBREVIATIONS:
        phrase_words = words(phrase)
        if _holds(stems, [stem(w) for w in phrase_words]):
            out.update(abbreviations)
        if any(a in found for a in abbreviations):
            out.update(phrase_words)
    for word in found:
        for form, meaning in _LEGAL_FORMS:
            if form.match(word):
                out.update(meaning)
    return " ".join(sorted(out))


def matches(keys_text: str, query: str) -> bool:
    """True when every word of the query starts a key (after its ending is
    cut) and every number of it is a key; an empty query matches all."""
    ks = keys_text.split()
    for q in words(query):
        if q.isdigit():
            if q not in ks:
                return False
        elif not any(k.startswith(stem(q)) for k in ks):
            return False
    return True
