"""Escaping and Russian number formatting: the only things templates do."""

from __future__ import annotations

import html
import json
import math
import re

from markupsafe import Markup

from generator.arithmetic import round2

# Characters with meaning in Markdown (Python-Markdown's escapable set, plus
# table pipes); a data string never becomes syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: object) -> str:
    """Data text with control, invisible and direction characters removed
    (validation already refuses them; this is the belt to those braces)."""
    return _INVISIBLE.sub("", "" if text is None else str(text))


def md(text: object) -> Markup:
    """Text safe in a Markdown context (a heading, a list item): HTML-escaped,
    then every Markdown special character backslash-escaped."""
    escaped = html.escape(clean(text), quote=True)
    # Entities produced by html.escape contain '&' and ';', which are not special.
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def attr_json(obj: object) -> Markup:
    """JSON for an HTML attribute: deterministic, fully escaped."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return Markup(html.escape(text, quote=True))


def _num(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def score(x: float | None) -> str:
    """83.333 -> '83,33'; none -> '—'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return _num(round2(x), 2)


def delta(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    r = round2(x)
    return ("+" if r > 0 else "") + _num(r, 2)


def value(x: float | None, unit: str = "number") -> str:
    """A raw indicator value, in the words of its unit."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "не представлено"
    if unit == "boolean":
        return "да" if x >= 1 else "нет"
    if float(x).is_integer():
        text = _num(x, 0)
    else:
        text = _num(x, 2).rstrip("0").rstrip(",") if abs(x) < 1e15 else str(x)
    # A no-break space: "69,23 %" never breaks before the sign.
    return text + ("\u00a0%" if unit == "percent" else "")


def rank(rank_min, rank_max, of: int | None = None) -> str:
    if rank_min is None or rank_min != rank_min:
        return "—"
    text = str(int(rank_min)) if rank_min == rank_max else f"{int(rank_min)}–{int(rank_max)}"
    return f"{text} из {of}" if of else text


def plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = n % 10, n % 100
    if n10 == 1 and n100 != 11:
        word = one
    elif 2 <= n10 <= 4 and not 12 <= n100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"
