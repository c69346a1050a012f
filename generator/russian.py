"""Russian words for numbers, counts and dates, shared by every stage that
writes text for people: the pages (generator/render/markup.py re-exports them
as template filters), the review comment and the corrections log
(generator/review/). It sits below every stage: it imports only
generator.arithmetic (the rounding rule), never a stage.

Numbers are written the Russian way: a no-break space between thousands, a
decimal comma, a real minus sign (−).
"""

from __future__ import annotations

import math
import re

from generator.arithmetic import round2

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def clean(text: object) -> str:
    """Data text with control, invisible and direction characters removed
    (validation already refuses them; this is the belt to those braces)."""
    return _INVISIBLE.sub("", "" if text is None else str(text))


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _num(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def score(x: float | None) -> str:
    """83.333 -> '83,33'; none -> '—'."""
    if _missing(x):
        return "—"
    return _num(round2(x), 2)


# Units whose values are percentages: a change of one is in percentage points.
PERCENT_UNITS = frozenset({"percent"})
POINTS_OF_PERCENT = "\u00a0п.\u00a0п."


def delta(x: float | None, unit: str | None = None) -> str:
    """A change, signed, to hundredths: '+1,50', '−0,25', '0,00'; none -> '—'.
    A change of a percentage (unit 'percent') is in percentage points:
    '+7,69 п. п.' (no-break spaces, so the unit never leaves its number)."""
    if _missing(x):
        return "—"
    r = round2(x)
    return ("+" if r > 0 else "") + _num(r, 2) + (POINTS_OF_PERCENT if unit in PERCENT_UNITS else "")


def figure(x: float | None, unit: str | None = None) -> str:
    """A computed figure (a municipal value: a mean or a share of «да»), always
    to hundredths, as municipal.csv rounds it: '87,50 %', '4,30'; none -> '—'.
    unit 'percent' adds ' %' after a no-break space."""
    if _missing(x):
        return "—"
    return _num(round2(x), 2) + ("\u00a0%" if unit in PERCENT_UNITS else "")


def value(x: float | None, unit: str = "number") -> str:
    """A raw indicator value, in the words of its unit."""
    if _missing(x):
        return "не представлено"
    if unit == "boolean":
        return "да" if x >= 1 else "нет"
    if float(x).is_integer() and unit != "percent":
        text = _num(x, 0)
    else:
        # Every digit that decides a score (0.004 is not «0»): the shortest form
        # that reads back as the same number, cut to 10 significant digits so
        # 1/3 stays readable, never cutting the integer part; no exponent.
        shortest = repr(abs(float(x)))
        exponent = 0
        if "e" in shortest or len(shortest) > 11:  # the usual short figures skip Decimal
            import decimal

            d = decimal.Decimal(shortest)
            cap = max(10, d.adjusted() + 2)
            if len(d.as_tuple().digits) > cap:
                d = decimal.Context(prec=cap, rounding=decimal.ROUND_HALF_UP).plus(d)
            exponent = d.adjusted() if d.adjusted() < -9 else 0  # 1e-300 would be 300 zeros
            shortest = format(d.scaleb(-exponent).normalize(), "f")
        whole, _, fraction = shortest.partition(".")
        if not exponent:
            # At least hundredths, as every score and figure beside it («87,50 %», not «87,5 %»);
            # more digits only when the value has them.
            fraction = fraction.rstrip("0").ljust(2, "0")
        sign = "\u2212" if x < 0 else ""
        text = sign + f"{int(whole):,}".replace(",", "\u00a0") + ("," + fraction if fraction else "")
        if exponent:
            text += "\u00b710" + str(exponent).translate(_SUPERSCRIPT)
    # A no-break space: "69,23 %" never breaks before the sign.
    return text + ("\u00a0%" if unit == "percent" else "")


def percent(x: float) -> str:
    """A share in percent, to one decimal as needed: 23.456 -> "23,5 %", 20.0 -> "20 %".

    A plain space: messages show other spaces as codes."""
    text = _num(round(x, 1), 1)
    return text.removesuffix(",0") + " %"


def rank(rank_min, rank_max, of: int | None = None) -> str:
    """A place in a ranking: '3', a shared place '3–5', with of: '3 из 40'."""
    if rank_min is None or rank_min != rank_min:
        return "—"
    text = str(int(rank_min)) if rank_min == rank_max else f"{int(rank_min)}–{int(rank_max)}"
    return f"{text} из {of}" if of else text


def plural_word(n: int, one: str, few: str, many: str) -> str:
    """The form of a noun that goes with the count n, the one rule of the
    whole tool: 1, 21, 101 -> one; 2-4, 22-24 -> few; 0, 5-20, 11-14, 25 -> many.
    The forms are given in the case the sentence needs: «у 21 организации»
    is plural_word(21, 'организации', 'организаций', 'организаций')."""
    n = abs(int(n))
    n10, n100 = n % 10, n % 100
    if n10 == 1 and n100 != 11:
        return one
    if 2 <= n10 <= 4 and not 12 <= n100 <= 14:
        return few
    return many


def plural(n: int, one: str, few: str, many: str) -> str:
    """A count with its noun: plural(3, 'организация', 'организации', 'организаций') -> '3 организации'
    (thousands grouped with a no-break space, as every number)."""
    return f"{_num(int(n), 0)} {plural_word(n, one, few, many)}"


def lower_first(text: str) -> str:
    """«Низкий уровень» -> «низкий уровень» inside a sentence; an abbreviation («ОВЗ») stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def date(iso: str | None) -> str:
    """An ISO date as Russians write it: '2026-11-24' -> '24.11.2026'; none -> ''."""
    return "" if not iso else ".".join(reversed(iso.split("-")))


MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def long_date(iso: str | None) -> str:
    """An ISO date (or date and time) in words: '2026-03-01' -> '1 марта 2026 г.'
    (no-break spaces: the date never breaks across lines); none -> ''."""
    if not iso:
        return ""
    y, m, d = (int(part) for part in iso[:10].split("-"))
    return f"{d}\u00a0{MONTHS_GENITIVE[m - 1]} {y}\u00a0г."


_AFTER_NUMERO = re.compile(r"№[ \t]*(?=\S)")
_BEFORE_PERCENT = re.compile(r"(?<=\d) %")


def no_break(text: str) -> str:
    """Typography of text for people: a no-break space after «№» («№ 3» never
    ends a line with the sign alone) and between a number and «%»."""
    # Every string of every page passes here: test for the sign before running a pattern.
    if "№" in text:
        text = _AFTER_NUMERO.sub("№\u00a0", text)
    if " %" in text:
        text = _BEFORE_PERCENT.sub("\u00a0%", text)
    return text
